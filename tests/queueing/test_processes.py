"""The real process entry points: worker.py (forking workers, a pool) and scheduler.py."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from rq import Queue

from callsheet.queueing.queues import CLEANUP_QUEUE
from tests.conftest import ROOT
from tests.helpers import upload


def _env(settings: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key in ("INSTANCE_PATH", "DATABASE_URL", "REDIS_URL", "UPLOAD_DIR", "JWT_SECRET"):
        env[key] = str(settings[key])
    env.update(RETRY_BASE_SECONDS="0", LOG_LEVEL="WARNING")
    return env


def _run(script: str, settings: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, script, *args], cwd=ROOT, env=_env(settings), capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("processes", ["1", "2"])
def test_worker_script_processes_uploads(client, auth, settings, classic_pdf, processes):
    ids = [
        upload(client, auth.headers(), path=classic_pdf, extractionMethod="pattern", priority=priority).get_json()[
            "jobId"]
        for priority in ("low", "urgent", "normal")
    ]
    done = _run("worker.py", settings, "--burst", "--processes", processes)
    assert done.returncode == 0, done.stderr[-2000:]
    for job_id in ids:
        body = client.get(f"/api/extraction/job/{job_id}", headers=auth.headers()).get_json()
        assert body["status"] == "completed", body
        assert body["results"]["contacts"]


def test_worker_script_rejects_unknown_queues(settings):
    done = _run("worker.py", settings, "--burst", "--queues", "nope")
    assert done.returncode == 2 and "unknown queues: nope" in done.stderr


def test_scheduler_script_registers_the_sweep(settings, redis_conn):
    for _ in range(2):
        done = _run("scheduler.py", settings, "--burst")
        assert done.returncode == 0, done.stderr[-2000:]
    assert Queue(CLEANUP_QUEUE, connection=redis_conn).job_ids.count("periodic-sweep-uploads") == 1


def test_rq_info_lists_every_queue(settings, redis_conn):
    assert _run("worker.py", settings, "--burst").returncode == 0
    info = subprocess.run([os.path.join(os.path.dirname(sys.executable), "rq"), "info", "-u", settings["REDIS_URL"]],
                          capture_output=True, text=True, timeout=60)
    assert info.returncode == 0, info.stderr
    for name in ("extraction-priority", "extraction", "extraction-low", "cleanup"):
        assert f"\n{name} " in "\n" + info.stdout


# What only the web needs: a worker process imports none of it (README "Performance", memory).
WEB_ONLY = ("flask", "werkzeug", "flask_sqlalchemy", "flask_migrate", "alembic", "sqlalchemy.orm",
            "callsheet.store.models")


def test_a_worker_process_runs_every_kind_of_job_without_the_web_stack(client, auth, settings, classic_pdf,
                                                                        redis_conn):
    good = upload(client, auth.headers(), path=classic_pdf, extractionMethod="pattern").get_json()["jobId"]
    bad = upload(client, auth.headers(), data=b"%PDF-1.7\n" + b"not a pdf\n" * 10,
                 extractionMethod="pattern").get_json()["jobId"]
    cleanup = Queue(CLEANUP_QUEUE, connection=redis_conn)
    reconcile = cleanup.enqueue("callsheet.queueing.reconciler.reconcile")
    sweep = cleanup.enqueue("callsheet.queueing.jobs.sweep_uploads")
    probe = cleanup.enqueue("tests.fixtures.loaded_modules", *WEB_ONLY)
    done = _run("worker.py", settings, "--burst", "--simple")
    assert done.returncode == 0, done.stderr[-2000:]
    statuses = [client.get(f"/api/extraction/job/{job_id}", headers=auth.headers()).get_json()["status"]
                for job_id in (good, bad)]
    assert statuses == ["completed", "failed"]  # the failure callback ran in the worker too
    assert reconcile.get_status(refresh=True) == sweep.get_status(refresh=True) == "finished"
    assert probe.get_status(refresh=True) == "finished"
    assert probe.return_value() == []


def test_a_worker_upgrades_a_database_behind_in_a_child_process(settings, redis_conn):
    from sqlalchemy import create_engine

    from callsheet.config import database_url
    from callsheet.store import migrations

    probe = Queue(CLEANUP_QUEUE, connection=redis_conn).enqueue("tests.fixtures.loaded_modules", *WEB_ONLY)
    done = _run("worker.py", settings, "--burst", "--simple")  # AUTO_MIGRATE unset: on for SQLite only
    assert done.returncode == 0, done.stderr[-2000:]
    engine = create_engine(database_url(settings["DATABASE_URL"], settings["INSTANCE_PATH"]))
    try:
        at = migrations.revisions_in(engine)
    finally:
        engine.dispose()
    assert at == (migrations.head_revisions() if settings["DATABASE_URL"].startswith("sqlite") else set())
    assert probe.return_value() == []
