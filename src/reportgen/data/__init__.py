"""Datasets and what is computed from them: sources, tables, chart series, chart kinds.

Imports only `core` and `errors`: the spec validates through it, the charts draw
from it and the document lowers from it.
"""
