"""Nothing accepted is lost: Redis losing its data, dead workers, lost periodic jobs."""
from __future__ import annotations

import time

from rq import Queue
from rq.job import Job, JobStatus
from sqlalchemy import func, select, update

from callsheet.extensions import db
from callsheet.queueing import periodic, reconciler
from callsheet.queueing.queues import cleanup_job_id
from callsheet.store.models import Contact, ExtractionJob
from tests.helpers import upload, work


def _row(app, job_id) -> ExtractionJob:
    with app.app_context():
        row = db.session.get(ExtractionJob, job_id)
        db.session.expunge(row)
        return row


def _contacts(app, job_id) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Contact).where(Contact.job_id == job_id))


def _reconcile(app, grace=0):
    with app.app_context():
        return reconciler.reconcile(grace=grace)


def test_redis_losing_everything_loses_no_upload(client, auth, app, redis_conn, classic_pdf):
    ids = [upload(client, auth.headers(), path=classic_pdf, extractionMethod="pattern", priority=p).get_json()["jobId"]
           for p in ("urgent", "normal", "low")]
    redis_conn.flushdb()
    assert _reconcile(app) == {"checked": 3, "requeued": 3, "failed": 0}
    assert Queue("extraction-priority", connection=redis_conn).job_ids == [ids[0]]
    assert _reconcile(app) == {"checked": 3, "requeued": 0, "failed": 0}, "a second run must change nothing"
    work(app)
    for job_id in ids:
        row = _row(app, job_id)
        assert row.status == "completed" and row.attempts == 1, (row.status, row.error)
    assert _contacts(app, ids[0]) > 0


def test_a_job_running_when_redis_was_lost_is_taken_over_without_duplicates(client, auth, app, redis_conn,
                                                                          classic_pdf):
    job_id = upload(client, auth.headers(), path=classic_pdf, extractionMethod="pattern").get_json()["jobId"]
    work(app)
    done = _contacts(app, job_id)
    with app.app_context():  # as if a worker had started it again, then Redis lost everything
        db.session.execute(update(ExtractionJob).values(status="active", attempts=2))
        db.session.commit()
    redis_conn.flushdb()
    assert _reconcile(app)["requeued"] == 1
    work(app)
    row = _row(app, job_id)
    assert row.status == "completed" and row.attempts == 3
    assert _contacts(app, job_id) == done > 0


def test_ended_in_rq_but_not_in_the_database_runs_again(client, auth, app, redis_conn):
    job_id = upload(client, auth.headers(), extractionMethod="pattern").get_json()["jobId"]
    job = Job.fetch(job_id, connection=redis_conn)
    Queue("extraction", connection=redis_conn).remove(job)
    job.set_status(JobStatus.FAILED)  # the failure callback could not reach the database
    assert _reconcile(app)["requeued"] == 1
    assert Job.fetch(job_id, connection=redis_conn).get_status() == JobStatus.QUEUED
    assert Queue("extraction", connection=redis_conn).job_ids == [job_id]


def test_queued_jobs_and_young_rows_are_left_alone(client, auth, app, redis_conn):
    upload(client, auth.headers())
    assert _reconcile(app) == {"checked": 1, "requeued": 0, "failed": 0}
    redis_conn.flushdb()
    assert _reconcile(app, grace=3600) == {"checked": 0, "requeued": 0, "failed": 0}


def test_gives_up_with_a_reason_after_too_many_interruptions(client, auth, app, redis_conn):
    body = upload(client, auth.headers()).get_json()
    with app.app_context():
        db.session.execute(update(ExtractionJob).values(status="active", attempts=6))
        db.session.commit()
    redis_conn.flushdb()
    assert _reconcile(app) == {"checked": 1, "requeued": 0, "failed": 1}
    row = _row(app, body["jobId"])
    assert row.status == "failed" and row.error.startswith("Gave up after 6 attempts") and row.finished_at
    assert redis_conn.exists(f"rq:job:{cleanup_job_id(body['fileId'])}"), "the file's deletion is scheduled"


