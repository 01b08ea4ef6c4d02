"""The database schema: created and upgraded by the Alembic migrations in `migrations/`.

Production runs `python -m callsheet migrate` once per release (the Procfile's `release:`
phase). On one machine (`AUTO_MIGRATE`, on by default for SQLite) every process upgrades
at start; a file lock in the instance folder makes web, worker and scheduler starting
together take turns, and `migrations/env.py` holds a PostgreSQL advisory lock for hosts
that share a database.
"""
from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path

from alembic.script import ScriptDirectory
from flask import Flask

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def init_app(app: Flask) -> None:
    """Bind Flask-Migrate (`flask db ...`) to `migrations/`, wherever the process runs from."""
    from callsheet.extensions import db, migrate

    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True, compare_type=True)


def upgrade(app: Flask, revision: str = "head") -> None:
    """Upgrade the app's database to `revision` (idempotent), one process of this machine at a time."""
    import flask_migrate

    if revision == "head" and is_current(app):
        return  # the usual case at start: no lock, no Alembic run
    lock_path = os.path.join(app.instance_path, "migrate.lock")
    alembic_log = logging.getLogger("alembic")
    quiet = alembic_log.level == logging.NOTSET and not log.isEnabledFor(logging.DEBUG)
    with open(lock_path, "a") as lock, app.app_context():
        fcntl.flock(lock, fcntl.LOCK_EX)
        if quiet:  # Alembic's INFO lines would mix into the stdout of CLI commands
            alembic_log.setLevel(logging.WARNING)
        try:
            before = database_revisions(app)
            flask_migrate.upgrade(directory=str(MIGRATIONS), revision=revision)
            log.debug("database schema %s -> %s", sorted(before), sorted(database_revisions(app)))
        finally:
            if quiet:
                alembic_log.setLevel(logging.NOTSET)
            fcntl.flock(lock, fcntl.LOCK_UN)


def head_revisions() -> set[str]:
    """The newest revision(s) in `migrations/versions`."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return set(ScriptDirectory.from_config(config).get_heads())


def database_revisions(app: Flask) -> set[str]:
    """The revision(s) the database is at (empty before the first migration).

    Read with plain SQL rather than Alembic's MigrationContext, which logs at INFO on
    every call and this runs on every readiness probe.
    """
    from sqlalchemy import inspect, text

    from callsheet.extensions import db

    with app.app_context(), db.engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return set()
        return set(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())


def is_current(app: Flask) -> bool:
    """True when the database has every migration applied (readiness check)."""
    return database_revisions(app) == head_revisions()
