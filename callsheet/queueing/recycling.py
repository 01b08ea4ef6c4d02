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
- liveness: a forking worker renews the job's heartbeat from its monitoring loop while the
  horse works, but RQ's `SimpleWorker` sends none and gives the job's started-registry
  entry `job timeout + 60 s` (6-11 minutes). Here a thread renews it every
  `job_monitoring_interval` (WORKER_MONITOR_INTERVAL) with a TTL of that interval +
  `heartbeat_margin` (WORKER_HEARTBEAT_MARGIN), so a worker that is killed, or frozen with
  its thread (SIGSTOP, a stalled machine), loses its job within that TTL;
- a deploy: on SIGTERM (warm shutdown) the running job may go on for `shutdown_grace`
  seconds (WORKER_SHUTDOWN_GRACE); then it is interrupted with RQ's
  `ShutDownImminentException`, and the failure callback puts it back in its queue with its
  attempt given back, before the platform's SIGKILL, instead of leaving it to the heartbeat;
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
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rq import SimpleWorker
from rq.exceptions import ShutDownImminentException
from rq.job import Job

STOP_SIGNAL = signal.SIGUSR1
BEAT_REPEAT = 1.0  # seconds: a heartbeat asked for sooner, lasting no longer, is not sent again
HEARTBEAT_MARGIN = 20  # seconds a beat may be late (C code holding the GIL, a loaded machine)
SHUTDOWN_SIGNAL = signal.SIGUSR2  # the grace timer's: interrupt the running job, the worker is shutting down
_performing: list[str] = []  # the id of the job whose function runs now (only then may a shutdown interrupt)
# Signals only the main thread may take: Python runs handlers there, and a signal the kernel hands
# to another thread leaves the main thread asleep in a blocking call (a sleep, a subprocess wait).
MAIN_THREAD_SIGNALS = {signal.SIGTERM, signal.SIGINT, signal.SIGALRM, STOP_SIGNAL, SHUTDOWN_SIGNAL}


@contextmanager
def _helper_threads() -> Iterator[None]:
    """Threads started inside inherit a mask that blocks MAIN_THREAD_SIGNALS (the main thread's
    mask is restored on exit; a signal that arrived meanwhile is delivered then)."""
    before = signal.pthread_sigmask(signal.SIG_BLOCK, MAIN_THREAD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


class MainThreadSignals:
    """Mixin for an RQ worker: its pubsub thread (stop-job and shutdown commands, which signal
    this process) blocks MAIN_THREAD_SIGNALS, so they wake the main thread wherever it waits.

    RQ subscribes before it installs its SIGINT/SIGTERM handlers: a shutdown command (or a
    SIGTERM) in between would end the process with a KeyboardInterrupt (or be killed). Until RQ's
    handlers are in place, such a signal only asks the work loop to stop before its first job.
    """

    def subscribe(self) -> None:
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self._stop_before_work)
        with _helper_threads():
            super().subscribe()  # type: ignore[misc]

    def _stop_before_work(self, signum: int, frame: Any) -> None:
        self._stop_requested = True  # RQ's work loop checks it before it dequeues


def _signal_main_thread(signum: int) -> None:
    signal.pthread_kill(threading.main_thread().ident, signum)  # type: ignore[arg-type]


class JobStopped(Exception):
    """Raised inside a running job that RQ's stop-job command asked to stop."""


