"""Structured JSON logs with job, user and request ids, and redaction of contact data.

Log lines carry ids, methods, timings and counts, never names, phones, e-mails or file
content. `Redact` is the second line of defence: it rewrites e-mail addresses and
phone-like digit runs in every record (message, arguments, extra fields, tracebacks)
before any handler writes it. `configure` is called by `create_app` and by the worker and
scheduler at start, never at import.
"""
from __future__ import annotations

import contextvars
import logging
import logging.handlers
import os
import re
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from pythonjsonlogger.json import JsonFormatter

if TYPE_CHECKING:  # Flask only where there are requests: a worker process never imports it
    from flask import Flask, Response

# Libraries that log SQL parameters or request bodies (document text, contacts) at DEBUG/INFO:
# never below WARNING, whatever LOG_LEVEL says.
QUIET = ("sqlalchemy.engine", "sqlalchemy.pool", "anthropic", "httpx", "httpx2", "httpcore", "botocore",
         "boto3", "s3transfer", "urllib3")
REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
CONTEXT_FIELDS = ("request_id", "user_id", "job_id", "method")
_context: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar("callsheet_log", default=None)

EMAIL = r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+"
# Kept as they are: ids, timestamps and addresses look like digit runs but are not phones.
KEEP = (
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?"
)
# A phone: an optional +, then 7+ digits with spaces, dots, dashes or brackets between.
PHONE = r"(?<![\w.])(?:\+|\(\+?)?\d(?:[\d\s().-]{5,}\d)(?![\w])"
_PATTERN = re.compile(f"(?P<keep>{KEEP})|(?P<email>{EMAIL})|(?P<phone>{PHONE})")
MIN_PHONE_DIGITS = 7
MIN_BARE_DIGITS = 9  # a plain number without separators is a phone only from 9 digits


def _replace(match: re.Match[str]) -> str:
    if match.group("keep"):
        return match.group(0)
    if match.group("email"):
        return "[email]"
    text = match.group(0)
    digits = sum(ch.isdigit() for ch in text)
    bare = text.isdigit()
    if digits < MIN_PHONE_DIGITS or (bare and digits < MIN_BARE_DIGITS):
        return text
    return "[phone]"


def redact(text: str) -> str:
    """`text` with e-mail addresses and phone-like numbers replaced by placeholders."""
    return _PATTERN.sub(_replace, text)


_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class Redact(logging.Filter):
    """Rewrites contact data out of a record, whatever logger or library produced it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep the template only
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        for key, value in list(vars(record).items()):
            if key not in _STANDARD and isinstance(value, str):
                setattr(record, key, redact(value))
        return True


class Context(logging.Filter):
    """Adds the bound job/user/request ids (and, in a request, the request's) to a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        fields = dict(_context.get() or {})
        flask = sys.modules.get("flask")
        if flask is not None and flask.has_request_context():
            g = flask.g
            fields.setdefault("request_id", g.get("request_id"))
            fields.setdefault("user_id", g.get("user_id"))
        for key in CONTEXT_FIELDS:
            if fields.get(key) is not None and not hasattr(record, key):
                setattr(record, key, fields[key])
        return True


@contextmanager
def bind(**fields: Any) -> Iterator[None]:
    """Attach `fields` (e.g. job_id, user_id, method) to every record logged inside."""
    token = _context.set({**(_context.get() or {}), **fields})
    try:
        yield
    finally:
        _context.reset(token)


def annotate(**fields: Any) -> None:
    """Add `fields` to the innermost `bind` (e.g. the user id, once the job's row is read)."""
    current = _context.get()
    if current is not None:
        current.update(fields)


class _Stdout(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to the current `sys.stdout` (test runners and gunicorn may swap it)."""

    def __init__(self) -> None:
        super().__init__(sys.stdout)

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stdout

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def formatter() -> logging.Formatter:
    return JsonFormatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s",
        rename_fields={"levelname": "level", "name": "logger", "asctime": "time"},
        timestamp=False,
    )


def configure(level: str | int = "INFO", log_dir: str | None = None, file_name: str | None = None,
              max_bytes: int = 10 * 1024 * 1024, backups: int = 5) -> list[logging.Handler]:
    """JSON logs on stdout (and `log_dir/file_name`, rotated) for every logger; idempotent.

    Replaces the handlers a previous call installed, leaves other handlers alone. Root gets
    the handlers, so RQ, rq-scheduler and werkzeug lines are JSON and redacted too (RQ
    adds no handlers of its own once the root has one).
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_callsheet", False)]:
        root.removeHandler(handler)
        handler.close()
    handlers: list[logging.Handler] = [_Stdout()]
    if log_dir and file_name:
        os.makedirs(log_dir, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                os.path.join(log_dir, file_name), maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
            )
        )
    for handler in handlers:
        handler._callsheet = True  # type: ignore[attr-defined]
        handler.addFilter(Context())
        handler.addFilter(Redact())
        handler.setFormatter(formatter())
        root.addHandler(handler)
    root.setLevel(level)
    for name in ("callsheet", "rq", "rq_scheduler"):
        logging.getLogger(name).setLevel(level)
    for name in QUIET:
        logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLevelName(level)
                                             if isinstance(level, str) else level))
    return handlers


def _start_request() -> None:
    from flask import g, request

    given = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _end_request(response: Response) -> Response:
    from flask import g, request

    response.headers[REQUEST_ID_HEADER] = g.get("request_id", "")
    started = g.get("request_started")
    logging.getLogger("callsheet.request").info(
        "request",
        extra={
            "http_method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
        },
    )
    return response


def init_app(app: Flask) -> None:
    """Request ids (X-Request-ID in, or a new one; always echoed back) and one line per request."""
    app.before_request(_start_request)
    app.after_request(_end_request)
    if app.config.get("LOG_CONFIGURE", True):
        configure(app.config["LOG_LEVEL"])
