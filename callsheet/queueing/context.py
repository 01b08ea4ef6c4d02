"""What a job runs with: the settings, a database connection and Redis, with or without Flask.

worker.py builds one from the environment at start (`from_env`, then `install`): the
settings of `config.py` and a plain SQLAlchemy engine (`store/engines.py`); jobs run Core
statements on the tables of `store/tables.py` over one connection per job. No Flask app,
so a worker process carries neither Flask, Flask-SQLAlchemy, SQLAlchemy's ORM nor Alembic
(bench/memory.py measures what that saves). A job called inside a Flask app context (a
test, a CLI command, the scheduler's own reconcile) runs with that app's settings and
Flask-SQLAlchemy's session instead, so it sees what the app sees. Anywhere else (a job run
by a plain `rq worker`) one is built from the environment on first use.
"""
from __future__ import annotations

import contextvars
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from redis import Redis

_connection: contextvars.ContextVar[Any] = contextvars.ContextVar("callsheet_job_connection", default=None)
_depth: contextvars.ContextVar[int] = contextvars.ContextVar("callsheet_job_context_depth", default=0)


class JobContext:
    """Settings (`config`), the instance folder, `session` (where statements run) and `redis`.

    `session` is Flask-SQLAlchemy's scoped session in an app context; in a worker it is a
    SQLAlchemy `Connection` of `engine`, opened on first use and closed when the outermost
    `current()` ends. Both take `execute`, `scalar`, `scalars`, `commit` and `rollback`.
    """

    def __init__(self, config: Mapping[str, Any], instance_path: str, connect_redis: Callable[[], Redis],
                 engine: Any = None, session: Any = None) -> None:
        self.config, self.instance_path = config, instance_path
        self._engine, self._session = engine, session
        self._connect_redis, self._redis = connect_redis, None

    @property
    def engine(self) -> Any:
        return self._engine if self._engine is not None else self._session.get_bind()

    @property
    def session(self) -> Any:
        if self._session is not None:
            return self._session
        connection = _connection.get()
        if connection is None:
            connection = self._engine.connect()
            _connection.set(connection)
        return connection

    @property
    def redis(self) -> Redis:
        if self._redis is None:
            self._redis = self._connect_redis()
        return self._redis

    def end(self) -> None:
        """Give this thread's connection back to the pool (an open transaction is rolled back)."""
        connection = _connection.get()
        if connection is not None:
            _connection.set(None)
            connection.close()


_installed: JobContext | None = None


def from_env(env: Mapping[str, str] | None = None) -> JobContext:
    """A context from the environment, as every process of the service reads it (README "Settings")."""
    from callsheet.config import from_env as settings
    from callsheet.config import instance_path
    from callsheet.queueing import broker
    from callsheet.store import engines

    folder = instance_path(env=env)
    os.makedirs(folder, exist_ok=True)
    config = settings(folder, env)
    return JobContext(config, folder, lambda: broker.connect(broker.redis_url(config, folder)),
                      engine=engines.create(config, folder))


def install(context: JobContext | None) -> None:
    """Run every job of this process with `context` (None: build one from the environment when needed)."""
    global _installed
    _installed = context


def for_app(app: Any) -> JobContext:
    """The context of a Flask app: its settings, Flask-SQLAlchemy's session, its Redis client."""
    context = app.extensions.get("callsheet.job_context")
    if context is None:
        from callsheet.extensions import db
        from callsheet.queueing import broker

        context = JobContext(app.config, app.instance_path, lambda: broker.for_app(app), session=db.session)
        app.extensions["callsheet.job_context"] = context
    return context


@contextmanager
def current() -> Iterator[JobContext]:
    """The context for the job running now.

    In an app context Flask-SQLAlchemy ends the session with it; otherwise the connection
    ends when the outermost `current()` does (a job's nested calls share one).
    """
    flask = sys.modules.get("flask")  # a worker never imports Flask, so it has no app context
    if flask is not None and flask.has_app_context():
        yield for_app(flask.current_app._get_current_object())
        return
    global _installed
    if _installed is None:
        _installed = from_env()
    context = _installed
    token = _depth.set(_depth.get() + 1)
    try:
        yield context
    finally:
        _depth.reset(token)
        if _depth.get() == 0:
            context.end()
