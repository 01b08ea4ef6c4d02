"""RESULTS_RETENTION_DAYS: the periodic purge deletes the contacts of jobs that ended long enough ago."""
from __future__ import annotations

from datetime import timedelta

from rq.job import Job
from sqlalchemy import update

from callsheet.extensions import db
from callsheet.queueing import periodic
from callsheet.queueing.queues import CLEANUP_QUEUE
from callsheet.store.models import ExtractionJob, utcnow
from tests.helpers import upload, work
from tests.sheets import crew_sheet

PURGE_ID = "periodic-purge-results"


def _completed(client, auth, app) -> str:
    job_id = upload(client, auth.headers(), data=crew_sheet(), extractionMethod="pattern").get_json()["jobId"]
    work(app)
    return job_id


def _age(app, job_id: str, days: float) -> None:
    with app.app_context():
        db.session.execute(update(ExtractionJob).where(ExtractionJob.id == job_id)
                           .values(finished_at=utcnow() - timedelta(days=days)))
        db.session.commit()


def _run_periodic_purge(app, redis_conn) -> int:
    """Register the periodic jobs as scheduler.py does, let them come due, run the purge in a worker."""
    scheduler = periodic.make_scheduler(redis_conn)
    periodic.register(scheduler, periodic.periodic_jobs(app.config))
    scheduler.enqueue_jobs()
    work(app, queues=(CLEANUP_QUEUE,))
    return Job.fetch(PURGE_ID, connection=redis_conn).return_value()


def test_contacts_older_than_the_retention_are_purged(client, auth, app, redis_conn):
    old, recent = _completed(client, auth, app), _completed(client, auth, app)
    _age(app, old, 31)
    _age(app, recent, 29)
    assert app.config["RESULTS_RETENTION_DAYS"] == 30  # the default
    assert _run_periodic_purge(app, redis_conn) == 1
    purged = client.get(f"/api/extraction/job/{old}", headers=auth.headers()).get_json()
    kept = client.get(f"/api/extraction/job/{recent}", headers=auth.headers()).get_json()
    assert purged["status"] == "completed" and purged["resultsDeletedAt"]
    assert purged["results"]["contacts"] == purged["results"]["belowThreshold"] == []
    assert kept["resultsDeletedAt"] is None and kept["results"]["contacts"]
    assert client.get(f"/api/extraction/job/{old}/contacts.vcf", headers=auth.headers()).status_code == 410
    assert client.get(f"/api/extraction/job/{recent}/contacts.vcf", headers=auth.headers()).status_code == 200


def test_a_second_run_changes_nothing_and_zero_days_keeps_everything(client, auth, app, redis_conn):
    from callsheet.queueing.retention import purge_results

    job = _completed(client, auth, app)
    _age(app, job, 400)
    app.config["RESULTS_RETENTION_DAYS"] = 0
    with app.app_context():
        assert purge_results() == 0
    assert client.get(f"/api/extraction/job/{job}", headers=auth.headers()).get_json()["results"]["contacts"]
    app.config["RESULTS_RETENTION_DAYS"] = 365
    with app.app_context():
        assert purge_results() == 1
        assert purge_results() == 0
