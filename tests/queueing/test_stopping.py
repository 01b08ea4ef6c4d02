"""A job cancelled while it runs counts as cancelled in /queue/stats and `rq info`, never as failed
(a real worker.py process, the cancel route, RQ's stop-job command)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from rq.job import Job

from tests.conftest import ROOT
from tests.helpers import row_of, run_through, start_worker, upload, wait_for


@pytest.mark.parametrize("simple", [True, False], ids=["simple", "forking"])
def test_a_job_cancelled_while_running_is_cancelled_not_failed(client, auth, app, settings, redis_conn, classic_pdf,
                                                               simple):
    job_id = upload(client, auth.headers(), path=classic_pdf, extractionMethod="pattern").get_json()["jobId"]
    run_through(app, redis_conn, job_id, "tests.reliability_jobs.long_first")
    worker = start_worker(settings, *(["--simple"] if simple else []), "--queues", "extraction")
    try:
        wait_for(lambda: redis_conn.exists(f"test:long:{job_id}"))
        answer = client.delete(f"/api/extraction/job/{job_id}", headers=auth.headers())
        assert answer.status_code == 200 and answer.get_json()["status"] == "cancelled"
        wait_for(lambda: Job.fetch(job_id, connection=redis_conn).get_status() == "canceled", 30)
        info = subprocess.run([sys.executable, "-m", "rq.cli", "info", "--raw", "-u", settings["REDIS_URL"]],
                              cwd=ROOT, capture_output=True, text=True, timeout=60)
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)
    stats = client.get("/api/extraction/queue/stats", headers=auth.headers()).get_json()["queues"]["extraction"]
    assert stats["cancelled"] == 1 and stats["failed"] == 0 and stats["active"] == 0, stats
    assert info.returncode == 0, info.stderr[-2000:]
    queue_line = next(line for line in info.stdout.splitlines() if line.startswith("queue extraction "))
    assert queue_line.endswith("0 failed"), queue_line
    workers = [line for line in info.stdout.splitlines() if line.startswith("worker ")]
    assert all(line.endswith("0 failed") for line in workers), info.stdout
    assert row_of(app, job_id).status == "cancelled"
