"""Prometheus metrics at `/metrics`: what every process of the service is doing.

Two sources, because web and workers may run on different hosts with no disk in common:

- **Per host, prometheus-client multiprocess mode** (`PROMETHEUS_MULTIPROC_DIR`, set by
  gunicorn.conf.py and worker.py): HTTP request latency by route, method and status, and
  upload sizes. Every gunicorn worker writes its own files; `/metrics` sums them.
- **Cluster-wide, in Redis**: job counters (enqueued, completed, failed, retried by queue
  and method) and the wait / processing time histograms. They are written where the event
  happens (web for enqueued, the work horse for the rest) with one pipelined round trip,
  and read at scrape time with queue depths (RQ registries), breaker states and each worker
  process's memory, CPU and file descriptors (`queueing/worker_stats.py`). RQ forks a
  short-lived work horse per job, which in multiprocess mode would leave one metrics file
  per job behind; a Redis hash per metric stays small and is right from any host.

Nothing is created at import: metric objects are made on first use, after the process
has chosen its multiprocess directory.
"""
from __future__ import annotations

import functools
import logging
import os
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from redis import Redis

if TYPE_CHECKING:  # Flask only in the web process: workers record job metrics without it
    from flask import Flask, Response

log = logging.getLogger(__name__)
PREFIX = "callsheet:metrics:"
EVENTS = ("enqueued", "completed", "failed", "retried", "cancelled")
JOB_SECONDS = (0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900)
HTTP_SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
UPLOAD_BYTES = (16e3, 64e3, 256e3, 1e6, 4e6, 16e6, 64e6)
UPLOAD_ENDPOINT = "extraction.upload"
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def _bucket(value: float, bounds: tuple[float, ...]) -> str:
    for bound in bounds:
        if value <= bound:
            return repr(float(bound))
    return "+Inf"


def record_job(connection: Redis, event: str, queue: str, method: str, *, wait_s: float | None = None,
               processing_s: float | None = None, pipeline: Any = None) -> None:
    """Count a job `event` (one of EVENTS) and observe its wait/processing seconds; never raises.

    With `pipeline` the commands join it (the caller's round trip, and its errors) instead.
    """
    labels = f"{queue}|{method}"
    try:
        pipe = pipeline if pipeline is not None else connection.pipeline(transaction=False)
        pipe.hincrby(PREFIX + "jobs", f"{event}|{labels}", 1)
        for kind, seconds in (("wait", wait_s), ("processing", processing_s)):
            if seconds is not None:
                pipe.hincrby(PREFIX + kind, f"{labels}|{_bucket(seconds, JOB_SECONDS)}", 1)
                pipe.hincrbyfloat(PREFIX + kind, f"{labels}|sum", seconds)
        if pipeline is None:
            pipe.execute()
    except Exception as exc:  # metrics must never fail a job or an upload
        log.warning("job metric not recorded: %s", type(exc).__name__)


_local_lock = threading.Lock()


def _local() -> dict[str, Any]:
    """This process's metrics (files under PROMETHEUS_MULTIPROC_DIR when set).

    Made once under a lock: gunicorn's threads meet here together on a worker's first
    requests, and a second registration of the same metric raised (a 500 per thread;
    seen by bench/upload.py).
    """
    with _local_lock:
        return _make_local()


@functools.cache
def _make_local() -> dict[str, Any]:
    from prometheus_client import Histogram

    return {
        "http": Histogram("callsheet_http_request_duration_seconds", "HTTP request latency",
                          ("route", "method", "status"), buckets=HTTP_SECONDS),
        "upload": Histogram("callsheet_upload_bytes", "Request size of accepted uploads", buckets=UPLOAD_BYTES),
    }


def observe_upload(size_bytes: int) -> None:
    _local()["upload"].observe(size_bytes)


