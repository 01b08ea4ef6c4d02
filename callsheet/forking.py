"""What every process a worker forks does first: drop inherited DB connections, die with its parent.

RQ forks a work horse per job, a scheduler process per worker and, in a pool, the workers
themselves. A forked child must not reuse its parent's database connections, and it must
not outlive a parent that was SIGKILLed (an orphaned RQ scheduler keeps its queue locks and
runs forever); Linux's PR_SET_PDEATHSIG sends it SIGTERM when its parent dies.
"""
from __future__ import annotations

import ctypes
import os
import signal
from typing import Any

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


def prepare_children(engine: Any | None = None) -> None:
    """Register the after-fork steps for every child this process (and its children) will fork."""

    def after_fork_in_child() -> None:
        if engine is not None:
            engine.dispose(close=False)  # the parent's pooled connections stay the parent's
        if die_with_parent() and os.getppid() != _parent_pid:
            os._exit(0)  # the parent died before the request was made

    os.register_at_fork(before=_before_fork, after_in_child=after_fork_in_child)
