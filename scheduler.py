"""Run rq-scheduler: registers the periodic jobs (idempotently), then moves due jobs to queues.

    python scheduler.py [--interval SECONDS] [--burst]

Per-file deletions after a job ends use RQ's own scheduler (workers `--with-scheduler`);
this process runs the periodic sweep that catches files whose deletion was never scheduled.
"""
from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interval", type=float, default=5, help="seconds between checks (default 5)")
    parser.add_argument("--burst", action="store_true", help="enqueue what is due once, then exit")
    args = parser.parse_args(argv)

    from callsheet import create_app, logs
    from callsheet.queueing import broker, periodic, reconciler

    app = create_app()
    logs.configure(app.config["LOG_LEVEL"])
    if not app.config["REDIS_URL"]:
        broker.start_embedded(app.instance_path)
    connection = broker.for_app(app)
    jobs = periodic.periodic_jobs(app.config)

    def reconcile() -> None:
        # Also here, not only as a periodic job: that one waits on the cleanup queue, behind
        # every extraction, when all workers are busy (workers take cleanup last).
        with app.app_context():
            reconciler.reconcile()

    scheduler = periodic.make_scheduler(connection, args.interval, jobs, tick=reconcile,
                                        tick_interval=app.config["RECONCILE_INTERVAL"])
    ids = periodic.register(scheduler, jobs)
    logging.getLogger("callsheet.scheduler").info("registered periodic jobs: %s", ", ".join(ids))
    scheduler.run(burst=args.burst)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