def rss_mb(pid: int | None = None) -> float:
    """Resident memory of `pid` (default: this process) in MB, from /proc (0 where there is none)."""
    try:
        with open(f"/proc/{pid or os.getpid()}/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024
    except OSError:
        return 0.0


class InterruptibleJob(Job):
    """Marks the time its function runs: a shutdown interrupts the job function, never RQ's
    bookkeeping or the failure callback around it."""

    def perform(self) -> Any:
        _performing.append(self.id)
        try:
            return super().perform()
        finally:
            _performing.remove(self.id)


class RecyclingWorker(MainThreadSignals, SimpleWorker):
    """A `SimpleWorker` that stops (to be replaced) after `max_jobs` jobs or above `max_memory_mb`."""

    max_jobs: int | None = None
    max_memory_mb: float | None = None
    heartbeat_margin: float = HEARTBEAT_MARGIN
    shutdown_grace: float | None = None  # None: a running job is always waited for
    _last_beat: tuple[float, float] | None = None  # (monotonic time, TTL) of the last heartbeat sent
    _written_state: str | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.job_class = InterruptibleJob  # also where WorkerPool passes its own (RQ's Job)
        self.jobs_done = 0
        self.retired = False
        self._running_job_id: str | None = None
        self._grace: threading.Timer | None = None

    def _install_signal_handlers(self) -> None:
        super()._install_signal_handlers()
        signal.signal(STOP_SIGNAL, self._stop_running_job)
        signal.signal(SHUTDOWN_SIGNAL, self._interrupt_for_shutdown)

    def handle_warm_shutdown_request(self) -> None:
        """SIGTERM: finish the running job if it ends within `shutdown_grace` s, else hand it back."""
        super().handle_warm_shutdown_request()
        job_id = self._running_job_id
        if job_id is None or self.shutdown_grace is None or self._grace is not None:
            return
        self.log.info("Worker %s: job %s may run %g s more, then goes back to its queue", self.name, job_id,
                      self.shutdown_grace)
        self._grace = threading.Timer(self.shutdown_grace, _signal_main_thread, (SHUTDOWN_SIGNAL,))
        self._grace.daemon = True
        with _helper_threads():
            self._grace.start()

    def _interrupt_for_shutdown(self, signum: int, frame: Any) -> None:
        if self._stop_requested and _performing and _performing[-1] == self._running_job_id:
            raise ShutDownImminentException(f"worker {self.name} shut down while job {self._running_job_id} ran",
                                            {})

    def _stop_running_job(self, signum: int, frame: Any) -> None:
        job_id = self._running_job_id
        if job_id is not None and job_id == self._stopped_job_id:
            raise JobStopped(f"job {job_id} was stopped on request")

    def kill_horse(self, sig: signal.Signals = signal.SIGKILL) -> None:
        """No horse here: interrupt the running job in this process (called by the stop-job command)."""
        if self._running_job_id is not None:
            _signal_main_thread(STOP_SIGNAL)

    def get_heartbeat_ttl(self, job: Any, working_time: float = 0.0) -> int:
        """Seconds the running job's registry entry lives without a beat (the beat thread renews it)."""
        return int(self.job_monitoring_interval + self.heartbeat_margin)

    def perform_job(self, job: Any, queue: Any, execution: Any) -> bool:
        self._running_job_id = job.id
        done = threading.Event()
        beat = threading.Thread(target=self._beat, args=(job, execution, done), name="rq-heartbeat", daemon=True)
        with _helper_threads():
            beat.start()
        try:
            return super().perform_job(job, queue, execution)
        finally:
            done.set()
            beat.join()
            if self._grace is not None:
                self._grace.cancel()
            self._running_job_id = None

    def _beat(self, job: Any, execution: Any, done: threading.Event) -> None:
        """Renew the worker's, the job's and the execution's heartbeats until the job is done.

        RQ's own `maintain_heartbeats` (what a forking worker calls between waits for its
        horse): an entry the registry clean-up already removed (the job was taken over) is not
        added back.
        """
        while not done.wait(self.job_monitoring_interval):
            try:
                self.maintain_heartbeats(job, execution)
            except Exception as exc:  # Redis away for a moment: the next beat tries again
                self.log.warning("Worker %s: heartbeat of job %s failed (%s)", self.name, job.id,
                                 type(exc).__name__)

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


def limited(max_jobs: int | None, max_memory_mb: float | None, base: type = RecyclingWorker,
            heartbeat_margin: float = HEARTBEAT_MARGIN, shutdown_grace: float | None = None) -> type:
    """`base` with its limits set (WorkerPool builds its workers from a class, not an instance)."""
    return type(base.__name__, (base,), {"max_jobs": max_jobs or None, "max_memory_mb": max_memory_mb or None,
                                         "heartbeat_margin": heartbeat_margin, "shutdown_grace": shutdown_grace})
