"""Stopping a job that runs in a forking RQ worker (`send_stop_job_command`, not `cancel`)."""
from __future__ import annotations

import multiprocessing
import time

from rq.job import Job, JobStatus

from callsheet.extensions import db
from callsheet.queueing.queues import cleanup_job_id
from callsheet.store.models import Contact, ExtractionJob
from tests.helpers import upload, work


def _slow_extract(path, method="pattern", options=None, progress=None):
    """The extractor of a document that takes long: the job is stopped while in here."""
    for percent in range(0, 100, 2):
        if progress:
            progress("extracting", percent)
        time.sleep(0.2)
    raise AssertionError("the job should have been stopped")


def _run_forking_worker(app) -> None:
    with app.app_context():
        db.engine.dispose(close=False)
    work(app, queues=("extraction",), forking=True)


def _status(app, job_id: str) -> str:
    with app.app_context():
        db.session.expire_all()
        return db.session.get(ExtractionJob, job_id).status


def test_stop_running_job(client, auth, app, redis_conn, monkeypatch):
    import callsheet.extraction

    monkeypatch.setattr(callsheet.extraction, "extract", _slow_extract)
    body = upload(client, auth.headers(), extractionMethod="pattern")
    job_id = body.get_json()["jobId"]
    worker = multiprocessing.get_context("fork").Process(target=_run_forking_worker, args=(app,))
    worker.start()
    try:
        deadline = time.monotonic() + 20
        while _status(app, job_id) != "active":
            assert time.monotonic() < deadline, "the job never started"
            time.sleep(0.05)
        progress = client.get(f"/api/extraction/job/{job_id}", headers=auth.headers()).get_json()["progress"]
        assert progress["status"] == "active" and progress["stage"] in ("loading", "extracting")
        response = client.delete(f"/api/extraction/job/{job_id}", headers=auth.headers())
        assert response.status_code == 200 and response.get_json()["status"] == "cancelled"
        worker.join(20)
        assert worker.exitcode == 0
    finally:
        if worker.is_alive():
            worker.kill()
    assert Job.fetch(job_id, connection=redis_conn).get_status() == JobStatus.STOPPED
    assert _status(app, job_id) == "cancelled"
    with app.app_context():
        assert db.session.query(Contact).filter_by(job_id=job_id).count() == 0
    assert redis_conn.exists(f"rq:job:{cleanup_job_id(body.get_json()['fileId'])}")
