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


def _script(folder, name: str, text: str) -> None:
    (folder / f"{name}.py").write_text(f'"""{name}"""\nfrom alembic import op\n{text}\n\ndef upgrade():\n    pass\n')


def test_heads_are_alembics_without_alembic(tmp_path):
    from alembic.script import ScriptDirectory

    assert schema.head_revisions() == set(ScriptDirectory(str(ROOT / "migrations")).get_heads())
    versions = tmp_path / "versions"
    versions.mkdir()
    _script(versions, "a", "revision = 'a'\ndown_revision = None")
    _script(versions, "b", "revision = 'b'\ndown_revision = 'a'")
    _script(versions, "c", "revision: str = 'c'\ndown_revision: str | None = 'a'")  # newer template
    branched = schema.heads_in(versions)
    assert branched == {"b", "c"} == set(ScriptDirectory(str(tmp_path)).get_heads())
    _script(versions, "m", "revision = 'm'\ndown_revision = ('b', 'c')\nbranch_labels = None")
    assert schema.heads_in(versions) == {"m"} == set(ScriptDirectory(str(tmp_path)).get_heads())


WEB_PROBE = """
import sys
from callsheet import create_app
app = create_app({"INSTANCE_PATH": sys.argv[1], "DATABASE_URL": sys.argv[2], "REDIS_URL": sys.argv[3]})
answer = app.test_client().get("/api/ready")
assert answer.status_code == 200, answer.get_json()
print("LOADED=" + ",".join(m for m in ("alembic", "flask_migrate") if m in sys.modules))
"""


def test_a_web_process_on_a_current_database_never_loads_alembic(app, settings):
    done = subprocess.run([sys.executable, "-c", WEB_PROBE, settings["INSTANCE_PATH"], settings["DATABASE_URL"],
                           settings["REDIS_URL"]], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "LOADED=\n" in done.stdout


def test_flask_db_commands_are_there_when_asked_for(app, settings):
    env = dict(os.environ, INSTANCE_PATH=settings["INSTANCE_PATH"], DATABASE_URL=settings["DATABASE_URL"],
               REDIS_URL=settings["REDIS_URL"], LOG_LEVEL="WARNING")
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "callsheet", "db", "current"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"{next(iter(schema.head_revisions()))} (head)" in done.stdout
