"""Upload-to-completed latency at a fixed arrival rate: half, then 90 % of the measured capacity.

    .venv/bin/python -m bench.latency [--seconds S] [--database sqlite|postgresql]

gunicorn (Procfile flags) takes the uploads; one `worker.py` process (the Procfile's
worker class) works them. Capacity is measured first in the same run: jobs/s that worker
completes while 4 connections upload as fast as they can (so the web's CPU share is in
it). Then uploads arrive through HTTP at a fixed rate and a client polls
`GET /job/<id>` until each is completed. Times come from the job rows (the
server's clock, which is this machine's): wait = created -> started, processing =
started -> finished, upload-to-completed = client send -> finished. "seen" is when the
polling client saw `completed` (it polls every 100 ms).
"""
from __future__ import annotations

import argparse
import http.client
import threading
import time
from datetime import UTC

from sqlalchemy import select

from bench import workload
from bench.client import Connection, Request, closed_loop, open_loop
from bench.goals import Goal
from bench.report import percentile, table
from bench.stack import DOCUMENT, Stack
from bench.throughput import procfile_uses_simple_worker
from bench.upload import requests
from callsheet.extensions import db
from callsheet.queueing.queues import MAIN_QUEUE
from callsheet.store.models import ExtractionJob

GOAL_P95_MS = 250
POLL_SECONDS = 0.1  # a client polling faster would load the web more than the uploads do


class Poller(threading.Thread):
    """Polls every job it is given until it is finished; keeps when it saw `completed`."""

    def __init__(self, base: str, headers: dict[str, str]) -> None:
        super().__init__(daemon=True)
        self.connection = Connection(base)
        self.headers = {"Authorization": headers["Authorization"]}
        self.pending: dict[str, float] = {}
        self.seen: dict[str, float] = {}
        self.lock = threading.Lock()
        self.running = True

    def add(self, sent_at: float, body: dict) -> None:
        with self.lock:
            self.pending[body["jobId"]] = sent_at

    def run(self) -> None:
        import json

        while self.running or self.pending:
            with self.lock:
                ids = list(self.pending)
            for job_id in ids:
                try:
                    status, body = self.connection.send(Request("GET", f"/api/extraction/job/{job_id}",
                                                                headers=self.headers))
                except (OSError, http.client.HTTPException):
                    continue  # polled again next round
                if status == 200 and json.loads(body)["status"] in ("completed", "failed", "cancelled"):
                    with self.lock:
                        self.seen[job_id] = time.time() - self.pending.pop(job_id)
            time.sleep(POLL_SECONDS)


def timings(app, sent: dict[str, float], by_id: bool = False) -> dict[str, list]:
    """ms lists: total (send -> finished), wait, processing, of the completed rows in `sent` ((id, ms) if by_id)."""
    found: dict[str, list] = {"total": [], "wait": [], "processing": []}
    with app.app_context():
        rows = db.session.execute(
            select(ExtractionJob.id, ExtractionJob.finished_at, ExtractionJob.wait_ms, ExtractionJob.processing_ms)
            .where(ExtractionJob.id.in_(list(sent)), ExtractionJob.status == "completed")
        ).all()
        db.session.remove()
    for job_id, finished, wait, processing in rows:
        finished = finished if finished.tzinfo else finished.replace(tzinfo=UTC)
        total = (finished.timestamp() - sent[job_id]) * 1000
        found["total"].append((job_id, total) if by_id else total)
        found["wait"].append(wait)
        found["processing"].append(processing)
    return found


def capacity_under_uploads(app, base: str, upload: Request, seconds: float) -> float:
    """Jobs/s the worker completes while 4 connections upload back to back (web and worker share the CPUs)."""
    started = time.time()
    outcome = closed_loop(base, upload, 4, seconds, keep=True)
    ended = started + outcome.seconds
    sent = {body["jobId"]: at for at, body in outcome.bodies}
    finished = [total / 1000 + sent[job_id] for job_id, total in timings(app, sent, by_id=True)["total"]]
    workload.wait_rows(app, list(sent))  # the backlog drains before the fixed rates start
    return sum(1 for moment in finished if started <= moment <= ended) / (ended - started)


def measure(seconds: float, database: str = "sqlite", capacity_seconds: float = 8) -> tuple[float, list[list[object]]]:
    rows: list[list[object]] = []
    with Stack(database=database) as stack:
        app = stack.app()
        base = stack.start_gunicorn()
        stack.start_worker([MAIN_QUEUE], simple=procfile_uses_simple_worker())
        workload.run_extraction(app, stack.redis, workload.create_jobs(app, 5, DOCUMENT))
        upload, _ = requests(stack)
        capacity = capacity_under_uploads(app, base, upload, capacity_seconds)
        for share in (0.5, 0.9):
            rate = share * capacity
            poller = Poller(base, upload.headers)
            sent: dict[str, float] = {}

            def keep(sent_at: float, body: dict, sent: dict[str, float] = sent, poller: Poller = poller) -> None:
                sent[body["jobId"]] = sent_at
                poller.add(sent_at, body)

            poller.start()
            outcome = open_loop(base, upload, rate, seconds, on_response=keep)
            poller.running = False
            poller.join(timeout=600)
            found = timings(app, sent)
            seen = [s * 1000 for s in poller.seen.values()]
            label = f"{share:.0%} of capacity ({rate:.1f}/s, {len(sent)} jobs, {outcome.errors} errors)"
            for name, values in (("upload-to-completed", found["total"]), ("  wait (queued)", found["wait"]),
                                 ("  processing", found["processing"]), ("  seen by polling client", seen)):
                rows.append([f"{label}: {name}" if name[0] != " " else name, percentile(values, 50),
                             percentile(values, 95), percentile(values, 99)])
    return capacity, rows


def run(seconds: float = 20, database: str = "sqlite", goals: list[Goal] | None = None) -> str:
    capacity, rows = measure(seconds, database)
    floor = 1000 / capacity
    for row in rows:
        row.append(row[2] / floor)
    if goals is not None:
        goals.append(Goal.against("p95 ms upload-to-completed at half capacity", rows[0][2], floor, GOAL_P95_MS,
                                  unit=" ms", note="floor: 1 / capacity measured in the same run"))
    head = table(["fixed arrival rate", "p50 ms", "p95 ms", "p99 ms", "p95 x floor"], rows)
    return (f"Capacity measured in this run: {capacity:.1f} jobs/s completed by 1 worker process while 4 "
            f"connections uploaded back to back (web and worker sharing the 2 CPUs), i.e. a floor of "
            f"{floor:.0f} ms per job (no wait); {seconds:.0f} s of arrivals per rate ({database}). "
            f"Goal: p95 upload-to-completed < {GOAL_P95_MS} ms at half capacity.\n\n{head}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    print(run(args.seconds, args.database))


if __name__ == "__main__":
    main()
