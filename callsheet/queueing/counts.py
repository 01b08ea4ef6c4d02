"""Per-queue counts from RQ's registries (what `rq info` shows) and the processing-time
estimate given at upload, which weighs the recent mean processing time by the jobs ahead."""
from __future__ import annotations

from redis import Redis
from rq import Queue, Worker
from rq.worker_registration import WORKERS_BY_QUEUE_KEY

from callsheet.queueing.queues import QUEUES, ROUTES
from callsheet.store.stats import recent_processing_ms_cached


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


def worker_count(connection: Redis) -> int:
    """Workers alive on any queue."""
    return Worker.count(connection=connection)


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
    return round(recent_processing_ms_cached() * (1 + sum(lengths) / max(1, workers)))
