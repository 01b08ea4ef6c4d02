"""What a job runs with: the worker's own context (no Flask), or the app's inside its app context."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from callsheet.extensions import db
from callsheet.queueing import context


@pytest.fixture
def worker_context(tmp_path):
    """A context as worker.py builds it, from the environment, installed for this test only."""
    env = {"INSTANCE_PATH": str(tmp_path / "instance"), "DATABASE_URL": f"sqlite:///{tmp_path / 'jobs.sqlite3'}",
           "REDIS_URL": "redis://127.0.0.1:1/0", "CLEANUP_DELAY": "7"}
    job_context = context.from_env(env)
    context.install(job_context)
    yield job_context
    context.install(None)
    job_context.engine.dispose()


def test_the_worker_context_reads_the_settings_of_the_environment(worker_context, tmp_path):
    assert worker_context.config["CLEANUP_DELAY"] == 7
    assert worker_context.instance_path == str(tmp_path / "instance")
    assert worker_context.redis.connection_pool.connection_kwargs["port"] == 1  # made, not connected


def test_nested_calls_share_one_connection_until_the_outermost_ends(worker_context):
    with context.current() as outer:
        first = outer.session
        assert first.execute(text("SELECT 1")).scalar() == 1
        with context.current() as inner:
            assert inner.session is first
        assert not first.closed
    assert first.closed
    with context.current() as again:
        assert again.session is not first


def test_inside_an_app_context_a_job_uses_the_apps_session(app, worker_context):
    with app.app_context(), context.current() as job_context:
        assert job_context.session is db.session
        assert job_context.config is app.config
