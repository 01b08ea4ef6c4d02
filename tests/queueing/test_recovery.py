"""Worker processes killed or stopped mid-job, hung jobs, and outages at upload time."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rq.job import Job
from sqlalchemy import func, select

from callsheet.extensions import db
from callsheet.queueing import reconciler
from callsheet.queueing.queues import job_timeout
from callsheet.store.models import Contact, ExtractionJob
from tests.conftest import ROOT, AuthActions
from tests.helpers import row_of, run_through, start_worker, upload, wait_for, work, worker_env


def test_sigkilled_worker_job_is_retried_and_completes_once(client, auth, app, settings, redis_conn, classic_pdf):
    job_id = upload(client, auth.headers(), path=classic_pdf, extractionMethod="pattern").get_json()["jobId"]
    run_through(app, redis_conn, job_id, "tests.reliability_jobs.hang_once")
    worker = start_worker(settings)
    try:
        wait_for(lambda: redis_conn.exists(f"test:hanging:{job_id}"))
        horse = int(redis_conn.get(f"test:hanging:{job_id}"))
        os.killpg(worker.pid, signal.SIGKILL)  # the machine is lost: the worker...
        os.kill(horse, signal.SIGKILL)  # ...and its work horse (RQ runs it in a session of its own)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    assert row_of(app, job_id).status == "active"
    # Its started-registry entry now outlives the heartbeat (WORKER_MONITOR_INTERVAL + 60 s);
    # move that moment to now instead of waiting a minute.
    key = f"rq:wip:{Job.fetch(job_id, connection=redis_conn).origin}"
    redis_conn.zadd(key, {member: time.time() - 1 for member in redis_conn.zrange(key, 0, -1)})
    with app.app_context():
        reconciler.reconcile(grace=3600)
    work(app, forking=True, scheduler=True)
    row = row_of(app, job_id)
    assert row.status == "completed" and row.attempts == 2, (row.status, row.error)
    with app.app_context():
        positions = db.session.scalars(select(Contact.position).where(Contact.job_id == job_id)).all()
    assert positions and sorted(positions) == list(range(len(positions))), "contacts were duplicated"


def test_sigterm_lets_the_running_job_finish(client, auth, app, settings, redis_conn, classic_pdf):
    job_id = upload(client, auth.headers(), path=classic_pdf, extractionMethod="pattern").get_json()["jobId"]
    run_through(app, redis_conn, job_id, "tests.reliability_jobs.slow")
    worker = start_worker(settings)
    try:
        wait_for(lambda: redis_conn.get(f"test:runs:{job_id}") == b"1")
        started = time.monotonic()
        os.killpg(worker.pid, signal.SIGTERM)  # like Heroku: every process of the dyno
        assert worker.wait(30) == 0, worker.stderr.read()[-2000:]
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    assert time.monotonic() - started < 15
    row = row_of(app, job_id)
    assert row.status == "completed" and row.attempts == 1
    assert redis_conn.get(f"test:runs:{job_id}") == b"1"


def test_worker_logs_are_json_in_the_log_dir(client, auth, app, settings, classic_pdf):
    upload(client, auth.headers(), path=classic_pdf, extractionMethod="pattern")
    done = subprocess.run([sys.executable, "worker.py", "--burst"], cwd=ROOT, env=worker_env(settings),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    import json

    path = Path(settings["UPLOAD_DIR"]).parent / "logs" / "job-processor.log"
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    completed = [line for line in lines if line["message"] == "job completed"]
    assert completed and completed[0]["user_id"] == "alice" and completed[0]["method"] == "pattern"
    assert completed[0]["contacts"] > 0 and completed[0]["processing_ms"] >= 0
    assert [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def test_hung_job_is_killed_at_its_method_timeout_and_retried(client, auth, settings, redis_conn, classic_pdf):
    from callsheet import create_app

    app = create_app({**settings, "JOB_TIMEOUTS": {"pattern": 2}})
    headers = AuthActions(app).headers()
    job_id = upload(app.test_client(), headers, path=classic_pdf, extractionMethod="pattern").get_json()["jobId"]
    assert Job.fetch(job_id, connection=redis_conn).timeout == 2
    run_through(app, redis_conn, job_id, "tests.reliability_jobs.hang_once")
    started = time.monotonic()
    work(app, forking=True, scheduler=True)
    assert time.monotonic() - started < 60
    row = row_of(app, job_id)
    assert row.status == "completed" and row.attempts == 2, (row.status, row.error)


def test_timeouts_are_per_method(app):
    timeouts = app.config["JOB_TIMEOUTS"]
    assert timeouts["pattern"] == app.config["JOB_TIMEOUT"] == 300
    assert timeouts["ai"] == timeouts["hybrid"] == timeouts["aws-textract"] == 600
    assert job_timeout(app.config, "ai") == 600


def _stored(settings) -> list[Path]:
    return [p for p in Path(settings["UPLOAD_DIR"]).rglob("*") if p.is_file()]


def test_redis_down_at_upload_is_503_and_leaves_nothing(settings, redis_conn, classic_pdf):
    from callsheet import create_app

    app = create_app({**settings, "REDIS_URL": "redis://127.0.0.1:1/0"})
    response = upload(app.test_client(), AuthActions(app).headers(), path=classic_pdf)
    assert response.status_code == 503, response.get_json()
    assert response.headers["Retry-After"] == "30"
    assert response.get_json()["error"]["code"] == "queue_unavailable"
    assert _stored(settings) == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ExtractionJob)) == 0
    stats = app.test_client().get("/api/extraction/queue/stats", headers=AuthActions(app).headers())
    assert stats.status_code == 503 and stats.headers["Retry-After"]


@pytest.mark.parametrize("url", ["postgresql+psycopg://nobody@127.0.0.1:1/test", "sqlite:////nonexistent/dir/x.db"])
def test_database_down_at_upload_is_503_and_leaves_nothing(settings, redis_conn, classic_pdf, url):
    from callsheet import create_app

    app = create_app({**settings, "DATABASE_URL": url, "AUTO_MIGRATE": False})
    client, headers = app.test_client(), AuthActions(app).headers()
    response = upload(client, headers, path=classic_pdf)
    assert response.status_code == 503, response.get_json()
    assert response.get_json()["error"]["code"] == "database_unavailable" and response.headers["Retry-After"]
    assert _stored(settings) == []
    assert redis_conn.llen("rq:queue:extraction") == 0
    job = client.get("/api/extraction/job/0d6f9a34-5d2b-4a5e-9a57-8f1c9a0b1c2d", headers=headers)
    assert job.status_code == 503


def test_database_down_in_the_worker_means_a_retry_later(client, auth, app, settings, redis_conn, classic_pdf):
    from callsheet import create_app

    job_id = upload(client, auth.headers(), path=classic_pdf, extractionMethod="pattern").get_json()["jobId"]
    down = create_app({**settings, "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/test",
                       "AUTO_MIGRATE": False})
    work(down, queues=("extraction",))  # every attempt (no backoff in tests) finds the database down
    job = Job.fetch(job_id, connection=redis_conn)
    assert job.get_status() == "failed" and job.retries_left == 0
    assert row_of(app, job_id).status == "waiting", "nothing could be written, so nothing is final"
    with app.app_context():
        assert reconciler.reconcile(grace=0)["requeued"] == 1
    work(app, scheduler=True)
    assert row_of(app, job_id).status == "completed"


def test_a_second_timeout_at_the_same_stage_fails_with_a_reason(client, auth, settings, redis_conn, classic_pdf):
    from callsheet import create_app

    app = create_app({**settings, "JOB_TIMEOUTS": {"pattern": 2}})
    job_id = upload(app.test_client(), AuthActions(app).headers(), path=classic_pdf,
                    extractionMethod="pattern").get_json()["jobId"]
    run_through(app, redis_conn, job_id, "tests.reliability_jobs.hang_extracting")
    done = subprocess.run([sys.executable, "worker.py", "--simple", "--burst", "--queues", "extraction"], cwd=ROOT,
                          env=worker_env(settings), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    row = row_of(app, job_id)
    assert row.status == "failed" and row.attempts == 2, (row.status, row.attempts, row.error)
    assert "took too long twice while extracting" in row.error
    assert redis_conn.get(f"test:runs:{job_id}") == b"2"
    assert Job.fetch(job_id, connection=redis_conn).get_status() == "failed"
