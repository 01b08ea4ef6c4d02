"""Scale-out proof: web and two workers that share nothing but Redis, PostgreSQL and S3.

    .venv/bin/python -m bench.scaleout [--sheets N] [--cleanup-delay S]

Starts its own Redis (free port), a fresh schema in PostgreSQL `test`, and moto's S3 server
(`moto_server`, real HTTP) with a bucket; runs the release phase (`python -m callsheet
migrate`), then gunicorn (gunicorn.conf.py) and two `worker.py` processes, each in a working
directory of its own with its own TMPDIR, INSTANCE_PATH and (unused) UPLOAD_DIR. It uploads
DEV call sheets through the API, captures /queue/stats and /metrics while the workers are
busy, waits for every job, and checks:

- every job completed, and on the worker that took it (the row's
  `worker_name`, written when a worker starts the job, equals `results.metadata.worker`,
  written when it finishes; RQ's own record agrees), and both workers took jobs;
- nothing touched a local disk in common: no UPLOAD_DIR was created, every worker's TMPDIR
  is empty again (downloads from S3 are removed after extraction);
- after the shortened retention (CLEANUP_DELAY), the bucket is empty.

Exit status 0 when every check passes. Needs PostgreSQL at 127.0.0.1:5432 (database test).
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import boto3
import requests
from redis import Redis
from rq.job import Job

from bench.stack import CORPUS, ROOT, _postgres_schema_url, _redis_binary, free_port

PYTHON = sys.executable
PRIORITIES = ("normal", "high", "low", "urgent")


class Cluster:
    """The shared services and the processes of one run; everything is stopped by `close`."""

    def __init__(self, base: Path, cleanup_delay: int) -> None:
        self.base = base
        self.children: dict[str, subprocess.Popen] = {}
        self.redis_port, self.s3_port, self.web_port = free_port(), free_port(), free_port()
        self.schema = f"scaleout_{uuid.uuid4().hex[:10]}"
        self.bucket = f"callsheet-{uuid.uuid4().hex[:10]}"
        self.shared = {
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "DATABASE_URL": _postgres_schema_url(self.schema),
            "S3_BUCKET": self.bucket,
            "S3_PREFIX": "uploads/",
            "AWS_ENDPOINT_URL_S3": f"http://127.0.0.1:{self.s3_port}",
            "AWS_ACCESS_KEY_ID": "scaleout",
            "AWS_SECRET_ACCESS_KEY": "scaleout",
            "S3_REGION": "us-east-1",
            "JWT_SECRET": uuid.uuid4().hex,
            "CLEANUP_DELAY": str(cleanup_delay),
            "LOG_LEVEL": "WARNING",
            "AUTO_MIGRATE": "0",
            "PYTHONPATH": str(ROOT),
        }

    def home(self, name: str) -> tuple[Path, dict[str, str]]:
        """A working directory of its own for process `name`, and its environment."""
        home = self.base / name
        (home / "tmp").mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "S3_", "PROMETHEUS"))}
        env.update(self.shared, TMPDIR=str(home / "tmp"), INSTANCE_PATH=str(home / "instance"),
                   UPLOAD_DIR=str(home / "uploads"), PROMETHEUS_MULTIPROC_DIR=str(home / "prometheus"))
        return home, env

    def spawn(self, name: str, args: list[str], **extra: str) -> subprocess.Popen:
        home, env = self.home(name)
        env.update(extra)
        log = open(home / "process.log", "wb")  # kept open for the child's life
        child = subprocess.Popen(args, cwd=home, env=env, stdout=log, stderr=subprocess.STDOUT,
                                 start_new_session=True)
        self.children[name] = child
        return child

    def start_services(self) -> None:
        self.spawn("redis", [_redis_binary(), "--port", str(self.redis_port), "--bind", "127.0.0.1",
                             "--save", "", "--appendonly", "no"])
        self.spawn("s3", [str(Path(PYTHON).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(self.s3_port)])
        wait_for(lambda: Redis(port=self.redis_port).ping(), "Redis")
        wait_for(lambda: requests.get(self.shared["AWS_ENDPOINT_URL_S3"], timeout=1).ok, "moto S3 server")
        self.s3().create_bucket(Bucket=self.bucket)

    def s3(self) -> Any:
        return boto3.client("s3", endpoint_url=self.shared["AWS_ENDPOINT_URL_S3"], region_name="us-east-1",
                            aws_access_key_id="scaleout", aws_secret_access_key="scaleout")

    def run(self, name: str, args: list[str]) -> str:
        home, env = self.home(name)
        done = subprocess.run(args, cwd=home, env=env, capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise RuntimeError(f"{' '.join(args)} failed: {done.stderr[-2000:]}")
        return done.stdout.strip()

    def print_logs(self, lines: int = 30) -> None:
        for name in self.children:
            log = self.base / name / "process.log"
            text = log.read_text(errors="replace").splitlines() if log.exists() else []
            errors = [line[:3000] for line in text if "ERROR" in line or "Traceback" in line]
            print(f"--- {name}: {len(errors)} error lines, then the last {lines} lines ---",
                  *errors[:10], *text[-lines:], sep="\n")

    def close(self) -> None:
        for child in self.children.values():
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGTERM)
        for child in self.children.values():
            try:
                child.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
        import psycopg

        url = self.shared["DATABASE_URL"]
        user = url.split("://", 1)[1].split("@", 1)[0]
        with psycopg.connect(f"host=127.0.0.1 dbname=test user={user}", autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')


def wait_for(probe: Any, what: str, timeout: float = 90) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = probe()
            if value:
                return value
        except Exception:
            pass
        time.sleep(0.25)
    raise TimeoutError(f"timed out waiting for {what}")


def upload(base: str, headers: dict[str, str], path: Path, priority: str) -> dict[str, Any]:
    with path.open("rb") as handle:
        answer = requests.post(f"{base}/api/extraction/upload", headers=headers, timeout=60,
                               files={"file": (path.name, handle)},
                               data={"extractionMethod": "pattern", "priority": priority})
    answer.raise_for_status()
    return answer.json()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="web + two workers sharing only Redis, PostgreSQL and S3")
    parser.add_argument("--sheets", type=int, default=30, help="uploads (cycling through the DEV sheets)")
    parser.add_argument("--cleanup-delay", type=int, default=8, help="retention in seconds (CLEANUP_DELAY)")
    args = parser.parse_args(argv)
    sheets = sorted(CORPUS.glob("dev_*.pdf"))
    batch = [sheets[i % len(sheets)] for i in range(args.sheets)]
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="callsheet-scaleout-") as folder:
        cluster = Cluster(Path(folder), args.cleanup_delay)
        try:
            failures = run(cluster, batch, args.cleanup_delay)
        except Exception:
            failures = ["the run stopped on an error (above); process logs follow"]
            raise
        finally:
            if failures:
                cluster.print_logs()
            cluster.close()
    print("\nRESULT:", "PASS" if not failures else "FAIL")
    for failure in failures:
        print("  -", failure)
    return 1 if failures else 0


def run(cluster: Cluster, batch: list[Path], cleanup_delay: int) -> list[str]:
    failures: list[str] = []
    started = time.monotonic()
    cluster.start_services()
    print("release:", cluster.run("release", [PYTHON, "-m", "callsheet", "migrate"]))
    web = f"http://127.0.0.1:{cluster.web_port}"
    cluster.spawn("web", [PYTHON, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")],
                  PORT=str(cluster.web_port), HOST="127.0.0.1", GUNICORN_WORKERS="2")
    workers = {name: cluster.spawn(name, [PYTHON, str(ROOT / "worker.py")]) for name in ("worker-a", "worker-b")}
    wait_for(lambda: requests.get(f"{web}/api/ready", timeout=2).status_code == 200, "web /api/ready")
    redis = Redis(port=cluster.redis_port)
    wait_for(lambda: redis.scard("rq:workers") == 2, "two registered workers")
    from rq import Worker

    by_pid = {child.pid: name for name, child in workers.items()}
    names = {w.name: by_pid.get(w.pid, "?") for w in Worker.all(connection=redis)}
    print("workers:", ", ".join(f"{process} = RQ worker {name}" for name, process in sorted(names.items())))
    token = cluster.run("release", [PYTHON, "-m", "callsheet", "token", "scaleout"]).splitlines()[-1]
    headers = {"Authorization": f"Bearer {token}"}

    t0 = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        jobs = list(pool.map(lambda item: upload(web, headers, item[1], PRIORITIES[item[0] % 4]), enumerate(batch)))
    print(f"uploaded {len(jobs)} sheets in {time.monotonic() - t0:.1f} s; S3 objects:",
          cluster.s3().list_objects_v2(Bucket=cluster.bucket).get("KeyCount"))
    from rq import Queue

    from callsheet.queueing.queues import EXTRACTION_QUEUES

    def done_so_far() -> int:
        return sum(Queue(name, connection=redis).finished_job_registry.count for name in EXTRACTION_QUEUES)

    wait_for(lambda: done_so_far() >= len(jobs) // 3, "a third of the jobs", timeout=300)
    stats = requests.get(f"{web}/api/extraction/queue/stats", headers=headers, timeout=10).json()
    print("\n/queue/stats during the run:\n" + json.dumps(stats, indent=1))
    exposition = requests.get(f"{web}/metrics", timeout=10).text

    def finished() -> list[dict[str, Any]] | None:
        bodies = [requests.get(f"{web}/api/extraction/job/{job['jobId']}", headers=headers, timeout=10).json()
                  for job in jobs]
        return bodies if all(b["status"] in ("completed", "failed", "cancelled") for b in bodies) else None

    bodies = wait_for(finished, "every job to finish", timeout=600)
    elapsed = time.monotonic() - t0
    final_metrics = requests.get(f"{web}/metrics", timeout=10).text
    print("\n/metrics during the run (excerpt):\n" + excerpt(exposition))
    print("\n/metrics after the run (excerpt):\n" + excerpt(final_metrics))
    failures += check_jobs(cluster, redis, bodies, names)
    print(f"\n{len(bodies)} jobs finished in {elapsed:.1f} s after the first upload")
    for name in ("web", "worker-a", "worker-b"):
        home = cluster.base / name
        leftovers = [p.name for p in (home / "tmp").rglob("*") if p.is_file()]
        if leftovers:
            failures.append(f"{name}: files left in its TMPDIR: {leftovers[:5]}")
        if (home / "uploads").exists():
            failures.append(f"{name}: a local UPLOAD_DIR was created")
    print(f"waiting {cleanup_delay} s of retention for the scheduled deletions ...")
    remaining = wait_for(lambda: cluster.s3().list_objects_v2(Bucket=cluster.bucket).get("KeyCount") == 0 or None,
                         "the bucket to be emptied", timeout=cleanup_delay + 60)
    print("S3 bucket empty after the retention:", bool(remaining))
    print(f"total run time {time.monotonic() - started:.1f} s")
    for name, child in workers.items():
        if child.poll() is not None:
            failures.append(f"{name} exited early with {child.returncode}")
    return failures


def check_jobs(cluster: Cluster, redis: Redis, bodies: list[dict[str, Any]], names: dict[str, str]) -> list[str]:
    failures: list[str] = []
    per_worker: dict[str, int] = {}
    contacts = 0
    for body in bodies:
        job_id = body["jobId"]
        if body["status"] != "completed":
            failures.append(f"job {job_id}: {body['status']} {body.get('error')}")
            continue
        contacts += len(body["results"]["contacts"])
        finisher = body["results"]["metadata"].get("worker")
        taker = row_worker(cluster, job_id)
        rq_worker = Job.fetch(job_id, connection=redis).worker_name
        if not (taker == finisher == rq_worker and finisher in names):
            failures.append(f"job {job_id}: taken by {taker}, finished by {finisher}, RQ says {rq_worker}")
        per_worker[names.get(finisher, str(finisher))] = per_worker.get(names.get(finisher, str(finisher)), 0) + 1
    print(f"\n{contacts} contacts; jobs completed per worker (taker == finisher == RQ's record):", per_worker)
    if len(per_worker) < 2:
        failures.append(f"only {list(per_worker)} took jobs")
    return failures


def row_worker(cluster: Cluster, job_id: str) -> str | None:
    """The worker recorded on the job row in PostgreSQL when the job was started."""
    import psycopg

    url = cluster.shared["DATABASE_URL"]
    user = url.split("://", 1)[1].split("@", 1)[0]
    with psycopg.connect(f"host=127.0.0.1 dbname=test user={user} options=-csearch_path={cluster.schema}") as conn:
        row = conn.execute("SELECT worker_name FROM extraction_job WHERE id = %s", (job_id,)).fetchone()
    return row[0] if row else None


def excerpt(text: str) -> str:
    keep = ("callsheet_jobs_", "callsheet_queue_jobs{queue=\"extraction\"", "callsheet_queue_workers",
            "callsheet_job_processing_seconds_count", "callsheet_job_processing_seconds_sum",
            "callsheet_job_wait_seconds_sum", "callsheet_job_processing_seconds_bucket{le=\"2.5\"",
            "callsheet_breaker_state", "callsheet_upload_bytes_count",
            "callsheet_http_request_duration_seconds_count{method=\"POST\"")
    lines = [line for line in text.splitlines() if line.startswith(keep)]
    return "\n".join(lines[:40])


if __name__ == "__main__":
    raise SystemExit(main())
