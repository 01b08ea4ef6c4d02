"""RQ job functions: thin, ids in, ids out, idempotent (delivery is at least once).

A job runs with the settings, database session and Redis of `context.current()`: the
worker's own (built once per worker process by worker.py, without Flask), or the Flask
app's when called inside its app context. Which failures are retried is decided in one
place, `on_extraction_failure` (the policy itself: retrying.py).
"""
from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import redis
import sqlalchemy.exc
from rq import get_current_job
from sqlalchemy import select, update

from callsheet import logs, metrics
from callsheet.extraction.errors import PermanentError
from callsheet.queueing import context, retrying, webhooks
from callsheet.queueing.context import JobContext
from callsheet.queueing.queues import schedule_cleanup
from callsheet.store import results
from callsheet.store.tables import FINISHED, extraction_job, utcnow
from callsheet.store.uploads import from_config as storage_from_config

JOB = extraction_job.c
log = logging.getLogger("callsheet.jobs")  # the name operators filter on, kept across moves
PROGRESS_INTERVAL = 0.5  # seconds between progress writes of one job
# Job id -> the worker name this process claimed its row with: the fence token. A worker that
# was frozen (SIGSTOP, a stalled machine) loses its job to another one after the heartbeat TTL;
# when it wakes, every write of its run is conditional on the row still naming it.
_CLAIMS: dict[str, str | None] = {}


@contextmanager
def _app_context() -> Iterator[JobContext]:
    """The job's context (the name kept for job functions of tests and plug-ins)."""
    with context.current() as job_context:
        yield job_context


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every time we store is UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _row(session: Any, job_id: str) -> Any:
    """The job's row (a Core row: attribute access by column name), or None."""
    return session.execute(select(extraction_job).where(JOB.id == job_id)).first()


def _set(job_id: str, *conditions: Any, **values: Any) -> bool:
    """UPDATE the row (if `conditions` hold) and commit; True if a row changed."""
    stmt = update(extraction_job).where(JOB.id == job_id, *conditions).values(**values)
    with context.current() as job_context:
        session = job_context.session
        changed = session.execute(stmt).rowcount > 0
        session.commit()
    return changed


class _Progress:
    """Writes (stage, percent) to job.meta and the row when it moved enough, at most every PROGRESS_INTERVAL s.

    A 2-page pattern job takes tens of ms: a commit and a Redis save per stage cost more
    than what a poller could ever see, so a fast job shows `loading` (written when it
    starts) and then its result; a slow one (OCR, AI) shows its stages as they come.
    """

    def __init__(self, job_id: str, written: tuple[str, int] = ("", -100), worker_name: str | None = None) -> None:
        self.job_id = job_id
        self.worker_name = worker_name
        self.rq_job = get_current_job()
        self.last = written
        self.written_at = time.monotonic()

    def __call__(self, stage: str, percent: int) -> None:
        if self.rq_job is not None:  # where a timeout finds it (retrying.decide), written or not
            self.rq_job.meta["stage"] = stage
        if stage == self.last[0] and percent - self.last[1] < 10:
            return
        now = time.monotonic()
        if now - self.written_at < PROGRESS_INTERVAL:
            return
        self.last, self.written_at = (stage, percent), now
        progress = {"status": "active", "stage": stage, "percent": int(percent)}
        if self.rq_job is not None:
            self.rq_job.meta["progress"] = progress
            self.rq_job.save_meta()
        _set(self.job_id, JOB.status == "active", JOB.worker_name == self.worker_name,
             progress=progress)


def _extraction_progress(report: _Progress) -> Any:
    """Map an extractor's 0..100 onto the 'extracting' part of the whole job (10..90)."""

    def progress(stage: str, percent: int) -> None:
        report("extracting", 10 + int(percent * 0.8))

    return progress


def process_extraction(job_id: str) -> str | None:
    """Extract the contacts of job row `job_id` and store them; returns the id, or None."""
    with logs.bind(job_id=job_id, request_id=_request_id(get_current_job())):
        return _process_extraction(job_id)


