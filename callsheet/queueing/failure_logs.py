"""How a failed job is logged: a bad document is its user's file, not a bug of ours.

RQ's `Worker.handle_exception` logs every exception a job raises at ERROR with its full
traceback, so each damaged PDF, password-protected file or image over the limits looked
like a crash to whoever watches the error log, and drowned the real ones. A
`PermanentError` (the document or the request cannot succeed: `UnreadableDocument`,
`OCRUnavailable`, `MethodNotConfigured`) is logged once at WARNING with its reason and no
traceback; every other exception, real bugs included, keeps RQ's ERROR line with its
traceback. Reasons are written for the user from sizes, pages and limits: they carry no
text of the document, so no contact data reaches the log. RQ's exception handlers still run.
"""
from __future__ import annotations

from typing import Any

from rq.job_lifecycle import call_exception_handlers

from callsheet.extraction.errors import PermanentError


class QuietBadInput:
    """Mixin for an RQ worker class (worker.py's `tuned` puts it before RQ's own)."""

    log: Any
    _exc_handlers: list

    def handle_exception(self, job: Any, *exc_info: Any) -> None:
        exc = exc_info[1]
        if not isinstance(exc, PermanentError):
            super().handle_exception(job, *exc_info)  # type: ignore[misc]
            return
        self.log.warning("job %s: failed, the document cannot be processed (%s): %s", job.id, type(exc).__name__,
                         exc, extra={"job_id": job.id, "queue": job.origin})
        call_exception_handlers(self._exc_handlers, job, *exc_info)
