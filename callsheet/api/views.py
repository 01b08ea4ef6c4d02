"""How a job and its contacts look in the API: one place, shared by every route."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from callsheet.store.models import Contact, ExtractionJob


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat().replace("+00:00", "Z")


def job_view(row: ExtractionJob) -> dict[str, Any]:
    """The job as the user sees it; `results` only once completed."""
    progress = dict(row.progress or {})
    view: dict[str, Any] = {
        "success": True,
        "jobId": row.id,
        "status": row.status,
        "queue": row.queue,
        "priority": row.priority,
        "extractionMethod": row.method,
        "attempts": row.attempts,
        "createdAt": iso(row.created_at),
        "startedAt": iso(row.started_at),
        "finishedAt": iso(row.finished_at),
        "error": row.error,
        "resultsDeletedAt": iso(row.results_deleted_at),
        "progress": {
            "status": progress.get("status", row.status),
            "stage": progress.get("stage"),
            "percent": progress.get("percent", 0),
            "processingTime": round(row.processing_ms) if row.processing_ms is not None else None,
            "contactsExtracted": sum(not c.below_threshold for c in row.contacts)
            if row.status == "completed" else None,
        },
    }
    if row.status == "completed":
        view["results"] = {
            "jobId": row.id,
            "contacts": [contact_view(c) for c in row.contacts if not c.below_threshold],
            "belowThreshold": [contact_view(c) for c in row.contacts if c.below_threshold],
            "metadata": row.result_metadata or {},
        }
    return view


def contact_view(c: Contact) -> dict[str, Any]:
    """One contact as the API shows it: `phones` and `roles` always list every value, primary first."""
    return {
        "name": c.name,
        "role": c.role,
        "roles": c.roles or ([c.role] if c.role else []),
        "department": c.department,
        "phone": c.phone,
        "phones": c.phones or ([c.phone] if c.phone else []),
        "phoneExt": c.phone_ext,
        "email": c.email,
        "character": c.character,
        "company": c.company,
        "confidence": c.confidence,
        "page": c.page,
        "preferred": bool(c.preferred),
        "sources": c.sources or [],
    }


def job_summary(row: ExtractionJob, contacts: int) -> dict[str, Any]:
    """A line of "my jobs": `contactsExtracted` (not below the threshold) once completed."""
    return {
        "jobId": row.id,
        "status": row.status,
        "fileName": row.original_name,
        "extractionMethod": row.method,
        "priority": row.priority,
        "createdAt": iso(row.created_at),
        "finishedAt": iso(row.finished_at),
        "contactsExtracted": contacts if row.status == "completed" else None,
    }
