"""Process metrics of every RQ worker process (memory, CPU, file descriptors), for `/metrics`.

Workers serve no HTTP and may run on other hosts than the web, so each worker process
reads its own figures with prometheus-client's `ProcessCollector` (from /proc) at its RQ
heartbeats (at most every `PUBLISH_EVERY` s) and writes them to a Redis hash that expires
with the worker's registration. `/metrics` (any web process) reports those of the workers
RQ has registered, labelled by worker name and host: `callsheet_worker_*`, named apart
from the web process's own `process_*` family.
"""
from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Iterator
from typing import Any

from redis import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
PREFIX = "callsheet:metrics:worker:"
PUBLISH_EVERY = 5.0
# prometheus-client's process sample -> (our family, help, kind)
FAMILIES = {
    "process_resident_memory_bytes": ("callsheet_worker_resident_memory_bytes", "Worker RSS in bytes", "gauge"),
    "process_virtual_memory_bytes": ("callsheet_worker_virtual_memory_bytes", "Worker virtual memory in bytes",
                                     "gauge"),
    "process_cpu_seconds_total": ("callsheet_worker_cpu_seconds", "Worker CPU time (user + system) in seconds",
                                  "counter"),
    "process_open_fds": ("callsheet_worker_open_fds", "Worker open file descriptors", "gauge"),
    "process_max_fds": ("callsheet_worker_max_fds", "Worker file descriptor limit", "gauge"),
    "process_start_time_seconds": ("callsheet_worker_start_time_seconds", "Worker start, seconds since the epoch",
                                   "gauge"),
}


def sample() -> dict[str, float]:
    """This process's figures, as prometheus-client's process collector reads them.

    CPU time comes from the process's own clock: the collector's /proc figure counts whole
    clock ticks (10 ms), and a worker that just started has used less than one.
    """
    from prometheus_client import ProcessCollector

    values = {s.name: s.value for family in ProcessCollector(registry=None).collect() for s in family.samples}
    values["process_cpu_seconds_total"] = time.process_time()
    return values


def publish(connection: Redis, worker_name: str, ttl: int) -> None:
    """Write this process's figures for `worker_name`, kept `ttl` s.

    A Redis or /proc error is logged and dropped: metrics never stop a worker. Anything else
    passes through, above all RQ's `StopRequested`, which its shutdown signal handler raises
    wherever the main thread is (swallowed here, the worker went back to a 405 s BLMOVE
    instead of shutting down).
    """
    try:
        values: dict[str, Any] = {name: value for name, value in sample().items() if name in FAMILIES}
        values.update(host=socket.gethostname(), pid=os.getpid())
        pipe = connection.pipeline(transaction=False)
        pipe.hset(PREFIX + worker_name, mapping=values)
        pipe.expire(PREFIX + worker_name, ttl)
        pipe.execute()
    except (RedisError, OSError, ValueError) as exc:
        log.warning("worker process metrics not published: %s", type(exc).__name__)


def reporting(worker_class: type) -> type:
    """`worker_class` whose heartbeats also publish the process's figures."""

    def heartbeat(self: Any, timeout: int | None = None, pipeline: Any = None) -> None:
        worker_class.heartbeat(self, timeout, pipeline)
        now = time.monotonic()
        if now - getattr(self, "_stats_published", -PUBLISH_EVERY) >= PUBLISH_EVERY:
            self._stats_published = now
            publish(self.connection, self.name, int(timeout or self.worker_ttl + 60))

    return type(worker_class.__name__, (worker_class,), {"heartbeat": heartbeat})


def families(connection: Redis) -> Iterator[Any]:
    """The `callsheet_worker_*` families of every worker RQ has registered (a stopped one drops out)."""
    from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
    from rq.worker_registration import get_keys

    names = sorted(key.rsplit(":", 1)[-1] for key in get_keys(connection=connection))
    pipe = connection.pipeline(transaction=False)
    for name in names:
        pipe.hgetall(PREFIX + name)
    rows = dict(zip(names, pipe.execute(), strict=True)) if names else {}
    built = {source: (CounterMetricFamily if kind == "counter" else GaugeMetricFamily)(
        family, text, labels=("worker", "host", "pid")) for source, (family, text, kind) in FAMILIES.items()}
    for name, row in rows.items():
        fields = {key.decode(): value.decode() for key, value in row.items()}
        labels = (name, fields.get("host", ""), fields.get("pid", ""))
        for source, family in built.items():
            if source in fields:
                family.add_metric(labels, float(fields[source]))
    yield from built.values()
