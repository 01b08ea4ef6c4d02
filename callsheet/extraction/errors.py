"""Domain errors raised by extraction; mapped to HTTP answers and retry decisions in one place.

`PermanentError`s fail a job at once with their message (shown to the user);
`TransientError`s are retried by RQ with backoff.
"""
from __future__ import annotations


class ExtractionError(Exception):
    """Base class; `str(error)` is a message a person can act on."""


class PermanentError(ExtractionError):
    """Retrying cannot help (bad document, rejected key, unsupported input)."""


class TransientError(ExtractionError):
    """A retry later may succeed (timeouts, throttling, overloaded services)."""


class UnreadableDocument(PermanentError):
    """The file is not a document we can read (corrupt, encrypted, wrong type, too big)."""


class OCRUnavailable(PermanentError):
    """The document has no text layer and no OCR engine is installed."""


class MethodNotConfigured(PermanentError):
    """The chosen method needs a setting that is missing (API key, credentials)."""


class ServiceUnavailable(TransientError):
    """An outside service failed in a way that may pass (5xx, 429, 529, timeout)."""


class CircuitOpen(TransientError):
    """The breaker for an outside service is open; retry after `retry_after` seconds."""

    def __init__(self, service: str, retry_after: float) -> None:
        super().__init__(f"{service} is unavailable right now; retrying in {retry_after:.0f} s")
        self.service = service
        self.retry_after = retry_after
