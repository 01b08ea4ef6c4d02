"""Deleting uploads: scheduled when a job ends, idempotent, and swept periodically."""
from __future__ import annotations

import os
import time
from datetime import timedelta
from pathlib import Path

from rq import Queue
from rq.job import Job, JobStatus

from callsheet.extensions import db
from callsheet.queueing import periodic
from callsheet.queueing.jobs import delete_upload, sweep_uploads
from callsheet.queueing.queues import CLEANUP_QUEUE, cleanup_job_id, schedule_cleanup
from callsheet.store.models import ExtractionJob
from tests.helpers import upload, work


def _stored(app) -> list[Path]:
    return [p for p in Path(app.config["UPLOAD_DIR"]).rglob("*") if p.is_file()]


def test_deletion_is_scheduled_when_a_job_ends_and_runs_after_the_delay(client, auth, app, redis_conn):
    app.config["CLEANUP_DELAY"] = 5  # long enough to see "not yet" on a loaded machine
    body = upload(client, auth.headers(), data=b"%PDF-1.7\nbroken\n", extractionMethod="pattern").get_json()
    work(app, queues=("extraction",))
    cleanup = Job.fetch(cleanup_job_id(body["fileId"]), connection=redis_conn)
    assert cleanup.get_status() == JobStatus.SCHEDULED
    registry = Queue(CLEANUP_QUEUE, connection=redis_conn).scheduled_job_registry
    assert cleanup.id in registry.get_job_ids()
    due = registry.get_scheduled_time(cleanup.id).timestamp()
    assert 0 < due - time.time() <= 5
    work(app, queues=(CLEANUP_QUEUE,), scheduler=True)
    assert len(_stored(app)) == 1, "deleted before CLEANUP_DELAY"
    time.sleep(max(0.0, due - time.time()) + 0.2)
    work(app, queues=(CLEANUP_QUEUE,), scheduler=True)
    assert Job.fetch(cleanup.id, connection=redis_conn).get_status() == JobStatus.FINISHED
    assert _stored(app) == []


def test_scheduling_twice_is_one_job(app, redis_conn):
    for _ in range(2):
        schedule_cleanup(redis_conn, "f-1", 3600, 0)
    registry = Queue(CLEANUP_QUEUE, connection=redis_conn).scheduled_job_registry
    assert registry.get_job_ids() == [cleanup_job_id("f-1")]


def test_delete_upload_is_idempotent(client, auth, app):
    file_id = upload(client, auth.headers()).get_json()["fileId"]
    with app.app_context():
        assert delete_upload(file_id) is True
        assert delete_upload(file_id) is False
        assert delete_upload("no-such-file") is False
    assert _stored(app) == []


def test_sweep_deletes_old_files_of_ended_jobs_only(client, auth, app):
    ended = upload(client, auth.headers()).get_json()
    waiting = upload(client, auth.headers()).get_json()
    fresh = upload(client, auth.headers()).get_json()
    with app.app_context():
        db.session.execute(
            db.update(ExtractionJob).where(ExtractionJob.id.in_([ended["jobId"], fresh["jobId"]])).values(
                status="failed"
            )
        )
        db.session.commit()
    old = time.time() - 2 * 86400
    for path in _stored(app):
        if fresh["fileId"] not in path.name:
            os.utime(path, (old, old))
    stray = Path(app.config["UPLOAD_DIR"], "0123456789abcdef", "stray.pdf")
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"%PDF-")
    os.utime(stray, (old, old))
    with app.app_context():
        assert sweep_uploads(max_age=86400) == 2
        assert sweep_uploads(max_age=86400) == 0
    names = sorted(p.name for p in _stored(app))
    assert names == sorted([f"{waiting['fileId']}.pdf", f"{fresh['fileId']}.pdf"])


def test_periodic_sweep_registration_is_idempotent(app, redis_conn):
    scheduler = periodic.make_scheduler(redis_conn)
    stale = scheduler.schedule(periodic.datetime.now(periodic.UTC), "tests.fixtures.record", args=["x"],
                               interval=60, id="periodic-gone")
    assert stale.id in scheduler
    jobs = periodic.periodic_jobs(app.config)
    for _ in range(3):
        periodic.register(scheduler, jobs)
    assert sorted(job.id for job in scheduler.get_jobs()) == sorted(job["id"] for job in jobs)
    assert "periodic-sweep-uploads" in scheduler
    scheduler.enqueue_jobs()
    assert Queue(CLEANUP_QUEUE, connection=redis_conn).job_ids.count("periodic-sweep-uploads") == 1
    work(app, queues=(CLEANUP_QUEUE,))
    assert Job.fetch("periodic-sweep-uploads", connection=redis_conn).return_value() == 0
    # rq-scheduler put it back for its next run, SWEEP_INTERVAL from now.
    when = dict((job.id, when) for job, when in scheduler.get_jobs(with_times=True))["periodic-sweep-uploads"]
    assert timedelta(seconds=0) < when - periodic.datetime.now(periodic.UTC).replace(tzinfo=None) <= timedelta(
        seconds=app.config["SWEEP_INTERVAL"]
    )
