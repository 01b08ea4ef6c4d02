"""The `hybrid` method: the pattern extractor first, other engines only where it is weak.

For now only `pattern` runs; its `weakPages` metadata tells a later AI pass which pages to
re-read. `methodsUsed` records what actually ran.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from callsheet.extraction import pattern
from callsheet.extraction.types import ExtractionResult


def extract(
    path: Path, options: dict[str, Any], progress: Callable[[str, int], None] | None = None
) -> ExtractionResult:
    """Extract with the pattern method and record which methods were used."""
    result = pattern.extract(path, options, progress)
    result.metadata["method"] = "hybrid"
    result.metadata["methodsUsed"] = ["pattern"]
    return result
