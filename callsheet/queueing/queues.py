"""Queue names in priority order, retry policies, and enqueueing.

A worker listens on `QUEUES` in this order and always takes from the first non-empty
queue, so the order *is* the priority:

1. `extraction-priority`: urgent (pushed to the front) and high (pushed to the back);
2. `extraction`: normal;
3. `extraction-low`: low. A queue of its own, listed after `extraction`, is the clean way
   to keep low behind normal: RQ has no priorities inside one queue, and pushing low to
   the back of `extraction` would let it overtake normal jobs enqueued after it;
4. `cleanup`: file deletions, last.

Jobs are enqueued by dotted path with ids only, so the web process never imports the
extraction code (PyMuPDF, AI SDKs).
"""
from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from redis import Redis
from rq import Callback, Queue, Retry
from rq.job import Job

PRIORITY_QUEUE = "extraction-priority"
MAIN_QUEUE = "extraction"
LOW_QUEUE = "extraction-low"
CLEANUP_QUEUE = "cleanup"
QUEUES = (PRIORITY_QUEUE, MAIN_QUEUE, LOW_QUEUE, CLEANUP_QUEUE)
EXTRACTION_QUEUES = QUEUES[:3]

PRIORITIES = ("low", "normal", "high", "urgent")


@dataclass(frozen=True)
class Route:
    queue: str
    at_front: bool = False


ROUTES = {
    "urgent": Route(PRIORITY_QUEUE, at_front=True),
    "high": Route(PRIORITY_QUEUE),
    "normal": Route(MAIN_QUEUE),
    "low": Route(LOW_QUEUE),
}

# Attempts in total (first run included); RQ's Retry(max=) counts retries, i.e. attempts - 1.
ATTEMPTS = {PRIORITY_QUEUE: 5, MAIN_QUEUE: 3, LOW_QUEUE: 3, CLEANUP_QUEUE: 2}

PROCESS_EXTRACTION = "callsheet.queueing.jobs.process_extraction"
ON_EXTRACTION_FAILURE = "callsheet.queueing.jobs.on_extraction_failure"
DELETE_UPLOAD = "callsheet.queueing.jobs.delete_upload"
SWEEP_UPLOADS = "callsheet.queueing.jobs.sweep_uploads"


def backoff(retries: int, base: float, rng: random.Random | None = None) -> list[int]:
    """Exponential intervals with +-25 % jitter: base, 2*base, 4*base, ... (seconds).

    The jitter is drawn at enqueue time (RQ's `Retry` takes fixed intervals), which is
    enough to spread a burst of jobs that failed together on one outage.
    """
    rng = rng or random.Random()
    return [max(0, round(base * 2**i * rng.uniform(0.75, 1.25))) for i in range(retries)]


def retry_policy(queue: str, base: float) -> Retry:
    retries = ATTEMPTS[queue] - 1
    return Retry(max=retries, interval=backoff(retries, base))


def job_timeout(config: Mapping[str, Any], method: str) -> int:
    """Seconds an extraction with `method` may run before RQ kills it (and it is retried)."""
    return int(config.get("JOB_TIMEOUTS", {}).get(method) or config["JOB_TIMEOUT"])


def get_queue(name: str, connection: Redis) -> Queue:
    return Queue(name, connection=connection)


def enqueue_extraction(
    connection: Redis,
    job_id: str,
    priority: str,
    *,
    retry_base: float,
    timeout: int,
    result_ttl: int,
    func: str = PROCESS_EXTRACTION,
    request_id: str | None = None,
) -> Job:
    """Enqueue the extraction of job row `job_id` on the queue its priority routes to.

    `request_id` (the upload's X-Request-ID) travels in `job.meta`, so the worker's log
    lines carry it too and one upload can be followed from web to worker.
    """
    route = ROUTES[priority]
    return get_queue(route.queue, connection).enqueue(
        func,
        job_id,
        job_id=job_id,
        at_front=route.at_front,
        retry=retry_policy(route.queue, retry_base),
        on_failure=Callback(ON_EXTRACTION_FAILURE),
        job_timeout=timeout,
        result_ttl=result_ttl,
        failure_ttl=7 * 86400,
        description=f"extract {job_id} ({priority})",
        meta={"request_id": request_id} if request_id else None,
    )


def cleanup_job_id(file_id: str) -> str:
    return f"cleanup-{file_id}"


def schedule_cleanup(connection: Redis, file_id: str, delay: int, retry_base: float, pipeline: Any = None) -> Job:
    """Delete upload `file_id` in `delay` seconds (deterministic id: scheduling twice is one job).

    Uses RQ's own scheduler, run by workers started with `--with-scheduler`. With `pipeline`
    the job is written when the caller executes it.
    """
    queue = get_queue(CLEANUP_QUEUE, connection)
    return queue.enqueue_in(
        timedelta(seconds=delay),
        DELETE_UPLOAD,
        file_id,
        job_id=cleanup_job_id(file_id),
        retry=retry_policy(CLEANUP_QUEUE, retry_base),
        result_ttl=86400,
        description=f"delete upload {file_id}",
        pipeline=pipeline,
    )
