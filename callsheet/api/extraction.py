"""`/api/extraction`: upload a call sheet, follow its job, get its contacts, cancel it.

Every route needs a bearer token; a user only ever sees their own jobs (another user's
job answers 404 exactly like a missing one).
"""
from __future__ import annotations

import os
import unicodedata
import uuid
from typing import Any

from flask import current_app, g, request, url_for
from redis.exceptions import RedisError
from rq.command import send_stop_job_command
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job, JobStatus
from sqlalchemy import delete, select, update
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.datastructures import FileStorage

from callsheet import metrics
from callsheet.api import idempotency
from callsheet.api.auth import current_user_id, require_user
from callsheet.api.multipart import MULTIPART, MultipartBlueprint
from callsheet.api.outages import unavailable
from callsheet.api.quotas import check_queued
from callsheet.api.schemas import (
    CancelSchema,
    ErrorResponseSchema,
    JobSchema,
    StatsSchema,
    UploadResponseSchema,
    UploadSchema,
)
from callsheet.api.sniffing import sniff
from callsheet.api.views import job_view
from callsheet.errors import ApiError
from callsheet.extensions import db
from callsheet.extraction.limits import Limits
from callsheet.extraction.methods import missing_setting
from callsheet.queueing import breakers, broker, counts, webhook_targets, webhooks
from callsheet.queueing.queues import ROUTES, enqueue_extraction, job_timeout, schedule_cleanup
from callsheet.store import stats
from callsheet.store.models import FINISHED, ExtractionJob, utcnow
from callsheet.store.uploads import from_config as storage_from_config
from callsheet.store.uploads import upload_key

blp = MultipartBlueprint(
    "extraction", __name__, url_prefix="/api/extraction", description="Call sheet upload and extraction jobs"
)
blp.before_request(require_user)
SECURITY = [{"bearerAuth": []}]


RETRY_AFTER = {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}}
ERRORS = {
    400: "The job id is not a UUID",
    401: "Missing, malformed, expired or wrongly signed token",
    404: "No such job among yours",
    409: "The job has already finished, or an upload with this Idempotency-Key is still being handled",
    413: "The upload is larger than MAX_UPLOAD_MB",
    415: "Not a PDF, PNG, JPEG or TIFF (checked by content)",
    422: "Invalid fields, an empty file, an image over the pixel or decoded-size limit (image_too_large), "
         "a TIFF over MAX_PAGES (too_many_pages), an image whose size cannot be read (unreadable_image), an "
         "unavailable method, a refused callbackUrl or an Idempotency-Key reused for another upload",
    429: "Too many uploads per minute, or too many jobs waiting at once",
    503: "Redis, the database or the upload storage (read-only or full disk, S3 errors) is unavailable",
}


def _errors(*statuses: int) -> Any:
    """Document the error answers of a view (all in ErrorResponseSchema's shape)."""

    def decorate(view: Any) -> Any:
        for status in statuses:
            headers = RETRY_AFTER if status in (429, 503) else None
            view = blp.alt_response(status, schema=ErrorResponseSchema, description=ERRORS[status],
                                    headers=headers)(view)
        return view

    return decorate


def _app() -> Any:
    return current_app._get_current_object()  # type: ignore[attr-defined]


def _display_name(filename: str | None) -> str | None:
    """The client's file name for display only: base name, no control characters, 255 chars."""
    name = os.path.basename((filename or "").replace("\\", "/"))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[:255] or None


def own_job(job_id: str) -> ExtractionJob:
    """The caller's job `job_id`: 400 if not a UUID, 404 if missing or someone else's."""
    try:
        uuid.UUID(job_id)
    except ValueError:
        raise ApiError(400, "A job id is a UUID, as returned by the upload.", "invalid_job_id") from None
    row = db.session.scalar(
        select(ExtractionJob).where(ExtractionJob.id == job_id, ExtractionJob.owner_id == current_user_id())
    )
    if row is None:
        raise ApiError(404, f"No job {job_id}.", "job_not_found")
    return row


@blp.route("/upload", methods=["POST"])
@blp.arguments(UploadSchema, location=MULTIPART)
@blp.response(202, UploadResponseSchema)
@_errors(401, 409, 413, 415, 422, 429, 503)
@blp.doc(security=SECURITY, parameters=[idempotency.DOC_PARAMETER])
def upload(form: dict[str, Any]) -> Any:
    """Store a call sheet (PDF, PNG, JPEG or TIFF) and queue its extraction."""
    upload: FileStorage = form["file"]
    if len(request.files.getlist("file")) != 1:
        raise ApiError(422, "Send exactly one file in the 'file' field.", "validation_error")
    missing = missing_setting(form["extractionMethod"])
    if missing:
        raise ApiError(422, missing, "method_unavailable")
    app = _app()
    callback_url = _callback_url(app, form.get("callbackUrl"))
    kind = sniff(upload.stream, Limits.from_settings(app.config))
    user = current_user_id()
    fields = {name: form.get(name) for name in ("extractionMethod", "priority", "options", "callbackUrl")}
    digest = idempotency.fingerprint(fields, upload.stream)
    return idempotency.once(broker.for_app(app), user, request.headers.get(idempotency.HEADER), digest,
                            lambda: _accept(app, user, form, upload, kind, callback_url))


def _callback_url(app: Any, url: str | None) -> str | None:
    """The webhook URL, checked against the SSRF rules now (and again at delivery); 422 if refused."""
    if not url:
        return None
    if not app.config.get("WEBHOOK_SECRET"):
        raise ApiError(422, "Webhooks are off: the server has no WEBHOOK_SECRET to sign them with.",
                       "webhooks_unavailable")
    try:
        webhook_targets.resolve(url, app.config["WEBHOOK_ALLOW_PRIVATE"])
    except webhook_targets.RefusedTarget as exc:
        raise ApiError(422, str(exc), "callback_url_refused") from None
    return url.strip()


