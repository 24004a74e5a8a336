"""Primitives every stage shares: files, colours, formatting. Imports nothing else of reportgen."""
