"""The staged build: load, draw charts, lower, render, publish."""
