"""Database engines made safe across `fork`.

RQ forks a work horse per job and gunicorn forks its workers: a child must never use a
pooled connection its parent opened (two processes on one socket corrupt both sessions).
Every app's engine is tracked here, and one at-fork hook drops the inherited connections
in the child without closing them (`dispose(close=False)`), which leaves the parent's intact.
"""
from __future__ import annotations

import os
import weakref

from sqlalchemy.engine import Engine

_engines: weakref.WeakSet[Engine] = weakref.WeakSet()
_hooked = False


def _forget_inherited_connections() -> None:
    for engine in list(_engines):
        engine.dispose(close=False)


def track(engine: Engine) -> None:
    """Make `engine` start with an empty pool in every process forked from now on."""
    global _hooked
    if not _hooked:
        os.register_at_fork(after_in_child=_forget_inherited_connections)
        _hooked = True
    _engines.add(engine)
