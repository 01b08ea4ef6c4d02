"""Which failures of an extraction job are retried, and what its user reads when one is final.

`jobs.on_extraction_failure` (the RQ failure callback) asks `decide`; RQ then retries the
job while `retries_left` > 0. The attempt is given back when the failure was not the
document's (its worker was killed or shut down, an outside service's breaker is open); a
document that timed out twice at the same stage fails at once with that reason instead of
holding a worker for every remaining attempt.
"""
from __future__ import annotations

from typing import Any

import redis
import sqlalchemy.exc
from rq.exceptions import AbandonedJobError, ShutDownImminentException
from rq.timeouts import JobTimeoutException

from callsheet.extraction.errors import CircuitOpen, PermanentError, TransientError
from callsheet.queueing import breakers

# A job whose worker was killed (a deploy's SIGKILL after the grace period) gets its attempt
# back this many times; a document that kills every worker that opens it still ends.
FREE_ABANDONS = 3
# The worker was shut down under the job (a deploy: the grace ran out, or a second SIGTERM):
# back to its queue with the attempt given back, also in the row, up to FREE_SHUTDOWNS times.
SHUTDOWN = (ShutDownImminentException, SystemExit)
FREE_SHUTDOWNS = 5
RETRYABLE = (
    *SHUTDOWN,
    TransientError,
    JobTimeoutException,
    AbandonedJobError,  # its worker died (SIGKILL, OOM, lost machine): RQ's registry cleanup reports it
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
)
ATTEMPT_GIVEN_BACK = (CircuitOpen, *SHUTDOWN)  # the row's attempt count goes back down too


def _give_back(job: Any, counter: str, limit: int) -> None:
    """The attempt was not the document's fault: give it back, and retry at once, first in line.

    At once: RQ enqueues a retry whose interval is 0 straight onto its queue; any other
    interval goes through RQ's scheduler, whose lock may still be held for a minute by the
    very worker that was killed (its scheduler died with it), which delayed the re-run.
    First in line (the front of its own queue): it had already waited its turn once, and
    behind a backlog it would otherwise wait minutes more.
    """
    if job.meta.get(counter, 0) >= limit:
        return
    job.meta[counter] = job.meta.get(counter, 0) + 1
    job.retries_left = (job.retries_left or 0) + 1
    intervals = list(job.retry_intervals or [0])
    intervals[max(len(intervals) - job.retries_left, 0)] = 0  # the one RQ's job.retry picks now
    job.retry_intervals = intervals
    job.enqueue_at_front_on_retry = True


def stage(job: Any) -> str | None:
    """The stage the job last reported (loading, extracting, saving), from job.meta."""
    return job.meta.get("stage") or (job.meta.get("progress") or {}).get("stage")


def decide(job: Any, exc: BaseException) -> str | None:
    """Set `job.retries_left` for this failure; a reason when it makes the failure final at once."""
    if not isinstance(exc, RETRYABLE):
        job.retries_left = 0
    elif isinstance(exc, CircuitOpen):  # the outside service is down: wait, keep the attempt
        breakers.hold_attempt(job, exc)
    elif isinstance(exc, SHUTDOWN):
        _give_back(job, "shut_down", FREE_SHUTDOWNS)
    elif isinstance(exc, AbandonedJobError):
        _give_back(job, "abandoned", FREE_ABANDONS)
    elif isinstance(exc, JobTimeoutException):
        where = stage(job) or "loading"
        timed_out = job.meta.setdefault("timed_out_at", [])
        timed_out.append(where)
        if timed_out.count(where) >= 2:
            job.retries_left = 0
            return (f"Processing took too long twice while {where} the document (over the method's time "
                    "limit): it is too slow to read as it is; split it into smaller files or try another method.")
    return None


def failure_message(exc: BaseException, attempts: int, final: bool) -> str:
    """What the user reads in `error` for a failed (or retrying) job."""
    if isinstance(exc, PermanentError):
        return str(exc)
    if isinstance(exc, JobTimeoutException):
        reason = "Processing took too long."
    elif isinstance(exc, AbandonedJobError):
        reason = "The worker processing it stopped (a restart or a crash)."
    elif isinstance(exc, SHUTDOWN):
        reason = "The worker processing it was shut down (a deploy or a restart)."
    elif isinstance(exc, RETRYABLE):
        reason = str(exc) or type(exc).__name__
    else:
        return f"Internal error while processing the document ({type(exc).__name__})."
    return f"Gave up after {attempts} attempts: {reason}" if final else reason
