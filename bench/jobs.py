"""Job functions that measure floors: what a worker costs before any extraction is done.

They run in the same worker class as the real job, so RQ's own cost per job (fetch,
fork or not, status bookkeeping, result) is in every floor.
"""
from __future__ import annotations

import os


def noop() -> None:
    """Nothing: RQ's cost per job alone."""


def read_words(path: str) -> int:
    """PyMuPDF open + words of every page: the least any pattern job must do."""
    import pymupdf

    with pymupdf.open(path) as document:
        return sum(len(page.get_text("words")) for page in document)


def memory() -> dict[str, int]:
    """RSS and PSS (kB) of the process running this job (the work horse when it forks)."""
    from bench.report import memory_kb

    return memory_kb(os.getpid())
