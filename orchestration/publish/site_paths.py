"""Where the published site's front page is."""

from __future__ import annotations

from pathlib import Path


def published_index(site_dir: Path) -> Path | None:
    """The published `index.html` (through the `current` link), or None before the first publish."""
    index = site_dir / "current" / "index.html"
    return index if index.exists() else None
