"""Pattern jobs per hour per worker process, next to the floor measured in the same run.

    .venv/bin/python -m bench.throughput [--jobs N] [--database sqlite|postgresql] [--simple|--fork]

One `worker.py` process (the worker class the Procfile's `worker:` line uses, unless told)
works the `extraction` queue. Three loads go through it, each timed from the first
enqueue to the last job's end:
- no-op: RQ's own cost per job;
- floor: a job that opens the document with PyMuPDF and reads the words of every page;
- full: the real upload path's jobs (`callsheet.queueing.jobs.process_extraction`, method pattern,
  rows in the database, files in storage) until every row is `completed`.
Redis round trips and commands per job are counted by the server (bench/roundtrips.py).
The in-process cost of `pattern.extract()` alone is printed too: it is what the full job
adds on top of the floor that is not the service's.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench import roundtrips, workload
from bench.goals import Goal
from bench.report import cpu_seconds, table
from bench.stack import DOCUMENT, ROOT, Stack
from callsheet.queueing.queues import MAIN_QUEUE

GOAL_PER_HOUR = 100_000
GOAL_X_FLOOR = 2.5


def procfile_uses_simple_worker() -> bool:
    """True if the Procfile's `worker:` line runs a non-forking worker (`--simple`)."""
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.startswith("worker:"):
            return "--simple" in line.split()
    return False


def in_process_ms(document: Path, repeat: int = 30) -> tuple[float, float]:
    """Median CPU ms of PyMuPDF words and of pattern extract() on `document`, in this process.

    CPU time, not wall time: on a shared machine a wall-clock median of a few ms is mostly
    the other processes' doing.
    """
    from bench.jobs import read_words
    from callsheet.extraction import extract

    def median(fn) -> float:
        fn()
        times = []
        for _ in range(repeat):
            start = time.process_time()
            fn()
            times.append((time.process_time() - start) * 1000)
        return sorted(times)[len(times) // 2]

    return median(lambda: read_words(str(document))), median(lambda: extract(document, "pattern", {}))


def measure(jobs: int, simple: bool, database: str = "sqlite", document: Path = DOCUMENT) -> dict[str, tuple]:
    """(seconds, worker CPU seconds, Redis round trips, Redis commands) per job of the no-op, floor and
    full loads through one worker process."""
    found = {}
    with Stack(database=database) as stack:
        app = stack.app()
        connection = roundtrips.client(stack.env["REDIS_URL"])
        pid = stack.start_worker([MAIN_QUEUE], simple=simple).pid
        warm = workload.create_jobs(app, 5, document)
        workload.run_extraction(app, connection, warm)
        workload.run_function(connection, "bench.jobs.noop", 5)
        ids = workload.create_jobs(app, jobs, document)
        loads = (("noop", lambda: workload.run_function(connection, "bench.jobs.noop", jobs)),
                 ("floor", lambda: workload.run_function(connection, "bench.jobs.read_words", jobs, str(document))),
                 ("full", lambda: workload.run_extraction(app, connection, ids)))
        idle = roundtrips.idle_rate(connection)
        for name, load in loads:
            cpu = cpu_seconds(pid)
            seconds, trips, commands = roundtrips.per_job(connection, load, jobs, idle)
            found[name] = (seconds / jobs, (cpu_seconds(pid) - cpu) / jobs, trips, commands)
    return found


def _goals(found: dict[str, tuple]) -> list[Goal]:
    (seconds, cpu, trips, _), (floor_s, floor_cpu, _, _), noop_trips = found["full"], found["floor"], found["noop"][2]
    return [
        Goal.against("pattern jobs per hour, 1 worker process", 3600 / seconds, 3600 / floor_s, GOAL_PER_HOUR,
                     at_least=True, note=f"{seconds * 1000:.1f} ms per 2-page job"),
        Goal.against("pattern job: worker CPU ms per job", cpu * 1000, floor_cpu * 1000, GOAL_X_FLOOR, by_ratio=True,
                     note=f"CPU time, which the machine's load does not inflate; wall time {seconds / floor_s:.1f}x"),
        Goal("Redis round trips per pattern job", trips, noop_trips, "fewest RQ allows (23 before)", None,
             "floor: the no-op job through the same worker", trips / noop_trips),
    ]


def rows_for(label: str, per_job: dict[str, tuple]) -> list[list[object]]:
    floor, floor_cpu, floor_trips, _ = per_job["floor"]
    rows = []
    for key, name in (("noop", "no-op job"), ("floor", "floor: no-op + PyMuPDF words"), ("full", "full pattern job")):
        seconds, cpu, trips, commands = per_job[key]
        rows.append([f"{label}: {name}", 3600 / seconds, seconds * 1000, seconds / floor,
                     cpu * 1000, cpu / floor_cpu if floor_cpu else float("nan"), trips, trips / floor_trips, commands])
    return rows


def run(jobs: int = 200, database: str = "sqlite", classes: tuple[bool, ...] | None = None,
        other_jobs: int | None = None, goals: list[Goal] | None = None) -> str:
    """The throughput table (Markdown) for each worker class in `classes` (True = SimpleWorker).

    The class the Procfile uses runs `jobs` jobs of each load; the other one `other_jobs`
    (default the same), enough for the comparison.
    """
    procfile_simple = procfile_uses_simple_worker()
    classes = classes or (procfile_simple, not procfile_simple)
    rows: list[list[object]] = []
    ceiling = ""
    for simple in classes:
        label = ("SimpleWorker" if simple else "Worker (fork)") + (" [Procfile]" if simple == procfile_simple else "")
        count = jobs if simple == procfile_simple else (other_jobs or jobs)
        found = measure(count, simple, database)
        rows += rows_for(f"{label}, {count} jobs", found)
        if simple == procfile_simple:
            if goals is not None:
                goals.extend(_goals(found))
            ceiling = (f"With a core to itself (its CPU time only, what the machine's load does not inflate) the "
                       f"Procfile's worker would run {3600 / found['full'][1]:,.0f} pattern jobs/hour "
                       f"({found['full'][1] * 1000:.1f} CPU ms/job).")
    words_ms, pattern_ms = in_process_ms(DOCUMENT)
    head = table(["load (1 worker process)", "jobs/hour/worker", "ms/job", "x floor", "worker CPU ms/job",
                  "CPU x floor", "Redis round trips/job", "x floor", "Redis commands/job"], rows)
    note = table(
        ["in-process, no RQ (median of 30)", "CPU ms"],
        [["PyMuPDF open + words", words_ms], ["pattern extract()", pattern_ms],
         ["extract() - words (extractor's own work)", pattern_ms - words_ms]],
    )
    return (f"Jobs of {DOCUMENT.name} ({database}); goal >= {GOAL_PER_HOUR:,} jobs/hour/worker "
            f"(<= {3600_000 / GOAL_PER_HOUR:.0f} ms/job) and full <= {GOAL_X_FLOOR}x floor.\n\n{head}\n\n"
            f"{ceiling}\n\n{note}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--simple", action="store_true", help="only SimpleWorker")
    group.add_argument("--fork", action="store_true", help="only the forking Worker")
    args = parser.parse_args()
    classes = (True,) if args.simple else (False,) if args.fork else None
    print(run(args.jobs, args.database, classes))


if __name__ == "__main__":
    main()
