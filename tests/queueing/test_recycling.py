"""The default worker class: runs jobs in its own process, retires at its limits, honours stop commands."""
from __future__ import annotations

import threading
import time

from rq import Queue
from rq.command import send_stop_job_command
from rq.job import JobStatus

from callsheet.queueing.recycling import RecyclingWorker, limited, rss_mb


def nothing() -> str:
    return "done"


def slow(seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(0.01)
    return "finished"


def _queue(redis_conn) -> Queue:
    return Queue("recycling-test", connection=redis_conn)


def test_retires_after_max_jobs(redis_conn):
    queue = _queue(redis_conn)
    jobs = [queue.enqueue(nothing) for _ in range(3)]
    worker = limited(2, None)([queue], connection=redis_conn)
    worker.work(burst=True)
    assert worker.retired and worker.jobs_done == 2
    assert [job.get_status() for job in jobs] == [JobStatus.FINISHED, JobStatus.FINISHED, JobStatus.QUEUED]


def test_retires_above_its_memory_limit(redis_conn):
    queue = _queue(redis_conn)
    queue.enqueue(nothing)
    queue.enqueue(nothing)
    worker = limited(None, 1)([queue], connection=redis_conn)
    worker.work(burst=True)
    assert rss_mb() > 1
    assert worker.retired and worker.jobs_done == 1 and queue.count == 1


def test_without_limits_it_works_the_queue_empty(redis_conn):
    queue = _queue(redis_conn)
    for _ in range(3):
        queue.enqueue(nothing)
    worker = RecyclingWorker([queue], connection=redis_conn)
    worker.work(burst=True)
    assert not worker.retired and worker.jobs_done == 3 and queue.count == 0


def test_stop_command_interrupts_the_running_job(redis_conn):
    queue = _queue(redis_conn)
    job = queue.enqueue(slow, 30, job_timeout=60)
    after = queue.enqueue(nothing)

    def stop_once_started() -> None:
        deadline = time.monotonic() + 20
        while job.get_status(refresh=True) != JobStatus.STARTED and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.2)
        send_stop_job_command(redis_conn, job.id)

    stopper = threading.Thread(target=stop_once_started)
    stopper.start()
    started = time.monotonic()
    RecyclingWorker([queue], connection=redis_conn).work(burst=True)
    stopper.join()
    assert time.monotonic() - started < 15
    assert job.get_status(refresh=True) == JobStatus.STOPPED
    assert after.get_status(refresh=True) == JobStatus.FINISHED


def test_worker_script_replaces_itself_after_max_jobs(client, auth, settings, classic_pdf):
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT
    from tests.helpers import upload

    ids = [upload(client, auth.headers(), path=classic_pdf, extractionMethod="pattern").get_json()["jobId"]
           for _ in range(2)]
    env = dict(os.environ, RETRY_BASE_SECONDS="0", LOG_LEVEL="INFO")
    env.update({key: str(settings[key]) for key in ("INSTANCE_PATH", "DATABASE_URL", "REDIS_URL", "UPLOAD_DIR",
                                                      "JWT_SECRET")})
    worker = subprocess.Popen([sys.executable, "worker.py", "--simple", "--max-jobs", "1", "--queues", "extraction"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 90
        statuses: list[str] = []
        while time.monotonic() < deadline:
            statuses = [client.get(f"/api/extraction/job/{job_id}", headers=auth.headers()).get_json()["status"]
                        for job_id in ids]
            if all(status == "completed" for status in statuses):
                break
            time.sleep(0.2)
        assert statuses == ["completed"] * 2
        assert worker.poll() is None  # replaced by exec: same process id, still serving
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0]
    assert output.count("retiring") >= 2, output[-3000:]


class _Counting:
    """Wraps a client's connection pool to count the requests (round trips) sent through it."""

    def __init__(self, connection) -> None:
        from redis import Redis
        from redis.connection import ConnectionPool

        pool = connection.connection_pool
        counter = self

        class Connection(pool.connection_class):
            def send_packed_command(self, command, check_health=True):
                counter.requests += 1
                super().send_packed_command(command, check_health)

        self.requests = 0
        self.client = Redis(connection_pool=ConnectionPool(connection_class=Connection, **pool.connection_kwargs))


def _round_trips_per_job(worker_class, redis_conn, jobs: int = 10) -> float:
    counting = _Counting(redis_conn)
    queue = Queue("recycling-test", connection=counting.client)
    worker = worker_class([queue], connection=counting.client)
    queue.enqueue(nothing)
    worker.work(burst=True)  # registration and start-up
    for _ in range(jobs):
        queue.enqueue(nothing)
    counting.requests = 0
    worker.work(burst=True, max_jobs=jobs)
    return counting.requests / jobs


def test_fewer_round_trips_per_job(redis_conn):
    from rq import SimpleWorker

    plain = _round_trips_per_job(SimpleWorker, redis_conn)
    ours = _round_trips_per_job(RecyclingWorker, redis_conn)
    assert ours <= plain - 6, (ours, plain)  # RQ beats 3 times a job, 3 commands each; `idle` twice


def test_a_skipped_heartbeat_never_leaves_the_worker_shorter_lived(redis_conn):
    worker = RecyclingWorker([_queue(redis_conn)], connection=redis_conn)
    worker.register_birth()
    worker.heartbeat(30)  # as before a job: its timeout + 60 s
    worker.heartbeat()  # after it, worker_ttl + 60: longer, so sent
    worker.heartbeat()  # before the blocking dequeue: the same again, not sent
    assert redis_conn.ttl(worker.key) > worker.dequeue_timeout  # it may block that long before its next beat
    redis_conn.expire(worker.key, 100)
    worker.heartbeat()
    assert redis_conn.ttl(worker.key) <= 100  # not sent: the last one lasts as long
    worker.set_state("idle")
    redis_conn.hset(worker.key, "state", "x")
    worker.set_state("idle")  # already written by this worker: not written again
    assert redis_conn.hget(worker.key, "state") == b"x"
    worker.set_state("busy")
    assert redis_conn.hget(worker.key, "state") == b"busy"
    worker.register_death()
