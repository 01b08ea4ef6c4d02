"""How long contacts are kept: until their owner deletes them, at most `RESULTS_RETENTION_DAYS`.

Contacts are personal data (names, phones, e-mails of a film crew). Deleting a job's
results removes its contact rows and stamps `results_deleted_at` on the job, which is
kept (status, timings, file name: no contact data) so that the owner's list and the
statistics stay whole and the API can say the contacts were deleted, and when.

Core statements on the tables (no ORM): `session` is the web's Flask-SQLAlchemy session or a
worker's connection (callsheet/queueing/context.py), where the periodic purge runs.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update

from callsheet.store.tables import FINISHED, contact, extraction_job, utcnow

BATCH = 500
JOB = extraction_job.c


def delete_results(session: Any, job_id: str, when: datetime | None = None) -> None:
    """Remove the contacts of finished job `job_id` (idempotent) and record when."""
    session.execute(delete(contact).where(contact.c.job_id == job_id))
    session.execute(
        update(extraction_job)
        .where(JOB.id == job_id, JOB.status.in_(FINISHED), JOB.results_deleted_at.is_(None))
        .values(results_deleted_at=when or utcnow())
    )
    session.commit()


def purge_older_than(session: Any, days: int, now: datetime | None = None) -> int:
    """Delete the results of every job that ended more than `days` days ago; the number of jobs purged.

    Works in batches of `BATCH` jobs, one transaction each, so a first run over a large
    backlog neither holds long locks nor one huge transaction.
    """
    now = now or utcnow()
    cutoff = now - timedelta(days=days)
    purged = 0
    while True:
        ids = list(session.scalars(
            select(JOB.id)
            .where(JOB.status.in_(FINISHED), JOB.finished_at < cutoff, JOB.results_deleted_at.is_(None))
            .limit(BATCH)
        ))
        if not ids:
            session.rollback()
            return purged
        session.execute(delete(contact).where(contact.c.job_id.in_(ids)))
        session.execute(update(extraction_job).where(JOB.id.in_(ids)).values(results_deleted_at=now))
        session.commit()
        purged += len(ids)
