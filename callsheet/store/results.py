"""Storing an extraction result: the job's contacts replaced in one transaction.

A retried job (at-least-once delivery) therefore never duplicates contacts, and a job
cancelled while it ran keeps none. Core statements (no ORM): `session` is a SQLAlchemy
Session or Connection (callsheet/queueing/context.py).
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import delete, update

from callsheet.extraction.types import ExtractionResult
from callsheet.store.tables import contact, extraction_job, utcnow

CONTACT_FIELDS = ("name", "role", "department", "phone", "phone_ext", "email", "character", "company")
_LENGTHS = {field: contact.c[field].type.length for field in CONTACT_FIELDS}  # type: ignore[attr-defined]


def _clip(value: str | None, length: int | None) -> str | None:
    """Strings longer than the column are cut (PostgreSQL would refuse them)."""
    return value[:length] if value and length else value


def contact_rows(job_id: str, owner_id: str, result: ExtractionResult) -> list[dict[str, Any]]:
    """Rows for the contacts, then for those below the quality threshold (flagged, kept apart)."""
    rows = []
    listed = [(found, False) for found in result.contacts]
    listed += [(found, True) for found in result.below_threshold]
    for position, (found, below) in enumerate(listed):
        row: dict[str, Any] = {
            field: _clip(getattr(found, field), _LENGTHS[field]) for field in CONTACT_FIELDS
        }
        row["name"] = row["name"] or ""
        row.update(
            job_id=job_id,
            owner_id=owner_id,
            position=position,
            phones=list(found.phones),
            roles=list(found.roles),
            sources=list(found.sources),
            preferred=bool(found.preferred),
            below_threshold=below,
            confidence=float(found.confidence),
            page=found.page,
        )
        rows.append(row)
    return rows


def save(session: Any, job_id: str, owner_id: str, result: ExtractionResult, processing_ms: float,
         worker_name: str | None = None) -> bool:
    """Mark the active job `completed` with `result`; False (nothing saved) if it is no longer
    active, or no longer run by `worker_name` (another worker took it over: the fence)."""
    metadata = dict(result.metadata)
    metadata.update(contactsFound=len(result.contacts), belowThreshold=len(result.below_threshold))
    done = update(extraction_job).where(extraction_job.c.id == job_id, extraction_job.c.status == "active",
                                        extraction_job.c.worker_name == worker_name)
    changed = session.execute(
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
        session.rollback()
        return False
    session.execute(delete(contact).where(contact.c.job_id == job_id))
    rows = contact_rows(job_id, owner_id, result)
    if rows:
        session.execute(contact.insert(), rows)
    session.commit()
    return True
