"""`GET /api/extraction/jobs`: the caller's jobs, newest first, a page at a time.

Keyset pagination on (created_at, id): a page is one indexed range scan whatever its
depth, and jobs uploaded while someone pages never shift or repeat the pages after it
(they are newer than the first page). The cursor is opaque to clients: the last job's
creation time and id, base64url-encoded.
"""
from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Any

from flask_smorest import Blueprint
from sqlalchemy import and_, func, or_, select

from callsheet.api.auth import current_user_id, require_user
from callsheet.api.schemas import ErrorResponseSchema, JobListArgsSchema, JobListSchema
from callsheet.api.views import iso, job_summary
from callsheet.errors import ApiError
from callsheet.extensions import db
from callsheet.store.models import Contact, ExtractionJob

blp = Blueprint("jobs", __name__, url_prefix="/api/extraction", description="Your jobs, newest first")
blp.before_request(require_user)


def encode_cursor(row: ExtractionJob) -> str:
    raw = json.dumps([iso(row.created_at), row.id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """(created_at, id) of the last job of the previous page; 422 for anything this API did not make."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        created, job_id = json.loads(raw)
        return datetime.fromisoformat(created.replace("Z", "+00:00")), str(job_id)
    except (binascii.Error, ValueError, TypeError, AttributeError):
        raise ApiError(422, "The cursor is not one this API returned; start again without it.",
                       "invalid_cursor") from None


@blp.route("/jobs")
@blp.arguments(JobListArgsSchema, location="query")
@blp.response(200, JobListSchema)
@blp.alt_response(401, schema=ErrorResponseSchema, description="Missing, malformed, expired or wrongly signed token")
@blp.alt_response(503, schema=ErrorResponseSchema, description="The database is unreachable")
@blp.doc(security=[{"bearerAuth": []}])
def list_jobs(args: dict[str, Any]) -> Any:
    """Your jobs, newest first; follow `nextCursor` for older ones."""
    limit = args["limit"]
    query = select(ExtractionJob).where(ExtractionJob.owner_id == current_user_id())
    if args.get("status"):
        query = query.where(ExtractionJob.status == args["status"])
    if args.get("cursor"):
        created, job_id = decode_cursor(args["cursor"])
        query = query.where(or_(ExtractionJob.created_at < created,
                                and_(ExtractionJob.created_at == created, ExtractionJob.id < job_id)))
    rows = db.session.scalars(
        query.order_by(ExtractionJob.created_at.desc(), ExtractionJob.id.desc()).limit(limit + 1)
    ).all()
    page, more = rows[:limit], len(rows) > limit
    counts = _contact_counts([row.id for row in page if row.status == "completed"])
    return {
        "success": True,
        "jobs": [job_summary(row, counts.get(row.id, 0)) for row in page],
        "nextCursor": encode_cursor(page[-1]) if more else None,
    }


def _contact_counts(job_ids: list[str]) -> dict[str, int]:
    """Contacts (not below the threshold) per completed job, in one query."""
    if not job_ids:
        return {}
    rows = db.session.execute(
        select(Contact.job_id, func.count()).where(Contact.job_id.in_(job_ids), Contact.below_threshold.is_(False))
        .group_by(Contact.job_id)
    )
    return {job_id: count for job_id, count in rows}
