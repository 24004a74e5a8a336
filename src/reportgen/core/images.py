"""Limits on images read from users' files (photos, logos, template pictures)."""

from __future__ import annotations

MAX_IMAGE_PIXELS = 50_000_000
"""Largest image (width x height) accepted anywhere: anything bigger is treated as a
decompression bomb (Pillow's own warning starts at about 89 million)."""