def _request_id(rq_job: Any) -> str | None:
    """The X-Request-ID of the upload that enqueued `rq_job` (see queues.enqueue_extraction)."""
    return rq_job.meta.get("request_id") if rq_job is not None else None


def _process_extraction(job_id: str) -> str | None:
    from callsheet.extraction import extract  # loaded before the fork by worker.py

    with context.current() as job_context:
        session = job_context.session
        row = _row(session, job_id)
        if row is None or row.status in FINISHED:
            log.info("job %s: nothing to do (%s)", job_id, row.status if row else "no row")
            return None
        started = utcnow()
        first_start = row.started_at is None
        values: dict[str, Any] = {"status": "active", "attempts": row.attempts + 1, "error": None}
        if first_start:
            values["started_at"] = started
            values["wait_ms"] = (started - _aware(row.created_at)).total_seconds() * 1000
        key, method, options, queue = row.storage_key, row.method, dict(row.options or {}), row.queue
        owner_id = row.owner_id
        logs.annotate(user_id=owner_id, method=method)
        session.rollback()
        rq_job = get_current_job()
        worker_name = rq_job.worker_name if rq_job is not None else None
        values["worker_name"] = worker_name
        values["progress"] = {"status": "active", "stage": "loading", "percent": 0}
        # `active` too: a job whose worker died is taken over by the retry (at least once).
        if not _set(job_id, JOB.status.in_(("waiting", "active")), **values):
            return None  # cancelled meanwhile
        _CLAIMS[job_id] = worker_name
        report = _Progress(job_id, written=("loading", 0), worker_name=worker_name)
        storage = storage_from_config(job_context.config)
        if not storage.exists(key):
            raise PermanentError("The uploaded file is no longer stored (expired or deleted).")
        with storage.local_path(key) as path:
            report("extracting", 10)
            result = extract(path, method, options, _extraction_progress(report))
        report("saving", 90)
        processing_ms = (utcnow() - started).total_seconds() * 1000
        result.metadata["worker"] = worker_name  # who finished it (worker_name: who took it)
        saved = results.save(session, job_id, owner_id, result, processing_ms, worker_name)
        _CLAIMS.pop(job_id, None)
        if not saved:  # cancelled while running, or taken over by another worker: keep nothing
            log.info("job %s: not saved (cancelled, or taken over while this worker was stalled)", job_id)
            return None
        if rq_job is not None:  # metrics, progress and the upload's deletion: one round trip
            wait_s = values["wait_ms"] / 1000 if first_start else None
            with rq_job.connection.pipeline(transaction=False) as pipe:
                metrics.record_job(rq_job.connection, "completed", queue, method, wait_s=wait_s,
                                   processing_s=processing_ms / 1000, pipeline=pipe)
                rq_job.meta["progress"] = {"status": "completed", "stage": "done", "percent": 100}
                pipe.hset(rq_job.key, "meta", rq_job.serializer.dumps(rq_job.meta))  # Job.save_meta
                _schedule_cleanup(job_context.config, rq_job.connection, row, pipe)
                pipe.execute()
        log.info("job completed", extra={"contacts": len(result.contacts), "pages": result.metadata.get("pages"),
                                         "processing_ms": round(processing_ms), "attempt": values["attempts"]})
        return job_id


def _schedule_cleanup(config: Any, connection: redis.Redis, row: Any, pipeline: Any = None) -> None:
    """What follows a job's end (completed or failed): its upload's deletion (in `pipeline` if given) and
    its webhook (RQ enqueues it in a transaction of its own), `row` being the job's."""
    schedule_cleanup(connection, row.file_id, config["CLEANUP_DELAY"], config["RETRY_BASE_SECONDS"], pipeline)
    webhooks.enqueue_delivery(connection, row.id, row.callback_url, config)