def test_only_one_run_at_a_time(app, redis_conn):
    redis_conn.set(reconciler.LOCK_KEY, "someone-else", ex=60)
    assert _reconcile(app) is None
    redis_conn.delete(reconciler.LOCK_KEY)
    assert _reconcile(app) == {"checked": 0, "requeued": 0, "failed": 0}


def test_abandoned_job_is_retried_without_losing_an_attempt(client, auth, app, redis_conn, classic_pdf):
    """RQ's own clean-up (run by the reconciler) finds a job whose worker died."""
    job_id = upload(client, auth.headers(), path=classic_pdf, extractionMethod="pattern").get_json()["jobId"]
    job = Job.fetch(job_id, connection=redis_conn)
    queue = Queue("extraction", connection=redis_conn)
    queue.remove(job)
    execution_id = "dead-worker-execution"
    registry = queue.started_job_registry
    redis_conn.zadd(registry.key, {f"{job_id}:{execution_id}": time.time() - 1})  # its heartbeat ran out
    job.set_status(JobStatus.STARTED)
    with app.app_context():
        db.session.execute(update(ExtractionJob).values(status="active", attempts=1))
        db.session.commit()
    retries = job.retries_left
    assert _reconcile(app, grace=3600) == {"checked": 0, "requeued": 0, "failed": 0}
    job = Job.fetch(job_id, connection=redis_conn)
    assert job.get_status() in (JobStatus.QUEUED, JobStatus.SCHEDULED)
    assert job.retries_left == retries and job.meta["abandoned"] == 1
    assert _row(app, job_id).status == "waiting"
    assert "stopped" in _row(app, job_id).error
    work(app, scheduler=True)
    row = _row(app, job_id)
    assert row.status == "completed" and row.attempts == 2 and row.error is None


def test_scheduler_puts_lost_periodic_jobs_back(app, redis_conn):
    jobs = periodic.periodic_jobs(app.config)
    scheduler = periodic.make_scheduler(redis_conn, jobs=jobs)
    periodic.register(scheduler, jobs)
    redis_conn.flushdb()
    scheduler.enqueue_jobs()
    ids = sorted(job.id for job in scheduler.get_jobs())
    assert ids == ["periodic-purge-results", "periodic-reconcile-jobs", "periodic-sweep-uploads"]
    reconcile = next(job for job in jobs if job["id"] == "periodic-reconcile-jobs")
    assert reconcile["interval"] == app.config["RECONCILE_INTERVAL"] == 30


def test_the_periodic_reconciler_runs_in_a_worker(client, auth, app, redis_conn):
    job_id = upload(client, auth.headers()).get_json()["jobId"]
    redis_conn.flushdb()
    app.config["RECONCILE_GRACE"] = 0
    Queue("cleanup", connection=redis_conn).enqueue(periodic.RECONCILE)
    work(app, queues=("cleanup",))
    assert Job.fetch(job_id, connection=redis_conn).get_status() == JobStatus.QUEUED


def test_the_scheduler_process_reconciles_itself_even_when_workers_are_busy(client, auth, app, redis_conn):
    job_id = upload(client, auth.headers()).get_json()["jobId"]
    redis_conn.flushdb()  # and no worker is free to take a periodic job off the cleanup queue
    runs = []

    def tick():
        with app.app_context():
            runs.append(reconciler.reconcile(grace=0))

    scheduler = periodic.make_scheduler(redis_conn, tick=tick, tick_interval=3600)
    scheduler.enqueue_jobs()
    scheduler.enqueue_jobs()  # within the interval: not again
    assert runs == [{"checked": 1, "requeued": 1, "failed": 0}]
    assert Job.fetch(job_id, connection=redis_conn).get_status() == JobStatus.QUEUED


def test_the_first_tick_runs_at_once_on_a_machine_just_booted(redis_conn, monkeypatch):
    runs = []
    monkeypatch.setattr(periodic.time, "monotonic", lambda: 5.0)  # up for 5 s: monotonic() is small
    scheduler = periodic.make_scheduler(redis_conn, tick=lambda: runs.append(1), tick_interval=30)
    scheduler.enqueue_jobs()
    assert runs == [1]
