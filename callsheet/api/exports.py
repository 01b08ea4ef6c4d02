"""A job's contacts as files (CSV, vCard), and deleting them.

`GET /api/extraction/job/<id>/contacts.csv` and `.../contacts.vcf` export a completed
job's contacts (`?include=belowThreshold` adds those under the quality threshold);
`DELETE /api/extraction/job/<id>/results` removes a finished job's contacts and its stored
upload at once, without waiting for `RESULTS_RETENTION_DAYS` and `CLEANUP_DELAY`.
"""
from __future__ import annotations

import io
import os
from typing import Any

from flask import Response, current_app, send_file
from flask_smorest import Blueprint

from callsheet.api import contact_files
from callsheet.api.auth import require_user
from callsheet.api.extraction import own_job
from callsheet.api.schemas import ErrorResponseSchema, ExportArgsSchema
from callsheet.api.views import contact_view, iso
from callsheet.errors import ApiError
from callsheet.extensions import db
from callsheet.store import retention
from callsheet.store.models import FINISHED, ExtractionJob
from callsheet.store.uploads import from_config as storage_from_config

blp = Blueprint("exports", __name__, url_prefix="/api/extraction",
                description="A job's contacts as CSV or vCard files, and their deletion")
blp.before_request(require_user)
SECURITY = [{"bearerAuth": []}]
ERRORS = {
    400: "The job id is not a UUID",
    401: "Missing, malformed, expired or wrongly signed token",
    404: "No such job among yours",
    409: "The job has not completed (exports) or not finished (deletion) yet",
    410: "The job's contacts were deleted (by you or by the retention period)",
    503: "The database is unreachable",
}
FILE_SCHEMA = {"type": "string", "format": "binary"}


def _errors(*statuses: int) -> Any:
    def decorate(view: Any) -> Any:
        for status in statuses:
            view = blp.alt_response(status, schema=ErrorResponseSchema, description=ERRORS[status])(view)
        return view

    return decorate


def _exportable(job_id: str, include: str | None) -> tuple[ExtractionJob, list[dict[str, Any]]]:
    """The completed job and the contacts to export; 409 before completion, 410 once deleted."""
    row = own_job(job_id)
    if row.status != "completed":
        reason = {"failed": "it failed, so it has no contacts",
                  "cancelled": "it was cancelled, so it has no contacts"}.get(row.status, "retry once it has completed")
        raise ApiError(409, f"The job is {row.status}; {reason}.", "job_not_completed")
    if row.results_deleted_at is not None:
        raise ApiError(410, f"The contacts of this job were deleted on {iso(row.results_deleted_at)}.",
                       "results_deleted")
    contacts = [c for c in row.contacts if include == "belowThreshold" or not c.below_threshold]
    return row, [contact_view(c) for c in contacts]


def _download_name(row: ExtractionJob, extension: str) -> str:
    stem = os.path.splitext(row.original_name or "")[0].strip() or f"job-{row.id[:8]}"
    return f"{stem} contacts.{extension}"


def _file(data: bytes, mimetype: str, name: str) -> Response:
    response = send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name,
                         max_age=0, etag=False, last_modified=None)
    response.headers["Cache-Control"] = "private, no-store"  # personal data: no shared caches
    return response


@blp.route("/job/<job_id>/contacts.csv")
@blp.arguments(ExportArgsSchema, location="query")
@blp.response(200, FILE_SCHEMA, content_type="text/csv",
              description="UTF-8 with BOM; columns " + ", ".join(contact_files.CSV_COLUMNS))
@_errors(400, 401, 404, 409, 410, 503)
@blp.doc(security=SECURITY)
def contacts_csv(args: dict[str, Any], job_id: str) -> Response:
    """The job's contacts as CSV, one row per contact (opens in Excel, Numbers, Google Sheets)."""
    row, contacts = _exportable(job_id, args.get("include"))
    return _file(contact_files.contacts_csv(contacts), "text/csv", _download_name(row, "csv"))


@blp.route("/job/<job_id>/contacts.vcf")
@blp.arguments(ExportArgsSchema, location="query")
@blp.response(200, FILE_SCHEMA, content_type="text/vcard",
              description="vCard 3.0, one card per contact with a phone or an e-mail")
@_errors(400, 401, 404, 409, 410, 503)
@blp.doc(security=SECURITY)
def contacts_vcf(args: dict[str, Any], job_id: str) -> Response:
    """The job's contacts as vCards, to import into iOS, Android or Google Contacts."""
    row, contacts = _exportable(job_id, args.get("include"))
    production = (row.result_metadata or {}).get("production")
    text = contact_files.contacts_vcf(contacts, production=production, source=row.original_name)
    return _file(text.encode("utf-8"), "text/vcard", _download_name(row, "vcf"))


@blp.route("/job/<job_id>/results", methods=["DELETE"])
@blp.response(204, description="The contacts and the stored upload are deleted (idempotent)")
@_errors(400, 401, 404, 409, 503)
@blp.doc(security=SECURITY)
def delete_results(job_id: str) -> Any:
    """Delete a finished job's contacts and its stored upload now; the job itself stays listed."""
    row = own_job(job_id)
    if row.status not in FINISHED:
        raise ApiError(409, f"The job is {row.status}; cancel it first, or wait until it has finished.",
                       "job_not_finished")
    key = row.storage_key
    retention.delete_results(db.session, job_id)
    storage_from_config(current_app.config).delete(key)
    return ""
