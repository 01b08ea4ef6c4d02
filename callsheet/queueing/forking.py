"""Processes a worker forks die with it.

RQ forks a work horse per job, a scheduler process per worker and, in a pool, the workers
themselves. None of them may outlive a parent that was SIGKILLed: an orphaned RQ scheduler
keeps its queues' scheduler locks and runs forever. Linux's PR_SET_PDEATHSIG sends the
child SIGTERM when its parent dies. (Inherited database connections are dropped by
`engines.py`.)
"""
from __future__ import annotations

import ctypes
import os
import signal

PR_SET_PDEATHSIG = 1
_parent_pid: int | None = None


def die_with_parent(sig: int = signal.SIGTERM) -> bool:
    """Ask the kernel to send `sig` to this process when its parent dies; False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _before_fork() -> None:
    global _parent_pid
    _parent_pid = os.getpid()


def _after_fork_in_child() -> None:
    if die_with_parent() and os.getppid() != _parent_pid:
        os._exit(0)  # the parent died before the request was made


def prepare_children() -> None:
    """Make every child this process (and its children) forks from now on die with its parent."""
    os.register_at_fork(before=_before_fork, after_in_child=_after_fork_in_child)
