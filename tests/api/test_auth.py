"""Bearer tokens: PyJWT HS256, `sub` and `exp` required, 401 JSON otherwise."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from callsheet.api.auth import issue_token, secret_for
from tests.conftest import ROOT

STATS = "/api/extraction/queue/stats"


def _get(client, token: str | None = None, header: str | None = None):
    headers = {"Authorization": header if header is not None else f"Bearer {token}"}
    return client.get(STATS, headers=headers)


def _sign(app, claims: dict, secret: str | None = None, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, secret or app.config["JWT_SECRET"], algorithm=algorithm)


def test_valid_token_passes(client, auth):
    assert _get(client, auth.token("alice")).status_code == 200


@pytest.mark.parametrize(
    ("header", "code"),
    [("", "missing_token"), ("Basic dXNlcjpwYXNz", "missing_token"), ("Bearer ", "missing_token"),
     ("Bearer not.a.jwt", "invalid_token")],
)
def test_missing_or_malformed_token_is_401(client, header, code):
    response = _get(client, header=header)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == code


def test_expired_token_is_401(client, app):
    past = datetime.now(UTC) - timedelta(minutes=5)
    response = _get(client, _sign(app, {"sub": "alice", "exp": past}))
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "token_expired"


@pytest.mark.parametrize(
    "make",
    [
        lambda app: _sign(app, {"sub": "alice", "exp": datetime.now(UTC) + timedelta(hours=1)}, secret="x" * 40),
        lambda app: _sign(app, {"sub": "alice"}),  # no exp
        lambda app: _sign(app, {"exp": datetime.now(UTC) + timedelta(hours=1)}),  # no sub
        lambda app: jwt.encode({"sub": "alice", "exp": datetime.now(UTC) + timedelta(hours=1)}, None, algorithm="none"),
    ],
    ids=["wrong-secret", "no-exp", "no-sub", "alg-none"],
)
def test_bad_tokens_are_401(client, app, make):
    response = _get(client, make(app))
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "invalid_token"


def test_generated_secret_is_random_private_and_stable(settings, redis_conn):
    from callsheet import create_app

    app = create_app({**settings, "JWT_SECRET": None})
    secret = secret_for(app)
    path = os.path.join(app.instance_path, "jwt_secret")
    assert len(secret) >= 40
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    again = create_app({**settings, "JWT_SECRET": None})
    assert secret_for(again) == secret
    other = create_app({**settings, "JWT_SECRET": None, "INSTANCE_PATH": settings["INSTANCE_PATH"] + "2"})
    assert secret_for(other) != secret


def test_token_command_agrees_with_the_server(settings, redis_conn):
    from callsheet import create_app

    env = {k: v for k, v in os.environ.items() if k not in ("JWT_SECRET",)}
    env.update(INSTANCE_PATH=settings["INSTANCE_PATH"], DATABASE_URL=settings["DATABASE_URL"],
               REDIS_URL=settings["REDIS_URL"])
    out = subprocess.run(
        [sys.executable, "-m", "callsheet", "token", "bob", "--hours", "2"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )
    token = out.stdout.strip()
    app = create_app({**settings, "JWT_SECRET": None})
    assert _get(app.test_client(), token).status_code == 200
    claims = jwt.decode(token, secret_for(app), algorithms=["HS256"])
    assert claims["sub"] == "bob"
    assert 7100 < claims["exp"] - datetime.now(UTC).timestamp() <= 7200


def test_issue_token_sets_sub_and_exp(app):
    claims = jwt.decode(issue_token(app, "carol", hours=1), app.config["JWT_SECRET"], algorithms=["HS256"])
    assert claims["sub"] == "carol" and claims["exp"] > claims["iat"]


def test_a_user_id_longer_than_the_owner_column_is_refused_at_the_token_check(client, app, auth, classic_pdf):
    from tests.helpers import upload

    longest = "u" * 255
    headers = {"Authorization": f"Bearer {auth.token(longest)}"}
    assert upload(client, headers, path=classic_pdf, extractionMethod="pattern").status_code == 202
    headers = {"Authorization": f"Bearer {auth.token(longest + 'u')}"}
    response = upload(client, headers, path=classic_pdf, extractionMethod="pattern")
    assert response.status_code == 401, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "invalid_token" and "255" in error["message"]
