"""Loading a spec: YAML with positions, strict models, cross-reference checks."""
