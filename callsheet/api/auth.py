"""Bearer tokens (PyJWT, HS256): `sub` is the user id, `exp` is required and checked.

Where `JWT_SECRET` is unset, a random secret is generated once and kept in
`<instance>/jwt_secret` (mode 600) so the server and `python -m callsheet token` agree.
There is never a fixed default secret.

PyJWT is imported where a token is made or read, not at import: it loads `cryptography`
(~9 MB RSS), and worker processes import this module (through the app) without ever
handling a token.
"""
from __future__ import annotations

import os
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import Flask, current_app, g, request

from callsheet.errors import ApiError
from callsheet.store.models import OWNER_ID_LENGTH

ALGORITHM = "HS256"


def secret_for(app: Flask) -> str:
    """The signing secret: `JWT_SECRET`, else the instance folder's generated one."""
    if app.config.get("JWT_SECRET"):
        return app.config["JWT_SECRET"]
    path = Path(app.instance_path, "jwt_secret")
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it first
            pass
        else:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(48))
    secret = path.read_text().strip()
    app.config["JWT_SECRET"] = secret
    return secret


def issue_token(app: Flask, user_id: str, hours: float = 24) -> str:
    """A signed token for `user_id`, valid for `hours`."""
    import jwt

    now = datetime.now(UTC)
    claims = {"sub": str(user_id), "iat": now, "exp": now + timedelta(hours=hours)}
    return jwt.encode(claims, secret_for(app), algorithm=ALGORITHM)


def user_from_token(app: Flask, token: str) -> str:
    """The user id of a valid token; raises ApiError(401) otherwise."""
    import jwt

    try:
        claims = jwt.decode(
            token,
            secret_for(app),
            algorithms=[ALGORITHM],
            options={"require": ["exp", "sub"]},
        )
    except jwt.ExpiredSignatureError:
        raise ApiError(401, "The token has expired.", "token_expired") from None
    except jwt.InvalidTokenError as exc:
        raise ApiError(401, f"The token is invalid: {exc}.", "invalid_token") from None
    user = claims["sub"]
    if not user:
        raise ApiError(401, "The token names no user.", "invalid_token")
    if len(user) > OWNER_ID_LENGTH:
        raise ApiError(401, f"The token's user id is longer than {OWNER_ID_LENGTH} characters.", "invalid_token")
    return user


def require_user() -> None:
    """`before_request` hook of protected blueprints: sets `g.user_id` or answers 401.

    A CORS preflight (`OPTIONS`) never carries a token; it runs no view and reveals nothing.
    """
    if request.method == "OPTIONS":
        return
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "Send 'Authorization: Bearer <token>'.", "missing_token")
    g.user_id = user_from_token(current_app._get_current_object(), token.strip())  # type: ignore[attr-defined]


def current_user_id() -> str:
    return g.user_id
