"""Rates, success rate and timings of the last minutes, from the job rows.

Every web and worker process writes the rows, so these are right however many processes
run. The per-queue counts (RQ's registries) are in `callsheet.queueing.counts`.
"""
from __future__ import annotations

import math
import time
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from callsheet.extensions import db
from callsheet.store.models import ExtractionJob, utcnow

DEFAULT_PROCESSING_MS = 2000.0  # used until a first job has completed
SAMPLE = 50
RECENT_MAX_AGE = 1.0  # seconds an upload may reuse the mean processing time


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


def recent_processing_ms_cached(max_age: float = RECENT_MAX_AGE) -> float:
    """`recent_processing_ms()`, re-read at most every `max_age` s per app and process.

    The query was a tenth of an upload's CPU time; a mean of 50 jobs a second old is as good.
    """
    cache = current_app.extensions.setdefault("callsheet.recent_processing", {})
    now = time.monotonic()
    if cache.get("until", 0.0) < now:
        cache["value"], cache["until"] = recent_processing_ms(), now + max_age
    return cache["value"]
