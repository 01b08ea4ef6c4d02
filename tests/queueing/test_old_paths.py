"""Jobs waiting in Redis from before the move to `callsheet.queueing` still run after a deploy.

RQ stores each job's function and failure callback as dotted paths; these tests enqueue
with the old paths, exactly as the previous release did, and run today's worker.
"""
from __future__ import annotations

from rq import Callback, Queue
from rq.job import Job, JobStatus

from callsheet.queueing.queues import MAIN_QUEUE, retry_policy
from tests.helpers import upload, work


def _requeue_the_old_way(redis_conn, job_id: str) -> None:
    Job.fetch(job_id, connection=redis_conn).delete()
    Queue(MAIN_QUEUE, connection=redis_conn).enqueue(
        "callsheet.jobs.process_extraction", job_id, job_id=job_id, retry=retry_policy(MAIN_QUEUE, 0),
        on_failure=Callback("callsheet.jobs.on_extraction_failure"))


def test_a_job_enqueued_under_the_old_path_completes(client, auth, app, classic_pdf, redis_conn):
    job_id = upload(client, auth.headers(), path=classic_pdf, extractionMethod="pattern").get_json()["jobId"]
    _requeue_the_old_way(redis_conn, job_id)
    work(app, queues=(MAIN_QUEUE,))
    body = client.get(f"/api/extraction/job/{job_id}", headers=auth.headers()).get_json()
    assert body["status"] == "completed", body
    assert body["results"]["contacts"]


def test_the_old_failure_callback_still_decides(client, auth, app, redis_conn):
    job_id = upload(client, auth.headers(), data=b"%PDF-1.7\nbroken\n", extractionMethod="pattern").get_json()["jobId"]
    _requeue_the_old_way(redis_conn, job_id)
    work(app, queues=(MAIN_QUEUE,))
    body = client.get(f"/api/extraction/job/{job_id}", headers=auth.headers()).get_json()
    assert body["status"] == "failed" and "damaged" in body["error"]
    assert Job.fetch(job_id, connection=redis_conn).get_status() == JobStatus.FAILED


def test_the_old_cleanup_and_reconciler_paths_resolve():
    from rq.utils import import_attribute

    from callsheet.queueing import jobs, reconciler

    assert import_attribute("callsheet.jobs.delete_upload") is jobs.delete_upload
    assert import_attribute("callsheet.jobs.sweep_uploads") is jobs.sweep_uploads
    assert import_attribute("callsheet.reconciler.reconcile") is reconciler.reconcile
