"""Storing an extraction result: the job's contacts replaced in one transaction.

A retried job (at-least-once delivery) therefore never duplicates contacts, and a job
cancelled while it ran keeps none.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import delete, update

from callsheet.extensions import db
from callsheet.extraction.types import ExtractionResult
from callsheet.store.models import Contact, ExtractionJob, utcnow

CONTACT_FIELDS = ("name", "role", "department", "phone", "phone_ext", "email", "character", "company")


def _clip(value: str | None, column: Any) -> str | None:
    """Strings longer than the column are cut (PostgreSQL would refuse them)."""
    length = getattr(column.type, "length", None)
    return value[:length] if value and length else value


def contact_rows(job_id: str, owner_id: str, result: ExtractionResult) -> list[dict[str, Any]]:
    """Rows for the contacts, then for those below the quality threshold (flagged, kept apart)."""
    rows = []
    listed = [(contact, False) for contact in result.contacts]
    listed += [(contact, True) for contact in result.below_threshold]
    for position, (contact, below) in enumerate(listed):
        row: dict[str, Any] = {
            field: _clip(getattr(contact, field), Contact.__table__.c[field]) for field in CONTACT_FIELDS
        }
        row["name"] = row["name"] or ""
        row.update(
            job_id=job_id,
            owner_id=owner_id,
            position=position,
            phones=list(contact.phones),
            roles=list(contact.roles),
            sources=list(contact.sources),
            preferred=bool(contact.preferred),
            below_threshold=below,
            confidence=float(contact.confidence),
            page=contact.page,
        )
        rows.append(row)
    return rows


def save(job_id: str, result: ExtractionResult, processing_ms: float, worker_name: str | None = None) -> bool:
    """Mark the active job `completed` with `result`; False (nothing saved) if it is no longer
    active, or no longer run by `worker_name` (another worker took it over: the fence)."""
    owner_id = db.session.get(ExtractionJob, job_id).owner_id
    metadata = dict(result.metadata)
    metadata.update(contactsFound=len(result.contacts), belowThreshold=len(result.below_threshold))
    done = update(ExtractionJob).where(ExtractionJob.id == job_id, ExtractionJob.status == "active",
                                       ExtractionJob.worker_name == worker_name)
    changed = db.session.execute(
        done.values(
            status="completed",
            finished_at=utcnow(),
            processing_ms=processing_ms,
            result_metadata=metadata,
            error=None,
            progress={"status": "completed", "stage": "done", "percent": 100},
        )
    ).rowcount
    if not changed:
        db.session.rollback()
        return False
    db.session.execute(delete(Contact).where(Contact.job_id == job_id))
    rows = contact_rows(job_id, owner_id, result)
    if rows:
        db.session.execute(Contact.__table__.insert(), rows)
    db.session.commit()
    return True
