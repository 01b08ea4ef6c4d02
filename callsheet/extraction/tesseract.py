"""One `tesseract` process, run so that neither a deploy nor a frozen machine blames the document.

- Its own session (process group): the platform's SIGTERM to the worker's group (Heroku,
  `docker stop`) does not reach it; the worker decides when OCR stops. If our process is
  interrupted (shutdown, job timeout) or the wall-clock backstop passes, the whole group is
  SIGKILLed and reaped before the exception goes on.
- Bounded by CPU time, not wall time: `RLIMIT_CPU` is set on the child (a SIGSTOP/SIGCONT
  freeze does not count) and the child's own CPU is read from `os.wait4`. A page over its
  budget raises `OverBudget` (that page is the document's fault); a process killed by any
  other signal, or still running at the wall-clock backstop, raises `OCRInterrupted`, a
  transient error the job layer retries (the machine's fault, not the document's).
- `OMP_THREAD_LIMIT=1`: one core per OCR process, so two workers on two cores do not fight.
"""
from __future__ import annotations

import math
import os
import resource
import select
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from callsheet.extraction.errors import TransientError

DEFAULT_PAGE_CPU = 30.0  # OCR_PAGE_TIMEOUT: CPU seconds one page may take
WALL_FACTOR, WALL_MARGIN = 4, 30  # backstop: a page may take 4x its CPU budget + 30 s of wall time


class OCRInterrupted(TransientError):
    """Tesseract was killed by a signal (OOM killer, an operator) or outlived the wall-clock
    backstop on a starved or frozen machine: retrying may succeed."""


class OverBudget(Exception):
    """The page used up its CPU budget: OCR of this page will not succeed on a retry."""

    def __init__(self, cpu_seconds: float, budget: float) -> None:
        super().__init__(f"its OCR took over {budget:g} s of CPU (OCR_PAGE_TIMEOUT)")
        self.cpu_seconds = cpu_seconds
        self.budget = budget


@dataclass(frozen=True, slots=True)
class Finished:
    returncode: int  # negative: killed by that signal
    cpu_seconds: float  # the child's own user + system time
    stderr: str


def page_budget(env: dict[str, str] | None = None) -> float:
    """CPU seconds per OCR page, from `OCR_PAGE_TIMEOUT` (default 30)."""
    value = (os.environ if env is None else env).get("OCR_PAGE_TIMEOUT")
    return float(value) if value not in (None, "") else DEFAULT_PAGE_CPU


def child_env() -> dict[str, str]:
    """The worker's environment with one OpenMP thread per OCR process."""
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def run(args: list[str], workdir: Path, budget: float) -> Finished:
    """Run `tesseract *args` in `workdir` within `budget` CPU seconds; its stdout is discarded
    (write outputs to files: no pipe can fill up while we wait)."""
    stderr_path = workdir / "tesseract.stderr"
    with open(stderr_path, "wb") as err:
        proc = subprocess.Popen(
            ["tesseract", *args], cwd=workdir, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=err, env=child_env(), start_new_session=True,
        )
    try:
        _limit_cpu(proc.pid, budget)
        status, usage = _wait(proc.pid, WALL_FACTOR * budget + WALL_MARGIN)
    except BaseException:  # interrupted (shutdown, job timeout) or past the backstop
        _kill(proc)
        raise
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by us: Popen must not wait again
    cpu = usage.ru_utime + usage.ru_stime
    stderr = stderr_path.read_text(errors="replace")
    if cpu >= budget or proc.returncode == -signal.SIGXCPU:
        raise OverBudget(cpu, budget)
    if proc.returncode < 0:
        raise OCRInterrupted(
            f"the OCR process was stopped by {signal.Signals(-proc.returncode).name} "
            "(the machine, not the document); the job will be retried"
        )
    return Finished(proc.returncode, cpu, stderr)


def _limit_cpu(pid: int, budget: float) -> None:
    """RLIMIT_CPU on the child, set from here: a `preexec_fn` is unsafe in a process with threads
    (the worker's heartbeat thread). SIGXCPU at the budget, SIGKILL a few seconds later, no core."""
    soft = max(1, math.ceil(budget))
    try:
        resource.prlimit(pid, resource.RLIMIT_CPU, (soft, soft + 5))
        resource.prlimit(pid, resource.RLIMIT_CORE, (0, 0))
    except (AttributeError, ProcessLookupError, PermissionError, OSError):
        pass  # not Linux, or already gone: the CPU measured after the fact still decides


def _wait(pid: int, wall: float) -> tuple[int, resource.struct_rusage]:
    """Reap `pid` with its resource usage; OCRInterrupted after `wall` seconds."""
    deadline = time.monotonic() + wall
    fd = os.pidfd_open(pid) if hasattr(os, "pidfd_open") else None
    try:
        while True:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                return status, usage
            left = deadline - time.monotonic()
            if left <= 0:
                raise OCRInterrupted(
                    f"the OCR process ran {wall:.0f} s of wall time without finishing (the machine is "
                    "starved or was frozen); the job will be retried"
                )
            if fd is not None:
                select.select([fd], [], [], left)  # readable when the child exits
            else:
                time.sleep(min(0.01, left))
    finally:
        if fd is not None:
            os.close(fd)


def _kill(proc: subprocess.Popen) -> None:
    """SIGKILL the child's whole group and reap it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait()
    except ChildProcessError:
        proc.returncode = -signal.SIGKILL
