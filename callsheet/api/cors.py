"""CORS for browser apps on other origins (flask-cors), off unless `CORS_ORIGINS` lists some.

Only `/api/extraction/...` is opened. Tokens travel in the `Authorization` header, never
in cookies, so credentials mode stays off and `*` is an acceptable setting too. A
preflight (`OPTIONS`) carries no token by design: `auth.require_user` lets it through,
and Flask answers it with the route's methods.
"""
from __future__ import annotations

from flask import Flask

ALLOWED_HEADERS = ("Authorization", "Content-Type", "Idempotency-Key", "X-Request-ID")
# Headers a browser app may read from our answers (besides the CORS-safelisted ones).
EXPOSED_HEADERS = ("Location", "Retry-After", "X-Request-ID", "Content-Disposition", "X-RateLimit-Limit",
                   "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-RateLimit-Retry-After")
PREFLIGHT_MAX_AGE = 600  # seconds a browser may cache a preflight


def init_app(app: Flask) -> None:
    """Answer CORS requests from `CORS_ORIGINS` (a list: config.py splits the setting at commas)
    on the extraction API; nothing when it is empty."""
    allowed = app.config.get("CORS_ORIGINS") or []
    if not allowed:
        return
    from flask_cors import CORS

    CORS(app, resources={r"/api/extraction/*": {"origins": allowed}}, allow_headers=list(ALLOWED_HEADERS),
         expose_headers=list(EXPOSED_HEADERS), methods=["GET", "POST", "DELETE", "OPTIONS"],
         max_age=PREFLIGHT_MAX_AGE, supports_credentials=False, always_send=False)
