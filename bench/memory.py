"""RSS and PSS of a worker after 0, 100 and 1,000 pattern jobs, and of gunicorn workers after 1,000 uploads.

    .venv/bin/python -m bench.memory [--jobs 1000] [--uploads 1000]

The worker is `worker.py` with the Procfile's worker class. When it forks, the work
horse's own figures are taken by a job that reads /proc/self (bench.jobs.memory). The
floor is a bare process with only RQ and PyMuPDF imported, measured in the same run.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time

from rq import Queue

from bench import workload
from bench.client import closed_loop
from bench.goals import Goal
from bench.report import children, memory_kb, table
from bench.stack import DOCUMENT, Stack
from bench.throughput import procfile_uses_simple_worker
from bench.upload import requests
from callsheet.queueing.queues import MAIN_QUEUE

GOAL_MB = 100
GOAL_WEB_MB = 80
FLOOR_SCRIPT = "import rq, pymupdf, sys; sys.stdout.write('ready\\n'); sys.stdout.flush(); sys.stdin.read()"


def floor_kb() -> dict[str, int]:
    """A process with only RQ and plain PyMuPDF imported."""
    child = subprocess.Popen([sys.executable, "-c", FLOOR_SCRIPT], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    child.stdout.readline()
    found = memory_kb(child.pid)
    child.stdin.close()
    child.wait()
    return found


def horse_kb(stack: Stack) -> dict[str, int] | None:
    """The memory a job sees from inside (the work horse when the worker forks)."""
    job = Queue(MAIN_QUEUE, connection=stack.redis).enqueue("bench.jobs.memory")
    for _ in range(600):
        if job.get_status(refresh=True) == "finished":
            return job.return_value()
        time.sleep(0.05)
    return None


def worker_rows(jobs: int) -> list[list[object]]:
    simple = procfile_uses_simple_worker()
    label = "SimpleWorker" if simple else "Worker (fork)"
    rows: list[list[object]] = []
    with Stack() as stack:
        app = stack.app()
        worker = stack.start_worker([MAIN_QUEUE], simple=simple)
        done = 0
        for target in sorted({0, min(100, jobs), jobs}):
            if target > done:
                ids = workload.create_jobs(app, target - done, DOCUMENT)
                workload.run_extraction(app, stack.redis, ids)
                done = target
            own = memory_kb(worker.pid)
            rows.append([f"{label} process after {done} jobs", own["rss"] / 1024, own["pss"] / 1024])
            if not simple:
                horse = horse_kb(stack)
                if horse:
                    rows.append([f"  its work horse after {done} jobs", horse["rss"] / 1024, horse["pss"] / 1024])
    return rows


def gunicorn_rows(uploads: int, production: bool = False) -> list[list[object]]:
    """gunicorn workers before and after `uploads` uploads (`production`: without the dev-only packages)."""
    rows: list[list[object]] = []
    packages = "requirements.txt's packages only" if production else "the development venv"
    with Stack() as stack:
        base = stack.start_gunicorn(production=production)
        upload, _ = requests(stack)
        pids = children(stack.gunicorn.pid)
        for label, count in (("before uploads", 0), (f"after {uploads} uploads", uploads)):
            if count:
                outcome = closed_loop(base, upload, 8, 3600, limit=count)
                label += f" ({outcome.errors} failed)"
            for number, pid in enumerate(pids, 1):
                own = memory_kb(pid)
                rows.append([f"gunicorn worker {number} {label}, {packages}", own["rss"] / 1024,
                             own["pss"] / 1024])
    return rows


def run(jobs: int = 1000, uploads: int = 1000, goals: list[Goal] | None = None) -> str:
    floor = floor_kb()
    rows = [["floor: python + rq + pymupdf imported", floor["rss"] / 1024, floor["pss"] / 1024]]
    workers, dev_web, web = worker_rows(jobs), gunicorn_rows(uploads), gunicorn_rows(uploads, production=True)
    rows += workers + dev_web + web
    for row in rows:
        row.append(row[1] / rows[0][1])
    if goals is not None:
        busiest = max((row for row in web if "after" in row[0]), key=lambda row: row[1])
        goals.append(Goal.against(f"worker RSS MB after {jobs:,} jobs", workers[-1][1], rows[0][1], GOAL_MB,
                                  unit=" MB", note="floor: a process with only RQ and PyMuPDF imported"))
        goals.append(Goal.against(f"gunicorn worker RSS MB after {uploads:,} uploads", busiest[1], rows[0][1],
                                  GOAL_WEB_MB, unit=" MB",
                                  note=f"the larger of the two ({busiest[0]}; bench/production.py says why)"))
    head = table(["process", "RSS MB", "PSS MB", "RSS x floor"], rows)
    return (f"Goals: <= {GOAL_MB} MB RSS per worker after 1,000 jobs ({DOCUMENT.name}, sqlite), <= {GOAL_WEB_MB} MB "
            f"per gunicorn worker after 1,000 uploads.\n\n{head}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=1000)
    parser.add_argument("--uploads", type=int, default=1000)
    args = parser.parse_args()
    print(run(args.jobs, args.uploads))


if __name__ == "__main__":
    main()
