"""The schema comes from migrations/: upgrade, the autogenerate check against the models,
`python -m callsheet migrate`, and readiness' "migrations current" probe; SQLite and PostgreSQL."""
from __future__ import annotations

import os
import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from callsheet import create_app
from callsheet.extensions import db
from callsheet.store import migrations as schema
from tests.conftest import ROOT


def _bare_app(settings: dict, **extra: object):
    return create_app({**settings, "AUTO_MIGRATE": False, **extra})


def test_migrations_match_the_models(settings):
    app = _bare_app(settings)
    assert schema.database_revisions(app) == set()
    assert not schema.is_current(app)
    schema.upgrade(app)
    assert schema.is_current(app)
    assert schema.database_revisions(app) == schema.head_revisions() == {"0003"}
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == []
    schema.upgrade(app)  # idempotent
    assert schema.is_current(app)
    with app.app_context():
        db.engine.dispose()


def test_migrate_command_creates_the_schema(settings):
    env = dict(os.environ, INSTANCE_PATH=settings["INSTANCE_PATH"], DATABASE_URL=settings["DATABASE_URL"],
               AUTO_MIGRATE="0", LOG_LEVEL="WARNING")
    done = subprocess.run([sys.executable, "-m", "callsheet", "migrate"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "database at revision 0003" in done.stdout
    app = _bare_app(settings)
    assert schema.is_current(app)
    with app.app_context():
        db.engine.dispose()


def test_auto_migrate_defaults(settings):
    from callsheet.config import from_env

    assert from_env("/tmp", {})["AUTO_MIGRATE"] is None  # create_app: on for SQLite only
    assert from_env("/tmp", {"AUTO_MIGRATE": "0"})["AUTO_MIGRATE"] is False
    options = from_env("/tmp", {"DB_POOL_SIZE": "7", "GUNICORN_THREADS": "3"})["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["pool_size"] == 7 and options["pool_pre_ping"] is True
    assert from_env("/tmp", {"GUNICORN_THREADS": "3"})["SQLALCHEMY_ENGINE_OPTIONS"]["pool_size"] == 3
