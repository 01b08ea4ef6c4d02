"""Worker liveness from RQ's own records: registrations and heartbeats in Redis.

An RQ worker registers itself with its host name and pid, and renews a heartbeat (its
key's expiry) at least every `worker_ttl` seconds, also while a job runs. `python
worker.py --check` uses this as a container health check: this host's workers are alive
when at least one is registered with a fresh heartbeat and a running process.
"""
from __future__ import annotations

import os
import socket
from datetime import UTC, datetime
from typing import Any

from redis import Redis
from rq import Worker


def _running(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def host_workers(connection: Redis, hostname: str | None = None) -> list[dict[str, Any]]:
    """The workers registered from `hostname` (default: this host) and whether each is alive."""
    hostname = hostname or socket.gethostname()
    now = datetime.now(UTC)
    found = []
    for worker in Worker.all(connection=connection):
        if worker.hostname != hostname:
            continue
        beat = worker.last_heartbeat
        age = (now - beat.replace(tzinfo=UTC)).total_seconds() if beat else None
        fresh = age is not None and age <= worker.worker_ttl + 60
        found.append({
            "name": worker.name,
            "pid": worker.pid,
            "state": worker.get_state(),
            "queues": worker.queue_names(),
            "heartbeatAge": round(age, 1) if age is not None else None,
            "alive": fresh and _running(worker.pid),
        })
    return found


def check(connection: Redis, hostname: str | None = None) -> tuple[bool, str]:
    """(healthy, one line for the log): healthy when one of this host's workers is alive."""
    workers = host_workers(connection, hostname)
    alive = [w for w in workers if w["alive"]]
    summary = ", ".join(f"{w['name']} pid {w['pid']} {w['state']} ({'alive' if w['alive'] else 'dead'})"
                        for w in workers) or "no worker registered from this host"
    return bool(alive), f"{len(alive)}/{len(workers)} workers alive: {summary}"
