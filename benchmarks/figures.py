"""Where a benchmark script writes its figures for the report (``make bench``): one JSON file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def save_figures(path: Path | None, figures: dict[str, Any]) -> None:
    """Write `figures` as JSON to `path` (nothing when no path was asked for)."""
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(figures, indent=2, default=str) + "\n")
