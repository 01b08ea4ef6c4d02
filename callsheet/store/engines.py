"""Database engines made safe across `fork`, SQLite made fit for many small commits, and the
engine of a process without Flask.

RQ forks a work horse per job and gunicorn forks its workers: a child must never use a
pooled connection its parent opened (two processes on one socket corrupt both sessions).
Every app's engine is tracked here, and one at-fork hook drops the inherited connections
in the child without closing them (`dispose(close=False)`), which leaves the parent's intact.

SQLite files run in WAL mode with `synchronous=NORMAL`: a commit is then a write to the
log, not ~4 fsyncs (measured on this class of machine: 0.01 ms instead of 12 ms per
commit), readers never block the writer, and a crash of the application loses nothing
(a power loss may lose the last commits, never the database). A job makes a few commits
and every upload one, so the default journal made SQLite the service's bottleneck.

A worker has no Flask app (callsheet/queueing/context.py): `create` builds its engine from
the settings Flask-SQLAlchemy reads for the web (`SQLALCHEMY_DATABASE_URI`,
`SQLALCHEMY_ENGINE_OPTIONS`), with Flask-SQLAlchemy's SQLite defaults.
"""
from __future__ import annotations

import os
import weakref
from collections.abc import Mapping
from typing import Any

from sqlalchemy import create_engine, event, make_url, pool
from sqlalchemy.engine import Engine

_engines: weakref.WeakSet[Engine] = weakref.WeakSet()
_hooked = False


def _forget_inherited_connections() -> None:
    for engine in list(_engines):
        engine.dispose(close=False)


def _tune_sqlite(dbapi_connection: Any, record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def track(engine: Engine) -> None:
    """Make `engine` start with an empty pool in every process forked from now on (and tune SQLite files)."""
    global _hooked
    if not _hooked:
        os.register_at_fork(after_in_child=_forget_inherited_connections)
        _hooked = True
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:") and engine not in _engines:
        event.listen(engine, "connect", _tune_sqlite)
    _engines.add(engine)


def engine_arguments(url: str, options: Mapping[str, Any], instance_path: str) -> tuple[Any, dict[str, Any]]:
    """(URL, keyword arguments) for `create_engine`, with Flask-SQLAlchemy's SQLite defaults.

    An in-memory database gets one shared connection (StaticPool); a relative file path is
    taken inside the instance folder.
    """
    parsed, arguments = make_url(url), dict(options)
    if parsed.drivername in ("sqlite", "sqlite+pysqlite"):
        if parsed.database in (None, "", ":memory:"):
            arguments = {key: value for key, value in arguments.items()
                         if key not in ("pool_size", "max_overflow", "pool_timeout")}
            arguments["poolclass"] = pool.StaticPool
            arguments["connect_args"] = {**arguments.get("connect_args", {}), "check_same_thread": False}
        elif not os.path.isabs(parsed.database) and not parsed.query.get("uri"):
            os.makedirs(instance_path, exist_ok=True)
            parsed = parsed.set(database=os.path.join(instance_path, parsed.database))
    return parsed, arguments


def create(config: Mapping[str, Any], instance_path: str) -> Engine:
    """The engine `config` describes, tracked like the web's (fork-safe, SQLite tuned)."""
    url, arguments = engine_arguments(config["SQLALCHEMY_DATABASE_URI"],
                                      config.get("SQLALCHEMY_ENGINE_OPTIONS") or {}, instance_path)
    engine = create_engine(url, **arguments)
    track(engine)
    return engine
