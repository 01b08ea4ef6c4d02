"""Recovery times with the default settings: a worker SIGKILLed, SIGSTOPped or SIGTERMed mid-OCR.

    .venv/bin/python bench/recovery.py SCANNED.pdf [--database auto|sqlite|postgresql] [--faults kill stop term]

Starts its own Redis and database, two `worker.py --simple` processes (one process each, as
the Procfile's processes run) and `scheduler.py`, all with the default settings. For each
fault it uploads the scanned sheet (method `pattern`: Tesseract OCR), waits until a worker
is extracting it, hits that worker's process group with the signal and prints the seconds
from the fault until the job was back in RQ, until another worker ran it, and until it
completed; with the bound the README states next to it. SIGSTOP: the frozen worker gets
SIGCONT once the job has completed elsewhere, and the row must stay as the other worker
left it (fencing). SIGTERM: `WORKER_SHUTDOWN_GRACE` lets the job finish if it can, else it
goes back to its queue with its attempt. Everything it started is stopped at the end.
"""
from __future__ import annotations

import argparse
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.chaos import _postgres_reachable
from bench.stack import Stack

SIGNALS = {"kill": signal.SIGKILL, "stop": signal.SIGSTOP, "term": signal.SIGTERM}
# README "Reliability": monitor interval + heartbeat margin + reconcile interval + scheduler poll.
BOUND_BACK = 10 + 20 + 30 + 5


def _row(stack: Stack, job_id: str) -> Any:
    from callsheet.extensions import db
    from callsheet.store.models import ExtractionJob

    with stack.app().app_context():
        row = db.session.get(ExtractionJob, job_id)
        db.session.expunge(row)
        db.session.remove()
        return row


def _worker_pid(stack: Stack, name: str) -> int | None:
    from rq import Worker

    found = Worker.find_by_key(Worker.redis_worker_namespace_prefix + name, connection=stack.redis)
    return found.pid if found else None


def _upload(stack: Stack, document: Path) -> str:
    from callsheet.api.auth import issue_token

    app = stack.app()
    headers = {"Authorization": f"Bearer {issue_token(app, 'recovery-bench')}"}
    body = {"file": (io.BytesIO(document.read_bytes()), document.name), "extractionMethod": "pattern"}
    answer = app.test_client().post("/api/extraction/upload", data=body, headers=headers,
                                    content_type="multipart/form-data")
    assert answer.status_code == 202, answer.get_json()
    return answer.get_json()["jobId"]


def one_fault(stack: Stack, workers: list[subprocess.Popen], document: Path, fault: str,
              timeout: float = 400) -> dict[str, Any]:
    from rq.job import Job

    job_id = _upload(stack, document)
    deadline = time.monotonic() + 120
    while True:  # a worker has taken it (OCR comes first: the page is loaded and read then)
        row = _row(stack, job_id)
        if row.status == "active" and row.worker_name:
            break
        if row.status in ("completed", "failed") or time.monotonic() > deadline:
            return {"fault": fault, "error": f"the job never got to OCR ({row.status})"}
        time.sleep(0.1)
    time.sleep(3)  # inside the OCR (tens of seconds for a scanned page)
    if _row(stack, job_id).status != "active":
        return {"fault": fault, "error": "the job ended within 3 s: too short a document to hit mid-OCR"}
    victim_name = row.worker_name
    pid = _worker_pid(stack, victim_name)
    victim = next(child for child in workers if child.pid == pid)
    os.killpg(victim.pid, SIGNALS[fault])
    hit = time.monotonic()
    result: dict[str, Any] = {"fault": f"SIG{fault.upper()}", "back in RQ (s)": None, "run again (s)": None,
                              "completed (s)": None}
    replaced = False
    while time.monotonic() - hit < timeout:
        now = time.monotonic() - hit
        row = _row(stack, job_id)
        status = Job.fetch(job_id, connection=stack.redis).get_status()
        if result["back in RQ (s)"] is None and (status in ("queued", "scheduled") or row.worker_name != victim_name):
            result["back in RQ (s)"] = round(now, 1)
        if result["run again (s)"] is None and row.worker_name != victim_name and row.status in ("active", "completed"):
            result["run again (s)"] = round(now, 1)
        if row.status in ("completed", "failed"):
            result["completed (s)" if row.status == "completed" else "failed (s)"] = round(now, 1)
            break
        if fault != "stop" and not replaced and victim.poll() is not None:
            workers.remove(victim)
            workers.append(stack.start_worker(["extraction-priority", "extraction", "extraction-low", "cleanup"],
                                              simple=True))  # the platform restarts the process
            replaced = True
        time.sleep(0.2)
    result.update(attempts=row.attempts, finished_by_the_faulted_worker=row.worker_name == victim_name,
                  error=row.error)
    if fault == "stop":  # wake the frozen worker: its late result must change nothing
        before = (row.status, row.finished_at, row.worker_name)
        os.killpg(victim.pid, signal.SIGCONT)
        time.sleep(8)
        after = _row(stack, job_id)
        result["row unchanged after SIGCONT"] = before == (after.status, after.finished_at, after.worker_name)
        stack.stop(victim)
        workers.remove(victim)
        workers.append(stack.start_worker(["extraction-priority", "extraction", "extraction-low", "cleanup"],
                                          simple=True))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("document", type=Path, help="a scanned call sheet (no text layer: OCR)")
    parser.add_argument("--database", choices=("auto", "sqlite", "postgresql"), default="auto")
    parser.add_argument("--faults", nargs="+", choices=tuple(SIGNALS), default=list(SIGNALS))
    args = parser.parse_args()
    database = args.database
    if database == "auto":
        database = "postgresql" if _postgres_reachable() else "sqlite"
    results = []
    with Stack(database=database, log_level="INFO") as stack:
        subprocess.run([sys.executable, "-m", "callsheet", "migrate"], cwd=Path(__file__).resolve().parent.parent,
                       env=stack.env, check=True, capture_output=True)
        queues = ["extraction-priority", "extraction", "extraction-low", "cleanup"]
        workers = [stack.start_worker(queues, simple=True) for _ in range(2)]
        stack.spawn([sys.executable, "scheduler.py"], "scheduler")
        for fault in args.faults:
            outcome = one_fault(stack, workers, args.document, fault)
            print(outcome, flush=True)
            results.append(outcome)
    print(f"\nrecovery with default settings ({database}); README bound until back in RQ: {BOUND_BACK} s")
    for outcome in results:
        print("  " + ", ".join(f"{key}: {value}" for key, value in outcome.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
