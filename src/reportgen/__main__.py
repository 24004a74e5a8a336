"""`python -m reportgen` is the same as the `reportgen` command."""

from __future__ import annotations

from reportgen.cli import main

if __name__ == "__main__":
    main()
