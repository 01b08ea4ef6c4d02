"""Job functions and a failure callback for the breaker tests (imported by RQ by path)."""
from __future__ import annotations

from callsheet.extraction.errors import CircuitOpen
from callsheet.queueing import breakers


def blocked_by_open_breaker() -> None:
    raise CircuitOpen("anthropic", retry_after=42.3)


def on_failure(job, connection, exc_type, exc, tb) -> None:
    if isinstance(exc, CircuitOpen):
        breakers.hold_attempt(job, exc)
