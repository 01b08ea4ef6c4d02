"""Redis round trips and commands per job, counted by the bench's own Redis server.

The server counts every read event (`total_reads_processed`: one per request a client sends,
a pipeline being one request) and every command. Everyone talks to this server: the worker,
its RQ scheduler and the bench itself. The bench's client counts its own requests and
commands (`CountingConnection`) and takes them off; the worker's idle traffic (the RQ
scheduler's polls) is measured over an idle second and taken off pro rata. What is left is
the worker's, divided by the jobs of the load.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from redis import Redis
from redis.connection import Connection, ConnectionPool


class CountingConnection(Connection):
    """A redis-py connection that counts the requests and commands this process sends."""

    requests = 0
    commands = 0

    def send_packed_command(self, command: Any, check_health: bool = True) -> None:
        CountingConnection.requests += 1
        super().send_packed_command(command, check_health)

    def send_command(self, *args: Any, **kwargs: Any) -> None:
        CountingConnection.commands += 1
        super().send_command(*args, **kwargs)

    def pack_commands(self, commands: Any) -> Any:
        CountingConnection.commands += len(commands)
        return super().pack_commands(commands)


def client(url: str) -> Redis:
    """A client for `url` whose traffic is counted (and so left out of the worker's)."""
    return Redis(connection_pool=ConnectionPool.from_url(url, connection_class=CountingConnection))


def _totals(connection: Redis) -> tuple[int, int, int, int]:
    stats = connection.info("stats")
    return (stats["total_reads_processed"], stats["total_commands_processed"], CountingConnection.requests,
            CountingConnection.commands)


def idle_rate(connection: Redis, seconds: float = 1.0) -> tuple[float, float]:
    """(requests/s, commands/s) that reach the server while nobody works (the RQ scheduler's polls)."""
    before = _totals(connection)
    time.sleep(seconds)
    after = _totals(connection)
    return ((after[0] - before[0] - (after[2] - before[2])) / seconds,
            (after[1] - before[1] - (after[3] - before[3])) / seconds)


def per_job(connection: Redis, load: Callable[[], float], jobs: int,
            idle: tuple[float, float]) -> tuple[float, float, float]:
    """Run `load` (returns its seconds); (seconds, round trips per job, commands per job) of the others."""
    before = _totals(connection)
    started = time.monotonic()
    seconds = load()
    elapsed = time.monotonic() - started
    after = _totals(connection)
    requests = after[0] - before[0] - (after[2] - before[2]) - idle[0] * elapsed
    commands = after[1] - before[1] - (after[3] - before[3]) - idle[1] * elapsed
    return seconds, requests / jobs, commands / jobs
