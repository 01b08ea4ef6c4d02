"""How long contacts are kept: until their owner deletes them, at most `RESULTS_RETENTION_DAYS`.

Contacts are personal data (names, phones, e-mails of a film crew). Deleting a job's
results removes its contact rows and stamps `results_deleted_at` on the job, which is
kept (status, timings, file name: no contact data) so that the owner's list and the
statistics stay whole and the API can say the contacts were deleted, and when.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update

from callsheet.extensions import db
from callsheet.store.models import FINISHED, Contact, ExtractionJob, utcnow

BATCH = 500


def delete_results(job_id: str, when: datetime | None = None) -> None:
    """Remove the contacts of finished job `job_id` (idempotent) and record when."""
    db.session.execute(delete(Contact).where(Contact.job_id == job_id))
    db.session.execute(
        update(ExtractionJob)
        .where(ExtractionJob.id == job_id, ExtractionJob.status.in_(FINISHED),
               ExtractionJob.results_deleted_at.is_(None))
        .values(results_deleted_at=when or utcnow())
    )
    db.session.commit()


def purge_older_than(days: int, now: datetime | None = None) -> int:
    """Delete the results of every job that ended more than `days` days ago; the number of jobs purged.

    Works in batches of `BATCH` jobs, one transaction each, so a first run over a large
    backlog neither holds long locks nor one huge transaction.
    """
    now = now or utcnow()
    cutoff = now - timedelta(days=days)
    purged = 0
    while True:
        ids = list(db.session.scalars(
            select(ExtractionJob.id)
            .where(ExtractionJob.status.in_(FINISHED), ExtractionJob.finished_at < cutoff,
                   ExtractionJob.results_deleted_at.is_(None))
            .limit(BATCH)
        ))
        if not ids:
            return purged
        db.session.execute(delete(Contact).where(Contact.job_id.in_(ids)))
        db.session.execute(update(ExtractionJob).where(ExtractionJob.id.in_(ids)).values(results_deleted_at=now))
        db.session.commit()
        purged += len(ids)
