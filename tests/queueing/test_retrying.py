"""The retry policy of extraction jobs (retrying.decide) on real RQ jobs."""
from __future__ import annotations

from rq import Queue, Retry
from rq.exceptions import AbandonedJobError, ShutDownImminentException
from rq.timeouts import JobTimeoutException

from callsheet.queueing import retrying


def _job(redis_conn):
    return Queue("retrying-test", connection=redis_conn).enqueue(print, retry=Retry(max=2, interval=[10, 20]))


def test_a_killed_or_shut_down_run_gets_its_attempt_back_and_retries_at_once(redis_conn):
    for exc in (AbandonedJobError(), ShutDownImminentException("deploy", {})):
        job = _job(redis_conn)
        assert retrying.decide(job, exc) is None
        assert job.retries_left == 3 and job.get_retry_interval() == 0 and job.enqueue_at_front_on_retry


def test_the_retry_of_a_lost_run_is_first_in_line(redis_conn):
    queue = Queue("retrying-test", connection=redis_conn)
    waiting = queue.enqueue(print)
    job = _job(redis_conn)
    queue.remove(job)
    retrying.decide(job, AbandonedJobError())
    with redis_conn.pipeline() as pipeline:
        job.retry(queue, pipeline)
        pipeline.execute()
    assert queue.job_ids == [job.id, waiting.id]


def test_a_second_timeout_at_the_same_stage_is_final_with_a_reason(redis_conn):
    job = _job(redis_conn)
    job.meta["stage"] = "extracting"
    assert retrying.decide(job, JobTimeoutException()) is None and job.retries_left == 2
    job.meta["stage"] = "saving"
    assert retrying.decide(job, JobTimeoutException()) is None and job.retries_left == 2
    job.meta["stage"] = "extracting"
    reason = retrying.decide(job, JobTimeoutException())
    assert job.retries_left == 0 and "twice while extracting" in reason
