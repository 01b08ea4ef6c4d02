"""Periodic jobs run by rq-scheduler (`scheduler.py`), registered idempotently.

Each periodic job has a deterministic id, so registering at every scheduler start replaces
the previous definition instead of adding a second one; periodic ids no longer listed are
removed. rq-scheduler 0.14 works with RQ 3.0 for this (checked: `Scheduler.schedule` with
`interval`, `enqueue_jobs`, and RQ 3 workers running the enqueued job).
"""
from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from redis import Redis
from rq_scheduler import Scheduler

from callsheet.queueing.queues import CLEANUP_QUEUE, SWEEP_UPLOADS
from callsheet.queueing.retention import PURGE_RESULTS

RECONCILE = "callsheet.queueing.reconciler.reconcile"

PREFIX = "periodic-"


def periodic_jobs(config: dict[str, Any]) -> list[dict[str, Any]]:
    """The periodic jobs and their intervals, from the settings."""
    return [
        {
            "id": f"{PREFIX}sweep-uploads",
            "func": SWEEP_UPLOADS,
            "interval": config["SWEEP_INTERVAL"],
            "queue": CLEANUP_QUEUE,
            "timeout": 600,
        },
        {
            "id": f"{PREFIX}purge-results",
            "func": PURGE_RESULTS,
            "interval": config["SWEEP_INTERVAL"],
            "queue": CLEANUP_QUEUE,
            "timeout": 600,
        },
        {
            "id": f"{PREFIX}reconcile-jobs",
            "func": RECONCILE,
            "interval": config["RECONCILE_INTERVAL"],
            "queue": CLEANUP_QUEUE,
            "timeout": 300,
        },
    ]


class PeriodicScheduler(Scheduler):
    """rq-scheduler that puts its periodic jobs back if Redis lost them (a restart without
    persistence), checked before every pass, so the reconciler itself cannot be lost."""

    def __init__(self, *args: Any, periodic: list[dict[str, Any]] | None = None,
                 tick: Callable[[], Any] | None = None, tick_interval: float = 30, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.periodic = list(periodic or [])
        self.tick, self.tick_interval = tick, tick_interval
        self.last_tick: float | None = None  # monotonic() starts near 0 at boot: never compare with 0

    def enqueue_jobs(self) -> list[Any]:
        if self.tick is not None and (self.last_tick is None
                                      or time.monotonic() - self.last_tick >= self.tick_interval):
            self.last_tick = time.monotonic()
            try:
                self.tick()
            except Exception:  # Redis or the database away: next time
                self.log.warning("periodic tick failed", exc_info=True)
        ids = [job["id"] for job in self.periodic]
        if ids and any(self.connection.zscore(self.scheduled_jobs_key, i) is None
                       and not self.connection.exists(f"rq:job:{i}") for i in ids):
            self.log.warning("periodic jobs missing from Redis; registering them again")
            register(self, self.periodic)
        return super().enqueue_jobs()


def make_scheduler(connection: Redis, interval: float = 5, jobs: list[dict[str, Any]] | None = None,
                   tick: Callable[[], Any] | None = None, tick_interval: float = 30) -> Scheduler:
    """The scheduler; with `jobs`, it re-registers them whenever Redis has lost them; `tick`
    runs in the scheduler process itself every `tick_interval` s."""
    return PeriodicScheduler(queue_name=CLEANUP_QUEUE, connection=connection, interval=interval, periodic=jobs,
                             tick=tick, tick_interval=tick_interval)


def register(scheduler: Scheduler, jobs: list[dict[str, Any]]) -> list[str]:
    """(Re)register `jobs` under their ids (first run now if new); drop stale periodic ids."""
    wanted = {job["id"] for job in jobs}
    next_runs = {}
    for job, when in scheduler.get_jobs(with_times=True):
        if job.id.startswith(PREFIX) and job.id not in wanted:
            scheduler.cancel(job)
            job.delete()
        next_runs[job.id] = when.replace(tzinfo=UTC)
    now = datetime.now(UTC)
    for job in jobs:
        # A job already registered keeps its next run (capped by the new interval), so a
        # restart neither runs it twice nor postpones it.
        first_run = min(next_runs.get(job["id"], now), now + timedelta(seconds=job["interval"]))
        scheduler.cancel(job["id"])
        scheduler.schedule(
            first_run,
            job["func"],
            interval=job["interval"],
            repeat=None,
            id=job["id"],
            queue_name=job["queue"],
            timeout=job["timeout"],
            result_ttl=job["interval"] * 2,
            description=f"periodic {job['id']} every {job['interval']} s",
        )
    return sorted(wanted)
