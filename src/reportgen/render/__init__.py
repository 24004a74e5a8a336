"""Writers that turn a Document into output files (PDF brief, slide deck)."""
