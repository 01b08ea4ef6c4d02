"""Call sheet -> contacts. Pure Python: no Flask, RQ or database imports here.

`extract()` is the one entry point used by the job function and the CLI. Method modules
are imported lazily so the web process never loads PyMuPDF or the AI/AWS SDKs.
"""
from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import Any

from callsheet.extraction.types import Contact, ExtractionResult, Page, Word

__all__ = ["Contact", "ExtractionResult", "Page", "Word", "extract"]

Progress = Callable[[str, int], None]  # (stage, percent)

_MODULES = {
    "pattern": "callsheet.extraction.pattern.reader",
    "ai": "callsheet.extraction.ai.client",
    "aws-textract": "callsheet.extraction.textract.client",
    "hybrid": "callsheet.extraction.hybrid.escalation",
}


def extract(
    path: str | Path,
    method: str = "pattern",
    options: dict[str, Any] | None = None,
    progress: Progress | None = None,
) -> ExtractionResult:
    """Extract the contacts of the call sheet at `path` with `method`.

    Raises `PermanentError` for input that cannot be read or is over the page and pixel
    limits (`limits.py`) and `TransientError` for failures worth a retry (see `errors.py`).
    """
    from callsheet.extraction import document, limits
    from callsheet.extraction.errors import UnreadableDocument

    limits.check(Path(path))
    module = import_module(_MODULES[method])
    try:
        return module.extract(Path(path), options or {}, progress)
    except document.MUPDF_ERROR as exc:  # a page cut out or rendered for AI/Textract, past document.load
        raise UnreadableDocument(document.DAMAGED) from exc
