"""Run RQ workers on the callsheet queues, in priority order.

    python worker.py [--queues Q [Q ...]] [--processes N] [--burst] [--simple [--max-jobs N] [--max-memory-mb M]]
    python worker.py --check     (exit 1 unless a worker of this host is alive)

Queues default to `WORKER_QUEUES` (comma separated) or all of them in priority order;
processes to `WORKER_PROCESSES` or 1 (N > 1 uses RQ's WorkerPool). Every worker runs RQ's
scheduler, which moves retries (backoff intervals) and scheduled deletions to their queues.

The settings, a plain SQLAlchemy session (no Flask app: callsheet/queueing/context.py)
and the extraction code (PyMuPDF) are loaded once here, before RQ forks a work horse per
job; the database engine's inherited connections are dropped in each child, so no
connection is shared across processes. With `--simple` (what the Procfile runs) there is
no fork per job: jobs run in the worker process, which is replaced after `--max-jobs` jobs
or above `--max-memory-mb` RSS (callsheet/queueing/recycling.py says why and what else
protects it).
"""
from __future__ import annotations

import argparse
import gc
import logging
import os
import signal
import sys
from collections.abc import Sequence


def _split(value: str) -> list[str]:
    return [name for name in value.replace(",", " ").split() if name]


def preload() -> None:
    """Import the extraction code now so work horses inherit it instead of importing per job."""
    import importlib

    from callsheet.extraction.methods import missing_setting

    modules = ["callsheet.extraction.pattern.reader", "callsheet.extraction.hybrid.escalation"]
    # The AI and AWS SDKs cost memory in every worker: load them only where they can be used.
    modules += [module for method, module in (("ai", "callsheet.extraction.ai.client"),
                                              ("aws-textract", "callsheet.extraction.textract.client"))
                if missing_setting(method) is None]
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError as exc:
            logging.getLogger("callsheet.worker").warning("could not preload %s: %s", module, exc)


def register_queues(connection: object) -> None:
    """Make every queue known to RQ at once, so `rq info` lists them before their first job."""
    from rq import Queue

    from callsheet.queueing.queues import QUEUES

    for name in QUEUES:
        connection.sadd(Queue.redis_queues_keys, Queue(name, connection=connection).key)  # type: ignore[attr-defined]


def check() -> int:
    """Exit status for a container health check: 0 when one of this host's workers is alive."""
    from callsheet.config import from_env, instance_path
    from callsheet.queueing import broker, heartbeats

    folder = instance_path()
    healthy, summary = heartbeats.check(broker.connect(broker.redis_url(from_env(folder), folder)))
    print(summary)
    return 0 if healthy else 1


def tuned(worker_class: type, config: dict) -> type:
    """`worker_class` with callsheet's recovery timings (WorkerPool builds workers from a class),
    cancelled jobs counted as cancelled (stopping.py) and bad documents logged as warnings (failure_logs.py).

    A killed or frozen worker's job is found by RQ once its started-registry entry outlives
    the heartbeat (with --simple: WORKER_MONITOR_INTERVAL + WORKER_HEARTBEAT_MARGIN after the
    fault, see recycling.py), then the next registry clean-up retries it: the reconciler
    (every RECONCILE_INTERVAL s) or a worker's maintenance (WORKER_MAINTENANCE_INTERVAL, between
    jobs). Defaults 10 + 20 + 30 (+ 5 s scheduler poll) = 65 s (README "Reliability").
    """
    maintenance, monitor = config["WORKER_MAINTENANCE_INTERVAL"], config["WORKER_MONITOR_INTERVAL"]

    def __init__(self: object, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("maintenance_interval", maintenance)
        kwargs.setdefault("job_monitoring_interval", monitor)
        worker_class.__init__(self, *args, **kwargs)

    def setup_work_horse_signals(self: object) -> None:
        # Heroku sends SIGTERM to every process of a dyno: the work horse keeps going and the
        # worker (warm shutdown) waits for it; SIGKILL after the grace period is recovered
        # as an abandoned job that gets its attempt back (retrying.FREE_ABANDONS).
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)

    from callsheet.queueing.failure_logs import QuietBadInput
    from callsheet.queueing.recycling import MainThreadSignals
    from callsheet.queueing.stopping import CancelledNotFailed

    signals = () if issubclass(worker_class, MainThreadSignals) else (MainThreadSignals,)
    return type(worker_class.__name__, (CancelledNotFailed, QuietBadInput, *signals, worker_class),
                {"__init__": __init__, "setup_work_horse_signals": setup_work_horse_signals,
                 "log_result_lifespan": False})  # "result is kept for N s": RESULT_TTL, once per job


