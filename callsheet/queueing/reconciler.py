"""The database is the source of truth, Redis is transport: put back what Redis lost.

`reconcile()` runs every `RECONCILE_INTERVAL` seconds (a periodic job registered by
`periodic.py` with rq-scheduler). It first runs RQ's own registry maintenance on the
extraction queues, which hands abandoned jobs (their worker died: the started-registry
entry outlived its heartbeat) to `jobs.on_extraction_failure` and RQ's retry. Then every
row still `waiting` or `active` is checked against its RQ job:

* missing (Redis restarted and lost its data, or the enqueue never happened), queued but
  in no queue, started but in no started registry with a stale heartbeat, or ended in RQ
  while the row did not (the failure callback could not write to the database): the RQ
  job is replaced by a fresh one with the same id, so the job runs again;
* a row that has been started `MAX_ATTEMPTS_FACTOR` times its queue's attempts gives up:
  `failed` with a reason, and its file's deletion is scheduled like any other ending.

Rows younger than `grace` seconds are left alone (an upload commits its row just before
it enqueues). A Redis lock keeps two runs from overlapping. Re-enqueueing under the same
id never duplicates contacts: results replace a job's contacts in one transaction.
"""
from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from typing import Any

from redis import Redis
from rq import Queue
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.registry import StartedJobRegistry, clean_registries
from rq.utils import now as rq_now
from sqlalchemy import select, update

from callsheet.queueing import context, webhooks
from callsheet.queueing.context import JobContext
from callsheet.queueing.queues import ATTEMPTS, EXTRACTION_QUEUES, enqueue_extraction, job_timeout, schedule_cleanup
from callsheet.store.tables import extraction_job, utcnow

JOB = extraction_job.c
log = logging.getLogger("callsheet.reconciler")  # the name operators filter on, kept across moves
LOCK_KEY = "callsheet:reconciler:lock"
MAX_ATTEMPTS_FACTOR = 2
HEARTBEAT_GRACE = 120  # seconds without a heartbeat before a started job with no registry entry is lost
DEQUEUE_GRACE = 30  # seconds a queued job may be missing from its list (a worker just popped it) before it is lost
BATCH = 1000
ENDED_IN_RQ = (JobStatus.FINISHED, JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED)


def _started_ids(connection: Redis) -> set[str]:
    ids: set[str] = set()
    for name in EXTRACTION_QUEUES:
        ids.update(StartedJobRegistry(name, connection=connection).get_job_ids(cleanup=False))
    return ids


def lost_reason(connection: Redis, job: Job | None, started: set[str]) -> str | None:
    """Why the RQ side of a waiting/active row will never run it again, or None if it will."""
    if job is None:
        return "missing"
    status = job.get_status(refresh=False)
    if status == JobStatus.QUEUED:
        in_queue = connection.lpos(Queue(job.origin, connection=connection).key, job.id) is not None
        # A worker that has just popped it has not marked it started yet: not lost (yet).
        just_queued = job.enqueued_at is not None and (rq_now() - job.enqueued_at).total_seconds() < DEQUEUE_GRACE
        return None if in_queue or just_queued else "queued in no queue"
    if status == JobStatus.STARTED:
        if job.id in started:
            return None
        beat = job.last_heartbeat or job.started_at
        if beat is None or (rq_now() - beat).total_seconds() > HEARTBEAT_GRACE:
            return "started with no live worker"
        return None
    if status in ENDED_IN_RQ:
        # A stale run that woke after its job was taken over ends the shared RQ job while the
        # newer run (its execution still in the started registry) goes on: not lost.
        return None if job.id in started else f"{status.value} in RQ"
    return None  # scheduled (a retry waiting for its backoff) or deferred


def _give_up(job_context: JobContext, connection: Redis, row: Any, reason: str) -> None:
    message = f"Gave up after {row.attempts} attempts: the job kept being interrupted ({reason})."
    session, config = job_context.session, job_context.config
    changed = session.execute(
        update(extraction_job)
        .where(JOB.id == row.id, JOB.status.in_(("waiting", "active")))
        .values(status="failed", error=message, finished_at=utcnow(),
                progress={"status": "failed", "stage": (row.progress or {}).get("stage"), "percent": 100})
    ).rowcount
    session.commit()
    if changed:
        schedule_cleanup(connection, row.file_id, config["CLEANUP_DELAY"], config["RETRY_BASE_SECONDS"])
        webhooks.enqueue_delivery(connection, row.id, row.callback_url, config)


def requeue(job_context: JobContext, connection: Redis, row: Any) -> None:
    """Replace the RQ job of `row` by a fresh one under the same id, on the row's queue."""
    config = job_context.config
    try:
        Job.fetch(row.id, connection=connection).delete()
    except NoSuchJobError:
        pass
    enqueue_extraction(
        connection,
        row.id,
        row.priority,
        retry_base=config["RETRY_BASE_SECONDS"],
        timeout=job_timeout(config, row.method),
        result_ttl=config["RESULT_TTL"],
    )


def reconcile_rows(job_context: JobContext, connection: Redis, grace: float) -> dict[str, int]:
    """Check every unfinished row older than `grace` seconds against RQ; re-enqueue or give up."""
    for name in EXTRACTION_QUEUES:
        clean_registries(Queue(name, connection=connection))
    started = _started_ids(connection)
    counts = {"checked": 0, "requeued": 0, "failed": 0}
    session = job_context.session
    rows = session.execute(
        select(extraction_job)
        .where(JOB.status.in_(("waiting", "active")),
               JOB.created_at < utcnow() - timedelta(seconds=grace))
        .order_by(JOB.created_at)
        .limit(BATCH)
    ).all()
    jobs = Job.fetch_many([row.id for row in rows], connection=connection) if rows else []
    for row, job in zip(rows, jobs, strict=True):
        counts["checked"] += 1
        reason = lost_reason(connection, job, started)
        if reason is None:
            continue
        if row.attempts >= MAX_ATTEMPTS_FACTOR * ATTEMPTS[row.queue]:
            _give_up(job_context, connection, row, reason)
            counts["failed"] += 1
            log.warning("reconciler: job %s was %s; gave up", row.id, reason, extra={"job_id": row.id})
        else:
            requeue(job_context, connection, row)
            counts["requeued"] += 1
            log.warning("reconciler: job %s was %s; re-enqueued", row.id, reason, extra={"job_id": row.id})
    session.rollback()
    return counts


def reconcile(grace: float | None = None) -> dict[str, int] | None:
    """Periodic job: one reconciliation run (None if another run holds the lock)."""
    with context.current() as job_context:
        connection, config = job_context.redis, job_context.config
        interval = config["RECONCILE_INTERVAL"]
        token = uuid.uuid4().hex
        if not connection.set(LOCK_KEY, token, nx=True, ex=max(5, int(interval) * 2)):
            return None
        try:
            counts = reconcile_rows(job_context, connection, config["RECONCILE_GRACE"] if grace is None else grace)
        finally:
            if connection.get(LOCK_KEY) == token.encode():
                connection.delete(LOCK_KEY)
        log.info("reconciler: %(checked)d unfinished jobs checked, %(requeued)d re-enqueued, %(failed)d gave up",
                 counts, extra=counts)
        return counts
