"""The database schema: created and upgraded by the Alembic migrations in `migrations/`.

Production runs `python -m callsheet migrate` once per release (the Procfile's `release:`
phase). On one machine (`AUTO_MIGRATE`, on by default for SQLite) every process upgrades
at start; a file lock in the instance folder makes web, worker and scheduler starting
together take turns, and `migrations/env.py` holds a PostgreSQL advisory lock for hosts
that share a database.

Alembic (with Flask-Migrate) is imported only when a migration runs: it costs a process
~11 MB of RSS for its lifetime, and what every start and readiness probe asks, "is the
database at the newest revision?", needs neither. The newest revisions are read from the
scripts' `revision` / `down_revision` lines (tests/store/test_migrations.py checks they are
Alembic's heads), the database's from `alembic_version`. A worker, which has no Flask app,
runs `python -m callsheet migrate` in a child process when its database is behind.
"""
from __future__ import annotations

import ast
import fcntl
import functools
import logging
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask
    from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = ROOT / "migrations"


def auto_migrate(config: Mapping[str, Any]) -> bool:
    """Whether a process upgrades the schema at start: `AUTO_MIGRATE`, by default on for SQLite only."""
    wanted = config["AUTO_MIGRATE"]
    return config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") if wanted is None else bool(wanted)


def init_app(app: Flask) -> None:
    """`flask db ...`: Flask-Migrate's commands, bound to `migrations/` when one of them runs."""
    import click

    class MigrateCommands(click.Group):
        def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                         **extra: Any) -> click.Context:
            _bind(app)  # the context made is Flask-Migrate's own group's: its options, its commands
            from flask_migrate.cli import db as commands

            return commands.make_context(info_name, args, parent=parent, **extra)

    app.cli.add_command(MigrateCommands("db", help="Perform database migrations (Flask-Migrate)."))


def _bind(app: Flask) -> None:
    """Bind Flask-Migrate to the app and `migrations/`, wherever the process runs from (imports Alembic)."""
    if "migrate" not in app.extensions:
        from flask_migrate import Migrate

        from callsheet.extensions import db

        Migrate().init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True, compare_type=True)


def upgrade(app: Flask, revision: str = "head") -> None:
    """Upgrade the app's database to `revision` (idempotent), one process of this machine at a time."""
    if revision == "head" and is_current(app):
        return  # the usual case at start: no lock, no Alembic
    lock_path = os.path.join(app.instance_path, "migrate.lock")
    alembic_log = logging.getLogger("alembic")
    quiet = alembic_log.level == logging.NOTSET and not log.isEnabledFor(logging.DEBUG)
    if quiet:  # Alembic's INFO lines (some at import) would mix into the stdout of CLI commands
        alembic_log.setLevel(logging.WARNING)
    with open(lock_path, "a") as lock, app.app_context():
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            import flask_migrate

            _bind(app)
            before = database_revisions(app)
            flask_migrate.upgrade(directory=str(MIGRATIONS), revision=revision)
            log.debug("database schema %s -> %s", sorted(before), sorted(database_revisions(app)))
        finally:
            if quiet:
                alembic_log.setLevel(logging.NOTSET)
            fcntl.flock(lock, fcntl.LOCK_UN)


def ensure_current(config: Mapping[str, Any], engine: Engine) -> None:
    """At a worker's start: upgrade the schema if `AUTO_MIGRATE` asks for it and it is behind.

    The upgrade runs in a child process (`python -m callsheet migrate`), so Alembic and the
    Flask app it needs never load into the worker.
    """
    if not auto_migrate(config) or revisions_in(engine) == head_revisions():
        return
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    done = subprocess.run([sys.executable, "-m", "callsheet", "migrate"], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"database migration failed:\n{done.stderr[-3000:]}")
    log.info("database schema upgraded: %s", done.stdout.strip())


def _assignments(path: Path) -> dict[str, Any]:
    """The constants a migration script assigns at its top level (`revision = '0002'`)."""
    found = {}
    for node in ast.parse(path.read_text(), str(path)).body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:  # `revision: str = '0002'`
            targets, value = [node.target], node.value
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                found[target.id] = ast.literal_eval(value)
    return found


@functools.cache
def head_revisions() -> frozenset[str]:
    """The newest revision(s) in `migrations/versions`."""
    return heads_in(MIGRATIONS / "versions")


def heads_in(folder: Path) -> frozenset[str]:
    """The revisions of the scripts in `folder` that no other script revises (Alembic's heads)."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in folder.glob("*.py"):
        if path.name.startswith(("__init__", ".#")):
            continue
        script = _assignments(path)
        revisions.add(script["revision"])
        down = script.get("down_revision")
        revised.update([down] if isinstance(down, str) else down or ())
    return frozenset(revisions - revised)


def revisions_in(engine: Engine) -> set[str]:
    """The revision(s) the database behind `engine` is at (empty before the first migration).

    Read with plain SQL rather than Alembic's MigrationContext, which logs at INFO on
    every call and this runs on every readiness probe.
    """
    from sqlalchemy import inspect, text

    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return set()
        return set(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())


def database_revisions(app: Flask) -> set[str]:
    """The revision(s) the app's database is at."""
    from callsheet.extensions import db

    with app.app_context():
        return revisions_in(db.engine)


def is_current(app: Flask) -> bool:
    """True when the database has every migration applied (readiness check)."""
    return database_revisions(app) == head_revisions()
