"""The document tree both renderers read: built from a spec, never reading it back."""