class ClusterCollector:
    """Job counters and histograms from Redis, queue depths and breaker states, at scrape time."""

    def __init__(self, connection: Redis) -> None:
        self.connection = connection

    def collect(self) -> Iterator[Any]:
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

        jobs = self._hash("jobs")
        for event in EVENTS:
            family = CounterMetricFamily(f"callsheet_jobs_{event}", f"Jobs {event}", labels=("queue", "method"))
            for field, count in jobs.items():
                name, queue, method = field.split("|")
                if name == event:
                    family.add_metric((queue, method), float(count))
            yield family
        yield from self._histograms()
        from callsheet.queueing.counts import queue_counts

        depth = GaugeMetricFamily("callsheet_queue_jobs", "Jobs per queue and state (RQ registries)",
                                  labels=("queue", "state"))
        workers = GaugeMetricFamily("callsheet_queue_workers", "Workers listening on a queue", labels=("queue",))
        for queue, counts in queue_counts(self.connection).items():
            for state, value in counts.items():
                if state == "workers":
                    workers.add_metric((queue,), value)
                else:
                    depth.add_metric((queue, state), value)
        yield depth
        yield workers
        yield self._breakers()
        from callsheet.queueing import worker_stats

        yield from worker_stats.families(self.connection)

    def _hash(self, name: str) -> dict[str, str]:
        return {k.decode(): v.decode() for k, v in self.connection.hgetall(PREFIX + name).items()}

    def _histograms(self) -> Iterator[Any]:
        from prometheus_client.core import HistogramMetricFamily

        for kind in ("wait", "processing"):
            series: dict[tuple[str, str], dict[str, float]] = {}
            for field, value in self._hash(kind).items():
                queue, method, bucket = field.split("|")
                series.setdefault((queue, method), {})[bucket] = float(value)
            family = HistogramMetricFamily(f"callsheet_job_{kind}_seconds", f"Job {kind} time",
                                           labels=("queue", "method"))
            for labels, values in sorted(series.items()):
                running, buckets = 0.0, []
                for bound in [*(repr(float(b)) for b in JOB_SECONDS), "+Inf"]:
                    running += values.get(bound, 0.0)
                    buckets.append((bound, running))
                family.add_metric(labels, buckets, values.get("sum", 0.0))
            yield family

    def _breakers(self) -> Any:
        from prometheus_client.core import GaugeMetricFamily

        family = GaugeMetricFamily("callsheet_breaker_state", "Circuit breaker state (1 = current state)",
                                   labels=("service", "state"))
        try:
            from callsheet.queueing import breakers
        except ImportError:  # breakers are optional
            return family
        for service, info in breakers.states(self.connection).items():
            for state in ("closed", "open", "half-open"):
                family.add_metric((service, state), 1.0 if info.get("state") == state else 0.0)
        return family


def exposition(connection: Redis) -> bytes:
    """The text of /metrics: this host's process metrics, then the cluster-wide ones."""
    from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess

    _local()  # so the families exist (empty) before the first request or upload
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        local = CollectorRegistry()
        multiprocess.MultiProcessCollector(local)
    else:
        local = REGISTRY
    cluster = CollectorRegistry(auto_describe=False)
    cluster.register(ClusterCollector(connection))  # type: ignore[arg-type]
    return generate_latest(local) + generate_latest(cluster)


def _count_upload(app: Flask, response: Response) -> None:
    """An accepted upload: its size (the multipart body) and the job it enqueued."""
    from flask import request

    from callsheet.queueing import broker

    body = response.get_json(silent=True) or {}
    observe_upload(request.content_length or 0)
    method = request.form.get("extractionMethod") or "hybrid"  # validated: the upload was accepted
    record_job(broker.for_app(app), "enqueued", body.get("queue", "unknown"), method)


def init_app(app: Flask) -> None:
    """Time every request and serve `/metrics` (bearer `METRICS_TOKEN` when set)."""
    from flask import Response, g, request


    @app.before_request
    def _start() -> None:
        g.metrics_started = time.perf_counter()

    @app.after_request
    def _observe(response: Response) -> Response:
        started = g.pop("metrics_started", None)
        if started is not None:
            route = request.url_rule.rule if request.url_rule else "(unmatched)"
            _local()["http"].labels(route, request.method, str(response.status_code)).observe(
                time.perf_counter() - started
            )
        replayed = response.headers.get("Idempotent-Replayed")  # the first answer again: no new job
        if request.endpoint == UPLOAD_ENDPOINT and response.status_code == 202 and not replayed:
            _count_upload(app, response)
        return response

    @app.get("/metrics")
    def metrics() -> Response:
        """Prometheus metrics of this host and of the whole cluster."""
        from callsheet.queueing import broker

        token = app.config.get("METRICS_TOKEN")
        if token and request.headers.get("Authorization") != f"Bearer {token}":
            return Response("unauthorized\n", status=401, mimetype="text/plain")
        return Response(exposition(broker.for_app(app)), content_type=CONTENT_TYPE)