def main(argv: Sequence[str] | None = None) -> int:
    from callsheet.queueing.queues import QUEUES

    parser = argparse.ArgumentParser(description="Run callsheet RQ workers.")
    parser.add_argument("--queues", nargs="+", default=_split(os.environ.get("WORKER_QUEUES", "")) or list(QUEUES))
    parser.add_argument("--processes", type=int, default=int(os.environ.get("WORKER_PROCESSES") or 1))
    parser.add_argument("--burst", action="store_true", help="exit when the queues are empty")
    parser.add_argument("--simple", action="store_true",
                        help="run jobs in this process (no fork per job; see callsheet/recycling.py)")
    parser.add_argument("--max-jobs", type=int, default=int(os.environ.get("WORKER_MAX_JOBS") or 1000),
                        help="--simple: replace the worker after this many jobs (0: never)")
    parser.add_argument("--max-memory-mb", type=float,
                        default=float(os.environ.get("WORKER_MAX_MEMORY_MB") or 300),
                        help="--simple: replace the worker once its RSS passes this after a job (0: never)")
    parser.add_argument("--check", action="store_true",
                        help="health check: exit 1 unless a worker of this host is alive (RQ heartbeats)")
    args = parser.parse_args(argv)
    if args.check:
        return check()
    queues = [name for value in args.queues for name in _split(value)]
    unknown = sorted(set(queues) - set(QUEUES))
    if unknown:
        parser.error(f"unknown queues: {', '.join(unknown)} (known: {', '.join(QUEUES)})")

    from rq import Worker
    from rq.worker_pool import WorkerPool

    from callsheet import logs
    from callsheet.queueing import breakers, broker, context, forking, recycling, worker_stats
    from callsheet.store import migrations

    job_context = context.from_env()  # no Flask app here: see callsheet/queueing/context.py
    config = job_context.config
    level = config["LOG_LEVEL"]
    logs.configure(level, config["LOG_DIR"], "job-processor.log")
    if not config["REDIS_URL"]:
        broker.start_embedded(job_context.instance_path)
    migrations.ensure_current(config, job_context.engine)
    context.install(job_context)
    preload()
    gc.freeze()  # what start-up made lives as long as the process: the collector stops rescanning it per job
    forking.prepare_children()  # a SIGKILLed worker leaves no work horse or RQ scheduler behind
    connection = job_context.redis
    breakers.install(connection)  # outside calls of every work horse share Redis-backed breakers
    register_queues(connection)
    base = (recycling.limited(args.max_jobs, args.max_memory_mb, heartbeat_margin=config["WORKER_HEARTBEAT_MARGIN"],
                              shutdown_grace=config["WORKER_SHUTDOWN_GRACE"]) if args.simple else Worker)
    worker_class = worker_stats.reporting(tuned(base, config))  # /metrics: each process's RSS, CPU
    if args.processes > 1:  # the pool replaces a worker that retired or died
        pool = WorkerPool(queues, connection=connection, num_workers=args.processes, worker_class=worker_class)
        pool.start(burst=args.burst, logging_level=level)
    else:
        worker = worker_class(queues, connection=connection)
        worker.work(burst=args.burst, with_scheduler=True, logging_level=level)
        shutting_down = worker._shutdown_requested_date is not None  # a SIGTERM came with the last job
        if getattr(worker, "retired", False) and not args.burst and not shutting_down:
            os.execv(sys.executable, [sys.executable, *sys.argv])  # a fresh process takes over
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
