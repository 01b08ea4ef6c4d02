"""Per-user rate limits and quotas: uploads per minute (Flask-Limiter on the app's Redis)
and jobs queued at once (counted in the database, the source of truth).

Both answer 429 with `Retry-After` in the standard error shape. `UPLOAD_RATE_LIMIT` (a
Flask-Limiter string such as "30 per minute"), `MAX_QUEUED_JOBS` and `RATELIMIT_ENABLED`
configure them; tests raise them so that only the tests about limits hit them.
"""
from __future__ import annotations

import math
import time

from flask import Flask, current_app, g, request
from flask.typing import ResponseReturnValue
from flask_limiter import HeaderNames, Limiter, RateLimitExceeded
from sqlalchemy import func, select

from callsheet.errors import ApiError, handle_http_exception
from callsheet.extensions import db
from callsheet.queueing import broker
from callsheet.store.models import ExtractionJob

UPLOAD_ENDPOINT = "extraction.upload"


def storage_uri(url: str) -> str:
    """The `limits` storage URI of a redis-py URL (`unix://` sockets are `redis+unix://` there)."""
    return "redis+unix://" + url[len("unix://"):] if url.startswith("unix://") else url


def _user_key() -> str:
    return f"user:{g.get('user_id') or request.remote_addr}"


def _upload_limit() -> str:
    return current_app.config["UPLOAD_RATE_LIMIT"]


def check_queued(user_id: str) -> None:
    """429 if `user_id` already has `MAX_QUEUED_JOBS` jobs waiting or running."""
    limit = current_app.config["MAX_QUEUED_JOBS"]
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    queued = db.session.scalar(
        select(func.count()).select_from(ExtractionJob).where(
            ExtractionJob.owner_id == user_id, ExtractionJob.status.in_(("waiting", "active"))
        )
    )
    if queued >= limit:
        raise ApiError(
            429,
            f"You already have {queued} jobs waiting or running (the limit is {limit}); upload more once "
            "some have finished.",
            "too_many_queued_jobs",
            headers={"Retry-After": str(current_app.config["RETRY_AFTER_SECONDS"])},
        )


def _rate_limited(exc: RateLimitExceeded) -> ResponseReturnValue:
    limiter: Limiter = current_app.extensions["callsheet_limiter"]
    current = limiter.current_limit
    wait = max(1, math.ceil(current.reset_at - time.time())) if current else 60
    message = f"Too many uploads: the limit is {exc.limit.limit} per user. Retry in {wait} s."
    return handle_http_exception(ApiError(429, message, "rate_limited", headers={"Retry-After": str(wait)}))


def init_app(app: Flask) -> None:
    """Limit the upload endpoint per user; call after the blueprints are registered."""
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    app.config.setdefault("RATELIMIT_STORAGE_URI", storage_uri(broker.redis_url(app.config, app.instance_path)))
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "callsheet")
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)  # Redis down: the upload's own 503 says so
    # Flask-Limiter would put its own Retry-After on every limited response, 202s included;
    # ours goes on 429s and 503s only.
    limiter = Limiter(_user_key, app=app, header_name_mapping={HeaderNames.RETRY_AFTER: "X-RateLimit-Retry-After"})
    app.extensions["callsheet_limiter"] = limiter
    view = app.view_functions[UPLOAD_ENDPOINT]
    app.view_functions[UPLOAD_ENDPOINT] = limiter.limit(_upload_limit, key_func=_user_key)(view)
    app.register_error_handler(RateLimitExceeded, _rate_limited)
