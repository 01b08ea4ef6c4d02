"""Redis, the database or the upload storage unreachable: 503 with `Retry-After`, never a 500
or a traceback.

Views that have something to undo (the upload stores a file first) catch the errors
themselves and raise `unavailable(...)`; everything else lands in the handlers below.
"""
from __future__ import annotations

import logging

import redis.exceptions
import sqlalchemy.exc
from flask import Flask, current_app
from flask.typing import ResponseReturnValue

from callsheet.errors import ApiError, handle_http_exception
from callsheet.store.uploads import StorageUnavailable

log = logging.getLogger(__name__)
REDIS_DOWN = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, redis.exceptions.BusyLoadingError)
DATABASE_DOWN = (sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError)
MESSAGES = {
    "queue": ("queue_unavailable", "The job queue is unavailable; please retry shortly."),
    "database": ("database_unavailable", "The database is unavailable; please retry shortly."),
    "storage": ("storage_unavailable", "The file storage is unavailable; please retry shortly."),
}


def unavailable(what: str) -> ApiError:
    """The 503 to raise when `what` ('queue', 'database' or 'storage') cannot be reached."""
    code, message = MESSAGES[what]
    retry_after = str(current_app.config.get("RETRY_AFTER_SECONDS", 30))
    return ApiError(503, message, code, headers={"Retry-After": retry_after})


def _queue_down(exc: Exception) -> ResponseReturnValue:
    log.warning("Redis unreachable: %s", type(exc).__name__)
    return handle_http_exception(unavailable("queue"))


def _database_down(exc: Exception) -> ResponseReturnValue:
    from callsheet.extensions import db

    try:
        db.session.rollback()
    except Exception:  # the connection is gone; the session is reset at teardown anyway
        pass
    log.warning("database unreachable: %s", type(exc).__name__)
    return handle_http_exception(unavailable("database"))


def _storage_down(exc: Exception) -> ResponseReturnValue:
    log.warning("upload storage unavailable: %s", exc)
    return handle_http_exception(unavailable("storage"))


def init_app(app: Flask) -> None:
    app.register_error_handler(StorageUnavailable, _storage_down)
    for error in REDIS_DOWN:
        app.register_error_handler(error, _queue_down)
    for error in DATABASE_DOWN:
        app.register_error_handler(error, _database_down)