def on_extraction_failure(job: Any, connection: redis.Redis, exc_type: type, exc: BaseException, tb: Any) -> None:
    """RQ failure callback: the one place that decides retry or fail, and updates the row.

    Runs in the work horse with the very `Job` object RQ consults next, so setting
    `retries_left = 0` for a non-transient error makes RQ fail the job at once.
    """
    if _taken_over(job):  # a newer run owns the row: this stale one changes nothing, retries nothing
        job.retries_left = 0
        log.info("job %s: this run was taken over by another worker; its %s is dropped", job.id,
                 exc_type.__name__, extra={"job_id": job.id, "request_id": _request_id(job)})
        return
    reason = retrying.decide(job, exc)
    final = not job.should_retry
    try:
        _record_failure(job, connection, exc, final, reason)
    except (sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError) as db_down:
        # RQ still retries a transient failure; a row left behind is the reconciler's.
        log.warning("job %s: database unreachable while recording a failure (%s)", job.id,
                    type(db_down).__name__, extra={"job_id": job.id})
    log.info("job %s: %s (%s)", job.id, "failed" if final else "will retry", exc_type.__name__,
             extra={"job_id": job.id, "request_id": _request_id(job)})


def _taken_over(job: Any) -> bool:
    """True when this process claimed `job`'s row and the row now names another worker."""
    if job.id not in _CLAIMS:
        return False
    mine = _CLAIMS.pop(job.id)
    try:
        with context.current() as job_context:
            job_context.session.rollback()
            owner = job_context.session.scalar(select(JOB.worker_name).where(JOB.id == job.id))
    except (sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError):
        return False  # cannot tell: the failure is recorded (or left to the reconciler) as usual
    return owner != mine


def _record_failure(job: Any, connection: redis.Redis, exc: BaseException, final: bool,
                    reason: str | None = None) -> None:
    with context.current() as job_context:
        job_context.session.rollback()
        row = _row(job_context.session, job.id)
        if row is None or row.status in FINISHED:
            return
        message = reason or retrying.failure_message(exc, row.attempts, final)
        metrics.record_job(connection, "failed" if final else "retried", row.queue, row.method)
        if final:
            now = utcnow()
            started = _aware(row.started_at) or now
            _set(
                job.id,
                JOB.status.not_in(FINISHED),
                status="failed",
                error=message,
                finished_at=now,
                processing_ms=(now - started).total_seconds() * 1000,
                progress={"status": "failed", "stage": row.progress.get("stage"), "percent": 100},
            )
            _schedule_cleanup(job_context.config, connection, row)
        else:
            progress = {"status": "retrying", "stage": "waiting", "percent": 0}
            given_back = {"attempts": max(row.attempts - 1, 0)} if isinstance(exc, retrying.ATTEMPT_GIVEN_BACK) else {}
            _set(job.id, JOB.status.not_in(FINISHED), status="waiting", error=message, progress=progress,
                 **given_back)
            job.meta["progress"] = progress
            job.save_meta()


def delete_upload(file_id: str) -> bool:
    """Delete the stored upload of `file_id`; True if a file was removed. Idempotent."""
    with context.current() as job_context:
        key = job_context.session.scalar(select(JOB.storage_key).where(JOB.file_id == file_id))
        if key is None:
            return False
        return storage_from_config(job_context.config).delete(key)


def sweep_uploads(max_age: int | None = None) -> int:
    """Delete stored uploads older than `max_age` seconds (default CLEANUP_DELAY) whose job ended.

    The safety net for deletions that were never scheduled (a crash between the end of a
    job and its scheduling). Files of jobs still waiting or running are kept.
    """
    with context.current() as job_context:
        config = job_context.config
        age = timedelta(seconds=config["CLEANUP_DELAY"] if max_age is None else max_age)
        storage = storage_from_config(config)
        keys = storage.list_older_than(age)
        if not keys:
            return 0
        busy = set(
            job_context.session.scalars(
                select(JOB.storage_key).where(
                    JOB.storage_key.in_(keys), JOB.status.not_in(FINISHED)
                )
            )
        )
        return sum(storage.delete(key) for key in keys if key not in busy)

