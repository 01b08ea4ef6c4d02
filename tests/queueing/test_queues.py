"""Queue machinery: priority order, retry policies, retry of transient failures only."""
from __future__ import annotations

import random

from rq import Callback, Queue
from rq.job import Job, JobStatus

from callsheet.queueing.queues import (
    ATTEMPTS,
    CLEANUP_QUEUE,
    LOW_QUEUE,
    MAIN_QUEUE,
    ON_EXTRACTION_FAILURE,
    PRIORITY_QUEUE,
    QUEUES,
    ROUTES,
    backoff,
    enqueue_extraction,
    retry_policy,
)
from tests.helpers import work


def test_queues_are_listed_in_priority_order():
    assert QUEUES == (PRIORITY_QUEUE, MAIN_QUEUE, LOW_QUEUE, CLEANUP_QUEUE)
    assert ROUTES["urgent"].queue == ROUTES["high"].queue == PRIORITY_QUEUE
    assert ROUTES["urgent"].at_front and not ROUTES["high"].at_front
    assert ROUTES["normal"].queue == MAIN_QUEUE and ROUTES["low"].queue == LOW_QUEUE


def test_retry_policies_give_each_queue_its_attempts():
    assert ATTEMPTS == {PRIORITY_QUEUE: 5, MAIN_QUEUE: 3, LOW_QUEUE: 3, CLEANUP_QUEUE: 2}
    for queue, attempts in ATTEMPTS.items():
        policy = retry_policy(queue, base=10)
        assert policy.max == attempts - 1
        assert len(policy.intervals) == attempts - 1


def test_backoff_is_exponential_with_bounded_jitter():
    intervals = backoff(4, base=10, rng=random.Random(1))
    for i, seconds in enumerate(intervals):
        assert 10 * 2**i * 0.75 - 1 <= seconds <= 10 * 2**i * 1.25 + 1
    assert intervals[3] > intervals[0]
    assert backoff(2, base=0) == [0, 0]


def test_processing_order_is_urgent_high_normal_low(app, redis_conn):
    for priority in ("low", "normal", "high", "urgent", "low", "normal", "high", "urgent"):
        enqueue_extraction(redis_conn, f"{priority}", priority, retry_base=0, timeout=60, result_ttl=60,
                           func="tests.fixtures.record")
    work(app)
    order = [label.decode() for label in redis_conn.lrange("test:order", 0, -1)]
    assert order == ["urgent", "urgent", "high", "high", "normal", "normal", "low", "low"]


def _enqueue(redis_conn, func: str, label: str, queue: str = MAIN_QUEUE) -> Job:
    return Queue(queue, connection=redis_conn).enqueue(
        func, label, job_id=label, retry=retry_policy(queue, base=0), on_failure=Callback(ON_EXTRACTION_FAILURE)
    )


def test_transient_failure_is_retried_and_then_succeeds(app, redis_conn):
    _enqueue(redis_conn, "tests.fixtures.flaky", "flaky-1")
    work(app)
    job = Job.fetch("flaky-1", connection=redis_conn)
    assert job.get_status() == JobStatus.FINISHED
    assert job.return_value() == "flaky-1"
    assert int(redis_conn.get("test:attempts:flaky-1")) == 2


def test_transient_failure_stops_after_the_queues_attempts(app, redis_conn):
    _enqueue(redis_conn, "tests.fixtures.always_transient", "t-main", MAIN_QUEUE)
    _enqueue(redis_conn, "tests.fixtures.always_transient", "t-prio", PRIORITY_QUEUE)
    work(app)
    assert Job.fetch("t-main", connection=redis_conn).get_status() == JobStatus.FAILED
    assert int(redis_conn.get("test:attempts:t-main")) == 3
    assert int(redis_conn.get("test:attempts:t-prio")) == 5


def test_permanent_failure_is_not_retried(app, redis_conn):
    _enqueue(redis_conn, "tests.fixtures.unreadable", "bad-1", PRIORITY_QUEUE)
    work(app)
    job = Job.fetch("bad-1", connection=redis_conn)
    assert job.get_status() == JobStatus.FAILED
    assert int(redis_conn.get("test:attempts:bad-1")) == 1
    assert "UnreadableDocument" in job.latest_result().exc_string
