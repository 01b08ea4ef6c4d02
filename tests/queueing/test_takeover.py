"""A worker killed or frozen mid-job loses its job to another worker within its heartbeat TTL,
and a frozen one that wakes up later changes nothing (real worker.py processes, real signals)."""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from sqlalchemy import select

from callsheet.extensions import db
from callsheet.store.models import Contact
from tests.helpers import row_of, run_through, start_worker, upload, wait_for

# Small intervals: the bound is monitor interval + margin + reconcile interval + scheduler poll.
FAST = {"WORKER_MONITOR_INTERVAL": "1", "WORKER_HEARTBEAT_MARGIN": "4", "RECONCILE_INTERVAL": "1",
        "RECONCILE_GRACE": "0"}
BOUND = 1 + 4 + 1 + 0.5


def _errors(settings: dict) -> Path:
    return Path(settings["UPLOAD_DIR"]).parent / "processes.stderr"


def _processes(settings: dict) -> list:
    """A second worker and the scheduler (which reconciles), as the Procfile runs them."""
    return [start_worker(settings, "--simple", stderr=_errors(settings), **FAST),
            start_worker(settings, "--interval", "0.5", script="scheduler.py", stderr=_errors(settings), **FAST)]


def _taken_over(redis_conn, settings: dict, key: str) -> None:
    try:
        wait_for(lambda: redis_conn.exists(key), 60)
    except AssertionError:
        log = Path(settings["UPLOAD_DIR"]).parent / "logs" / "job-processor.log"
        tail = log.read_text()[-4000:] if log.exists() else ""
        errors = _errors(settings).read_text()[-3000:]
        raise AssertionError(f"not taken over in 60 s; stderr: {errors}\n{tail}") from None


def _stop(processes: list) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGCONT)
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def _first_worker(client, auth, app, settings, redis_conn, pdf, func: str, announced: str) -> tuple:
    """Upload, run the job through `func` on a first worker, and wait until it announces `announced`."""
    job_id = upload(client, auth.headers(), path=pdf, extractionMethod="pattern").get_json()["jobId"]
    run_through(app, redis_conn, job_id, func)
    worker = start_worker(settings, "--simple", stderr=_errors(settings), **FAST)
    try:
        wait_for(lambda: redis_conn.exists(f"test:{announced}:{job_id}"))
    except AssertionError:
        _stop([worker])
        raise
    return job_id, worker


def _positions(app, job_id: str) -> list[int]:
    with app.app_context():
        return sorted(db.session.scalars(select(Contact.position).where(Contact.job_id == job_id)))


def test_a_sigkilled_simple_worker_loses_its_job_within_the_heartbeat_ttl(client, auth, app, settings, redis_conn,
                                                                          classic_pdf):
    job_id, first = _first_worker(client, auth, app, settings, redis_conn, classic_pdf,
                                  "tests.reliability_jobs.hang_once", "hanging")
    others: list = []
    try:
        others = _processes(settings)
        time.sleep(3)  # the beat thread keeps the hanging job its own meanwhile
        assert row_of(app, job_id).status == "active" and redis_conn.get(f"test:runs:{job_id}") == b"1"
        os.killpg(first.pid, signal.SIGKILL)
        killed = time.monotonic()
        wait_for(lambda: row_of(app, job_id).status == "completed", 60)
        took = time.monotonic() - killed
    finally:
        _stop([first, *others])
    assert took < BOUND + 15, f"taken over after {took:.1f} s"
    row = row_of(app, job_id)
    assert row.attempts == 2, row.attempts
    positions = _positions(app, job_id)
    assert positions and positions == list(range(len(positions))), "contacts were duplicated"


def test_a_frozen_worker_loses_its_job_and_its_late_result_is_dropped(client, auth, app, settings, redis_conn,
                                                                      classic_pdf):
    job_id, frozen = _first_worker(client, auth, app, settings, redis_conn, classic_pdf,
                                   "tests.reliability_jobs.stall_first", "stalled")
    others: list = []
    try:
        stalled_row = row_of(app, job_id)
        assert stalled_row.status == "active" and stalled_row.worker_name
        os.killpg(frozen.pid, signal.SIGSTOP)  # the whole machine stalls: worker, beat thread, scheduler
        stopped = time.monotonic()
        others = _processes(settings)
        _taken_over(redis_conn, settings, f"test:taken-over:{job_id}")  # another worker runs it
        took = time.monotonic() - stopped
        taken = row_of(app, job_id)
        redis_conn.set(f"test:go:{job_id}", 1)
        os.killpg(frozen.pid, signal.SIGCONT)  # it wakes up and ends its stale run while the new one runs
        wait_for(lambda: row_of(app, job_id).status == "completed", 60)
        time.sleep(3)  # a retry the stale run would wrongly cause would have started by now
        runs = int(redis_conn.get(f"test:runs:{job_id}"))
    finally:
        _stop([frozen, *others])
    assert took < BOUND + 15, f"taken over after {took:.1f} s"
    assert taken.status == "active" and taken.worker_name != stalled_row.worker_name and taken.attempts == 2
    row = row_of(app, job_id)
    assert "stale" not in row.result_metadata and row.result_metadata["worker"] == taken.worker_name
    found = row.result_metadata["contactsFound"] + row.result_metadata["belowThreshold"]
    assert _positions(app, job_id) == list(range(found)), "the stale run's contacts were saved"
    assert runs == 2, f"{runs} runs: the stale run caused another one"
