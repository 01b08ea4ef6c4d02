"""The non-forking worker callsheet runs by default, and what keeps it healthy without a fork.

RQ's forking `Worker` pays a fork (and, in every fresh work horse, the lazy set-up of the
extraction code: role lexicon, regexes, phone metadata) for every job: measured in
bench/RESULTS.md, a no-op job costs ~4 ms in a `SimpleWorker` and ~15-60 ms in a forking
one on this class of machine, and a pattern job 5-8x more when forked. So callsheet runs
jobs in the worker process itself, and gives back what the fork gave for free:

- leaks and growth: the worker retires after `max_jobs` jobs, or as soon as its RSS passes
  `max_memory_mb` after a job; worker.py then starts a fresh one (a pool respawns it, a
  single worker re-executes itself), so memory is bounded whatever a job leaves behind;
- a hung job: RQ's job timeout (SIGALRM in this process) raises inside the job as before;
- RQ's stop-job command (DELETE of a running job): it interrupts the running job here
  with `JobStopped` (RQ marks it stopped and does not retry it), instead of killing a horse;
- a crash (a C library's segfault, the OOM killer): the process dies with its job, RQ's
  registry clean-up finds the job abandoned and retries it, and the pool or the platform
  restarts the process.

A job of a few ms is worth fewer Redis round trips: RQ renews the worker's heartbeat three
times around every job (3 commands, 3 round trips each) and writes `idle` twice. Here a
heartbeat is one pipelined round trip, none when one that keeps the worker alive as long
was sent less than `BEAT_REPEAT` s ago, and a state already written is not written again
(bench/throughput.py counts the round trips per job).
"""
from __future__ import annotations

import os
import signal
import time
from typing import Any

from rq import SimpleWorker

STOP_SIGNAL = signal.SIGUSR1
BEAT_REPEAT = 1.0  # seconds: a heartbeat asked for sooner, lasting no longer, is not sent again


class JobStopped(Exception):
    """Raised inside a running job that RQ's stop-job command asked to stop."""


def rss_mb(pid: int | None = None) -> float:
    """Resident memory of `pid` (default: this process) in MB, from /proc (0 where there is none)."""
    try:
        with open(f"/proc/{pid or os.getpid()}/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024
    except OSError:
        return 0.0


class RecyclingWorker(SimpleWorker):
    """A `SimpleWorker` that stops (to be replaced) after `max_jobs` jobs or above `max_memory_mb`."""

    max_jobs: int | None = None
    max_memory_mb: float | None = None
    _last_beat: tuple[float, float] | None = None  # (monotonic time, TTL) of the last heartbeat sent
    _written_state: str | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.jobs_done = 0
        self.retired = False
        self._running_job_id: str | None = None

    def _install_signal_handlers(self) -> None:
        super()._install_signal_handlers()
        signal.signal(STOP_SIGNAL, self._stop_running_job)

    def _stop_running_job(self, signum: int, frame: Any) -> None:
        job_id = self._running_job_id
        if job_id is not None and job_id == self._stopped_job_id:
            raise JobStopped(f"job {job_id} was stopped on request")

    def kill_horse(self, sig: signal.Signals = signal.SIGKILL) -> None:
        """No horse here: interrupt the running job in this process (called by the stop-job command)."""
        if self._running_job_id is not None:
            os.kill(os.getpid(), STOP_SIGNAL)

    def perform_job(self, job: Any, queue: Any, execution: Any) -> bool:
        self._running_job_id = job.id
        try:
            return super().perform_job(job, queue, execution)
        finally:
            self._running_job_id = None

    def execute_job(self, job: Any, queue: Any) -> None:
        super().execute_job(job, queue)
        self.jobs_done += 1
        reason = None
        if self.max_jobs and self.jobs_done >= self.max_jobs:
            reason = f"{self.jobs_done} jobs done"
        elif self.max_memory_mb and rss_mb() > self.max_memory_mb:
            reason = f"RSS {rss_mb():.0f} MB > {self.max_memory_mb:.0f} MB"
        if reason:
            self.log.info("Worker %s: retiring (%s); a fresh worker takes over", self.name, reason)
            self.retired = True
            self._stop_requested = True

    def heartbeat(self, timeout: int | None = None, pipeline: Any = None) -> None:
        """RQ's heartbeat in one round trip, or none when the last one lasts as long (see above)."""
        ttl = timeout or self.worker_ttl + 60
        now = time.monotonic()
        if pipeline is not None:  # part of RQ's own pipeline: always
            super().heartbeat(timeout, pipeline=pipeline)
        else:
            last = self._last_beat
            if last is not None and now - last[0] < BEAT_REPEAT and last[0] + last[1] >= now + ttl - BEAT_REPEAT:
                return
            with self.connection.pipeline(transaction=False) as beat:
                super().heartbeat(timeout, pipeline=beat)
                beat.execute()
        self._last_beat = (now, ttl)

    def set_state(self, state: str, pipeline: Any = None) -> None:
        """RQ's state write, skipped when that state is the one last written."""
        if pipeline is None and state == self._written_state:
            self._state = state
            return
        super().set_state(state, pipeline=pipeline)
        self._written_state = state


def limited(max_jobs: int | None, max_memory_mb: float | None, base: type = RecyclingWorker) -> type:
    """`base` with its limits set (WorkerPool builds its workers from a class, not an instance)."""
    return type(base.__name__, (base,), {"max_jobs": max_jobs or None, "max_memory_mb": max_memory_mb or None})
