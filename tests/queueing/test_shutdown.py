"""A deploy's SIGTERM: the running job gets a grace period, then goes back to its queue with its
attempt given back, before the platform's SIGKILL (real worker.py processes, real signals)."""
from __future__ import annotations

import os
import signal
import time

import pytest
from rq.job import Job

from tests.helpers import row_of, run_through, start_worker, upload, wait_for, work


def _long_job(client, auth, app, redis_conn, classic_pdf) -> str:
    job_id = upload(client, auth.headers(), path=classic_pdf, extractionMethod="pattern").get_json()["jobId"]
    run_through(app, redis_conn, job_id, "tests.reliability_jobs.long_first")
    return job_id


def _handed_back(app, redis_conn, job_id: str, retries_before: int) -> None:
    """Back in RQ with every retry it had, the row waiting with its attempt given back; then it completes."""
    job = Job.fetch(job_id, connection=redis_conn)
    assert job.get_status() in ("queued", "scheduled") and job.retries_left == retries_before
    row = row_of(app, job_id)
    assert row.status == "waiting" and row.attempts == 0, (row.status, row.attempts, row.error)
    assert "shut down" in row.error
    work(app, scheduler=True)
    row = row_of(app, job_id)
    assert row.status == "completed" and row.attempts == 1, (row.status, row.attempts, row.error)


@pytest.mark.parametrize("processes", ["1", "2"])
def test_sigterm_hands_a_long_job_back_after_the_grace(client, auth, app, settings, redis_conn, classic_pdf,
                                                       processes):
    job_id = _long_job(client, auth, app, redis_conn, classic_pdf)
    retries = Job.fetch(job_id, connection=redis_conn).retries_left
    worker = start_worker(settings, "--simple", "--processes", processes, WORKER_SHUTDOWN_GRACE="1")
    try:
        wait_for(lambda: redis_conn.exists(f"test:long:{job_id}"))
        os.killpg(worker.pid, signal.SIGTERM)  # like Heroku and docker stop: every process of the dyno
        started = time.monotonic()
        assert worker.wait(30) == 0, worker.stderr.read()[-3000:]
        took = time.monotonic() - started
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    assert took < 15, f"the worker took {took:.1f} s to stop"
    _handed_back(app, redis_conn, job_id, retries)


def test_a_second_sigterm_cold_shutdown_also_hands_the_job_back(client, auth, app, settings, redis_conn,
                                                                classic_pdf):
    job_id = _long_job(client, auth, app, redis_conn, classic_pdf)
    retries = Job.fetch(job_id, connection=redis_conn).retries_left
    worker = start_worker(settings, "--simple", WORKER_SHUTDOWN_GRACE="600")
    try:
        wait_for(lambda: redis_conn.exists(f"test:long:{job_id}"))
        os.killpg(worker.pid, signal.SIGTERM)
        time.sleep(1.5)  # RQ ignores a second signal within 1 s; later it means "now" (cold shutdown)
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(30)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    _handed_back(app, redis_conn, job_id, retries)
