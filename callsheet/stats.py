"""Queue statistics and the processing-time estimate given at upload.

Counts per queue come from RQ's registries (what `rq info` shows). Rates, success rate
and timings come from the job rows in the database, which every web and worker process
writes, so they are right however many processes run.
"""
from __future__ import annotations

import math
import time
from datetime import timedelta
from typing import Any

from flask import current_app
from redis import Redis
from rq import Queue, Worker
from rq.worker_registration import WORKERS_BY_QUEUE_KEY
from sqlalchemy import func, select

from callsheet.extensions import db
from callsheet.models import ExtractionJob, utcnow
from callsheet.queues import QUEUES, ROUTES

DEFAULT_PROCESSING_MS = 2000.0  # used until a first job has completed
SAMPLE = 50
RECENT_MAX_AGE = 1.0  # seconds an upload may reuse the mean processing time


def queue_counts(connection: Redis) -> dict[str, dict[str, int]]:
    """For each queue: waiting, active, completed, failed, scheduled, cancelled, workers."""
    counts = {}
    for name in QUEUES:
        queue = Queue(name, connection=connection)
        counts[name] = {
            "waiting": queue.count,
            "active": queue.started_job_registry.count,
            "completed": queue.finished_job_registry.count,
            "failed": queue.failed_job_registry.count,
            "scheduled": queue.scheduled_job_registry.count,
            "cancelled": queue.canceled_job_registry.count,
            "workers": Worker.count(queue=queue),
        }
    return counts


def _p95(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def window(minutes: int) -> dict[str, Any]:
    """Completed/failed per minute, success rate, avg/p95 processing and avg wait, last `minutes`."""
    since = utcnow() - timedelta(minutes=minutes)
    ended = db.session.execute(
        select(ExtractionJob.status, ExtractionJob.processing_ms).where(
            ExtractionJob.finished_at >= since, ExtractionJob.status.in_(("completed", "failed"))
        )
    ).all()
    waits = db.session.scalars(
        select(ExtractionJob.wait_ms).where(ExtractionJob.started_at >= since, ExtractionJob.wait_ms.is_not(None))
    ).all()
    usage = ExtractionJob.result_metadata["usage"]
    tokens_in, tokens_out = db.session.execute(
        select(func.sum(usage["inputTokens"].as_integer()), func.sum(usage["outputTokens"].as_integer())).where(
            ExtractionJob.finished_at >= since, ExtractionJob.status == "completed"
        )
    ).one()
    completed = [ms for status, ms in ended if status == "completed" and ms is not None]
    n_completed = sum(1 for status, _ in ended if status == "completed")
    n_failed = len(ended) - n_completed
    return {
        "minutes": minutes,
        "completed": n_completed,
        "failed": n_failed,
        "completedPerMinute": round(n_completed / minutes, 3),
        "failedPerMinute": round(n_failed / minutes, 3),
        "successRate": round(n_completed / len(ended), 4) if ended else None,
        "avgProcessingMs": _round(_mean(completed)),
        "p95ProcessingMs": _round(_p95(completed)),
        "avgWaitMs": _round(_mean(list(waits))),
        "aiInputTokens": int(tokens_in or 0),
        "aiOutputTokens": int(tokens_out or 0),
    }


def recent_processing_ms() -> float:
    """Mean processing time of the last `SAMPLE` completed jobs (a default before any)."""
    recent = db.session.scalars(
        select(ExtractionJob.processing_ms)
        .where(ExtractionJob.status == "completed", ExtractionJob.processing_ms.is_not(None))
        .order_by(ExtractionJob.finished_at.desc())
        .limit(SAMPLE)
    ).all()
    return _mean(list(recent)) or DEFAULT_PROCESSING_MS


def _recent_processing_ms_cached(max_age: float = RECENT_MAX_AGE) -> float:
    """`recent_processing_ms()`, re-read at most every `max_age` s per app and process.

    The query was a tenth of an upload's CPU time; a mean of 50 jobs a second old is as good.
    """
    cache = current_app.extensions.setdefault("callsheet.recent_processing", {})
    now = time.monotonic()
    if cache.get("until", 0.0) < now:
        cache["value"], cache["until"] = recent_processing_ms(), now + max_age
    return cache["value"]


def estimate_ms(connection: Redis, priority: str) -> int:
    """Estimated upload-to-result time of a job about to be enqueued with `priority`.

    estimate = mean_processing * (1 + jobs_ahead / max(1, workers)), where mean_processing
    is the mean of the last 50 completed jobs, jobs_ahead counts the jobs waiting in the
    queues a worker takes before this one (none for urgent, which goes to the front) and
    workers counts the workers listening on this job's queue.
    """
    route = ROUTES[priority]
    position = QUEUES.index(route.queue)
    ahead_of = [] if route.at_front else QUEUES[: position + 1]
    with connection.pipeline(transaction=False) as pipe:  # one round trip, on every upload
        for name in ahead_of:
            pipe.llen(Queue(name, connection=connection).key)
        pipe.scard(WORKERS_BY_QUEUE_KEY % route.queue)
        *lengths, workers = pipe.execute()
    return round(_recent_processing_ms_cached() * (1 + sum(lengths) / max(1, workers)))