def _accept(app: Any, user: str, form: dict[str, Any], upload: FileStorage, kind: Any,
            callback_url: str | None) -> tuple[dict[str, Any], int, dict[str, str]]:
    """Store the file, write the row, enqueue the job: the 202 answer (undone on any failure)."""
    method, priority = form["extractionMethod"], form["priority"]
    check_queued(user)
    file_id, job_id = str(uuid.uuid4()), str(uuid.uuid4())
    key = upload_key(user, file_id, kind.ext)
    storage = storage_from_config(app.config)
    storage.save(upload.stream, key)
    route = ROUTES[priority]
    row = ExtractionJob(
        id=job_id,
        owner_id=user,
        file_id=file_id,
        storage_key=key,
        original_name=_display_name(upload.filename),
        content_type=kind.mime,
        size_bytes=upload.stream.tell(),
        method=method,
        priority=priority,
        queue=route.queue,
        options=form["options"],
        callback_url=callback_url,
        status="waiting",
        progress={"status": "queued", "stage": "queued", "percent": 0},
    )
    try:
        db.session.add(row)
        db.session.commit()
    except SQLAlchemyError:
        _forget(None, storage, key)
        raise unavailable("database") from None
    connection = broker.for_app(app)
    try:
        estimate = counts.estimate_ms(connection, priority)
        enqueue_extraction(
            connection,
            job_id,
            priority,
            retry_base=app.config["RETRY_BASE_SECONDS"],
            timeout=job_timeout(app.config, method),
            result_ttl=app.config["RESULT_TTL"],
            request_id=g.get("request_id"),
        )
    except (RedisError, SQLAlchemyError) as exc:
        _forget(job_id, storage, key)
        raise unavailable("queue" if isinstance(exc, RedisError) else "database") from None
    location = url_for("extraction.job", job_id=job_id)
    body = {
        "success": True,
        "jobId": job_id,
        "fileId": file_id,
        "status": "queued",
        "queue": route.queue,
        "estimatedProcessingTime": estimate,
    }
    return body, 202, {"Location": location}


def _forget(job_id: str | None, storage: Any, key: str) -> None:
    """Undo a half-done upload: its row, then its file. If the row cannot be deleted
    (the database is down too), the file stays for the reconciler, which enqueues the row."""
    db.session.rollback()
    if job_id is not None:
        try:
            db.session.execute(delete(ExtractionJob).where(ExtractionJob.id == job_id))
            db.session.commit()
        except SQLAlchemyError:
            db.session.rollback()
            return
    storage.delete(key)


@blp.route("/job/<job_id>", endpoint="job", methods=["GET"])
@blp.response(200, JobSchema)
@_errors(400, 401, 404, 503)
@blp.doc(security=SECURITY)
def get_job(job_id: str) -> Any:
    """Status, progress and (once completed) the contacts of one of your jobs."""
    return job_view(own_job(job_id))


@blp.route("/job/<job_id>", methods=["DELETE"])
@blp.response(200, CancelSchema)
@_errors(400, 401, 404, 409, 503)
@blp.doc(security=SECURITY)
def cancel_job(job_id: str) -> Any:
    """Cancel a waiting job or stop a running one (idempotent); 409 once it has finished."""
    row = own_job(job_id)
    if row.status == "cancelled":
        return {"success": True, "jobId": job_id, "status": "cancelled", "message": "Already cancelled."}
    if row.status in FINISHED:
        raise ApiError(409, f"The job has already {row.status}; there is nothing to cancel.", "job_finished")
    file_id, callback_url, queue, method = row.file_id, row.callback_url, row.queue, row.method
    cancelled = db.session.execute(
        update(ExtractionJob)
        .where(ExtractionJob.id == job_id, ExtractionJob.status.not_in(FINISHED))
        .values(status="cancelled", finished_at=utcnow(), progress={"status": "cancelled", "percent": 0})
    ).rowcount
    db.session.commit()
    if not cancelled:  # it finished between our read and our write
        db.session.expire_all()
        return cancel_job(job_id)
    app = _app()
    connection = broker.for_app(app)
    _stop_rq_job(connection, job_id)
    schedule_cleanup(connection, file_id, app.config["CLEANUP_DELAY"], app.config["RETRY_BASE_SECONDS"])
    webhooks.enqueue_delivery(connection, job_id, callback_url, app.config)
    metrics.record_job(connection, "cancelled", queue, method)
    return {"success": True, "jobId": job_id, "status": "cancelled", "message": "Cancelled."}


def _stop_rq_job(connection: Any, job_id: str) -> None:
    """RQ `cancel` for a job not started yet; a stop command to the worker running it."""
    try:
        job = Job.fetch(job_id, connection=connection)
    except NoSuchJobError:
        return
    if job.get_status() == JobStatus.STARTED:
        try:
            send_stop_job_command(connection, job_id)
            return
        except InvalidJobOperation:  # it stopped running meanwhile
            pass
    if job.get_status() not in (JobStatus.FINISHED, JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED):
        job.cancel()


@blp.route("/queue/stats")
@blp.response(200, StatsSchema)
@_errors(401, 503)
@blp.doc(security=SECURITY)
def queue_stats() -> Any:
    """Per-queue counts from RQ, and rates and timings over the recent window."""
    app = _app()
    connection = broker.for_app(app)
    return {
        "success": True,
        "queues": counts.queue_counts(connection),
        "workers": counts.worker_count(connection),
        "window": stats.window(app.config["STATS_WINDOW_MINUTES"]),
        "breakers": breakers.states(connection),
    }
