"""Chaos check: nothing accepted is lost while workers die and Redis forgets everything.

    .venv/bin/python bench/chaos.py [--uploads 300] [--database auto|sqlite|postgresql] [--forking]

Starts its own Redis, database, gunicorn, 2 workers (`worker.py --simple`, as the Procfile
runs them; `--forking`: RQ's forking worker) and the scheduler (`bench/stack.py`),
uploads `--uploads` DEV sheets with mixed priorities (about 5 per second, a client that
honours 503 + Retry-After), and meanwhile: SIGKILLs a worker (and its work horse) every
few seconds during the first `--chaos-seconds` and starts a new one, kills Redis once (no persistence: its data is lost)
and starts it again, and stops both workers once with SIGTERM as a deploy does (SIGKILL
30 s later if they are still running), then starts new ones. A supervisor restarts any
process that exits on its own (a worker that loses Redis quits), as a platform would.

It then waits until every accepted job has ended and prints: accepted, completed,
failed (with reasons), lost (accepted but never ended: must be 0), duplicated contacts
(must be 0: positions repeated within a job, or copies of one sheet disagreeing), and
the longest recovery (a killed job back in its queue, and until it ran again behind the
backlog; every job back in RQ after Redis lost it). Everything it started is stopped at
the end, also on Ctrl-C or an error.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tarfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.client import Connection, Request, multipart
from bench.stack import CORPUS, ROOT, Stack, free_port

PRIORITIES = ("low", "normal", "normal", "high", "urgent")
KINDS = {".pdf", ".png", ".jpg"}


def kill_tree(pid: int) -> None:
    """SIGKILL `pid` and its children: RQ's work horse runs in a session of its own, so
    killing the worker's process group would leave it running (a lost machine loses both)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    for victim in [*children, pid]:
        try:
            os.kill(victim, signal.SIGKILL)
        except ProcessLookupError:
            pass


def snapshot(folder: Path) -> Path:
    """The committed code (git HEAD) in `folder/code`: every process of the run, restarted
    or not, runs the same code while others keep editing the working tree."""
    code = folder / "code"
    code.mkdir()
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(code, filter="data")
    return code


class Chaos:
    def __init__(self, stack: Stack, uploads: int, kill_every: float, chaos_seconds: float, timeout: float,
                 seed: int = 5, forking: bool = False) -> None:
        self.stack, self.uploads, self.kill_every, self.timeout = stack, uploads, kill_every, timeout
        self.worker_args = [] if forking else ["--simple"]
        self.chaos_seconds = chaos_seconds
        self.rng = random.Random(seed)
        self.accepted: dict[str, str] = {}  # job id -> document name
        self.refused: Counter[int] = Counter()
        self.workers: list[subprocess.Popen] = []
        self.scheduler: subprocess.Popen | None = None
        self.killed: list[tuple[str, float, int]] = []  # job id, when, attempts then
        # per kill (its index in `killed`: a job may be killed more than once)
        self.recoveries: dict[int, float] = {}  # seconds from the kill until the job ran again
        self.requeued: dict[int, float] = {}  # seconds from the kill until the job was back in a queue
        self.events: list[str] = []
        self.restarts = Counter[str]()
        self.redis_lost_at: float | None = None
        self.redis_pending: set[str] = set()
        self.redis_recovery: float | None = None
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.t0 = time.monotonic()
        self.code = snapshot(stack.folder)
        stack.env["PYTHONPATH"] = str(self.code)

    # -- processes -------------------------------------------------------------------------

    def log(self, text: str) -> None:
        line = f"[{time.monotonic() - self.t0:6.1f}s] {text}"
        self.events.append(line)
        print(line, flush=True)

    def spawn(self, args: list[str], name: str, env: dict[str, str] | None = None) -> subprocess.Popen:
        log = open(self.stack.folder / f"{name}.log", "ab")
        child = subprocess.Popen(args, cwd=self.code, env=env or self.stack.env, stdout=log,
                                 stderr=subprocess.STDOUT, start_new_session=True)
        self.stack.children.append(child)
        return child

    def start_web(self) -> str:
        port = free_port()
        env = dict(self.stack.env, PORT=str(port), HOST="127.0.0.1", GUNICORN_WORKERS="2",
                   PROMETHEUS_MULTIPROC_DIR=str(self.stack.folder / "prometheus"))
        child = self.spawn([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "callsheet:create_app()"],
                           "gunicorn", env)
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return f"http://127.0.0.1:{port}"
            except OSError:
                if child.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start; see gunicorn.log") from None
                time.sleep(0.1)

    def start_worker(self) -> subprocess.Popen:
        child = self.spawn([sys.executable, "worker.py", *self.worker_args], "worker")
        self.workers.append(child)
        return child

    def start_scheduler(self) -> None:
        self.scheduler = self.spawn([sys.executable, "scheduler.py", "--interval", "1"], "scheduler")

    def running_job(self, child: subprocess.Popen) -> str | None:
        from rq import Worker

        try:
            for worker in Worker.all(connection=self.stack.redis):
                if worker.pid == child.pid:
                    return worker.get_current_job_id()
        except Exception:
            return None
        return None

    def supervise(self) -> None:
        """Restart processes that exited on their own (a platform would)."""
        with self.lock:
            for child in list(self.workers):
                if child.poll() is not None:
                    self.workers.remove(child)
                    self.restarts["worker"] += 1
                    self.start_worker()
            if self.scheduler is not None and self.scheduler.poll() is not None:
                self.restarts["scheduler"] += 1
                self.start_scheduler()

    # -- chaos --------------------------------------------------------------------------------

    def kill_a_worker(self) -> None:
        with self.lock:
            busy = [(child, self.running_job(child)) for child in self.workers if child.poll() is None]
            if not busy:
                return
            candidates = [pair for pair in busy if pair[1]] or busy
            child, job_id = self.rng.choice(candidates)
            attempts = self.attempts(job_id) if job_id else 0
            kill_tree(child.pid)
            child.wait()
            self.workers.remove(child)
            when = time.monotonic()
            if job_id:
                self.killed.append((job_id, when, attempts))
            self.log(f"SIGKILL worker {child.pid}" + (f" running {job_id} (attempt {attempts})" if job_id else ""))
            self.start_worker()

    def restart_redis(self) -> None:
        with self.lock:
            self.redis_pending = set(self.unfinished())
            redis_child = next(c for c in self.stack.children if c.args and "redis" in str(c.args[0]))
            os.killpg(redis_child.pid, signal.SIGKILL)
            redis_child.wait()
            self.stack.children.remove(redis_child)
            self.redis_lost_at = time.monotonic()
            self.log(f"Redis killed (data lost) with {len(self.redis_pending)} unfinished jobs")
            time.sleep(2)
            self.stack._start_redis()
            self.log("Redis started again, empty")

    def sigterm_workers(self) -> None:
        with self.lock:
            old, self.workers = self.workers, []
            for child in old:
                if child.poll() is None:
                    os.killpg(child.pid, signal.SIGTERM)  # every process of the "dyno"
            started = time.monotonic()
            for child in old:
                try:
                    child.wait(max(0.1, 30 - (time.monotonic() - started)))
                except subprocess.TimeoutExpired:
                    os.killpg(child.pid, signal.SIGKILL)
                    child.wait()
            self.log(f"SIGTERM to both workers: stopped in {time.monotonic() - started:.1f} s; starting new ones")
            for _ in old:
                self.start_worker()

    def chaos_loop(self) -> None:
        redis_at, sigterm_at = 25.0, 70.0
        next_kill = self.kill_every
        while not self.done.is_set():
            now = time.monotonic() - self.t0
            if redis_at is not None and now >= redis_at:
                self.restart_redis()
                redis_at = None
            elif sigterm_at is not None and now >= sigterm_at:
                self.sigterm_workers()
                sigterm_at = None
            elif now >= next_kill and now < self.chaos_seconds:
                self.kill_a_worker()
                next_kill = now + self.kill_every * self.rng.uniform(0.6, 1.4)
            self.supervise()
            self.observe()
            time.sleep(0.5)

    # -- database view -----------------------------------------------------------------------------

    def rows(self, *columns: Any, where: Any = None) -> list[Any]:
        from callsheet.extensions import db

        app = self.stack.app()
        with app.app_context():
            from sqlalchemy import select

            query = select(*columns)
            if where is not None:
                query = query.where(where)
            result = db.session.execute(query).all()
            db.session.remove()
            return result

    def attempts(self, job_id: str) -> int:
        from callsheet.store.models import ExtractionJob

        found = self.rows(ExtractionJob.attempts, where=ExtractionJob.id == job_id)
        return found[0][0] if found else 0

    def unfinished(self) -> list[str]:
        from callsheet.store.models import ExtractionJob

        return [r[0] for r in self.rows(ExtractionJob.id, where=ExtractionJob.status.in_(("waiting", "active")))]

    def observe(self) -> None:
        """Note when killed jobs were taken up again and when Redis had every job back."""
        from rq.job import Job

        from callsheet.store.models import FINISHED, ExtractionJob

        now = time.monotonic()
        for index, (job_id, when, _) in enumerate(self.killed):
            if index not in self.requeued:
                try:
                    status = Job.fetch(job_id, connection=self.stack.redis).get_status()
                except Exception:
                    continue
                if status in ("queued", "scheduled", "finished"):
                    self.requeued[index] = now - when
        pending = [(index, kill) for index, kill in enumerate(self.killed) if index not in self.recoveries]
        if pending:
            state = {r[0]: r[1:] for r in self.rows(ExtractionJob.id, ExtractionJob.status, ExtractionJob.attempts,
                                                  where=ExtractionJob.id.in_([kill[0] for _, kill in pending]))}
            for index, (job_id, when, attempts) in pending:
                status, now_attempts = state.get(job_id, ("missing", 0))
                if status in FINISHED or now_attempts > attempts:
                    self.recoveries[index] = now - when
                    self.requeued.setdefault(index, now - when)
        if self.redis_lost_at is not None and self.redis_recovery is None:
            try:
                finished = {r[0] for r in self.rows(ExtractionJob.id, where=ExtractionJob.status.in_(FINISHED))}
                back = {job_id for job_id in self.redis_pending - finished
                        if Job.exists(job_id, connection=self.stack.redis)}
            except Exception:
                return
            if self.redis_pending - finished - back == set():
                self.redis_recovery = now - self.redis_lost_at
                self.log(f"every job Redis lost is back in RQ or ended, {self.redis_recovery:.0f} s after the loss")

    # -- uploads -----------------------------------------------------------------------------------

    def upload_all(self, base_url: str, token: str) -> None:
        documents = sorted(p for p in CORPUS.glob("dev_*") if p.suffix in KINDS)
        connection = Connection(base_url)
        for i in range(self.uploads):
            document = documents[i % len(documents)]
            priority = self.rng.choice(PRIORITIES)
            body, content_type = multipart(document, {"extractionMethod": "pattern", "priority": priority})
            request = Request("POST", "/api/extraction/upload", body,
                              {"Authorization": f"Bearer {token}", "Content-Type": content_type})
            while True:
                try:
                    status, payload = connection.send(request)
                except OSError:
                    self.refused[0] += 1
                    time.sleep(1)
                    continue
                if status == 202:
                    self.accepted[json.loads(payload)["jobId"]] = document.name
                    break
                self.refused[status] += 1
                time.sleep(1 if status >= 500 else 5)
            time.sleep(0.2)
        self.log(f"{len(self.accepted)} uploads accepted")

    # -- the run -----------------------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        from callsheet.api.auth import issue_token

        subprocess.run([sys.executable, "-m", "callsheet", "migrate"], cwd=self.code, env=self.stack.env,
                       check=True, capture_output=True)
        base_url = self.start_web()
        for _ in range(2):
            self.start_worker()
        self.start_scheduler()
        token = issue_token(self.stack.app(), "chaos-user", hours=2)
        self.t0 = time.monotonic()
        chaos = threading.Thread(target=self.chaos_loop, daemon=True)
        chaos.start()
        self.upload_all(base_url, token)
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            left = set(self.accepted) & set(self.unfinished())
            if not left and len(self.recoveries) == len(self.killed):
                break
            time.sleep(2)
        self.done.set()
        chaos.join(10)
        return self.report()

    def report(self) -> dict[str, Any]:
        from callsheet.store.models import Contact, ExtractionJob

        rows = {r[0]: r[1:] for r in self.rows(ExtractionJob.id, ExtractionJob.status, ExtractionJob.error,
                                               ExtractionJob.attempts)}
        states = Counter(rows[j][0] if j in rows else "missing" for j in self.accepted)
        reasons = Counter(rows[j][1] for j in self.accepted if j in rows and rows[j][0] == "failed")
        lost = [j for j in self.accepted if j not in rows or rows[j][0] in ("waiting", "active")]
        positions = self.rows(Contact.job_id, Contact.position)
        per_job: dict[str, list[int]] = defaultdict(list)
        for job_id, position in positions:
            per_job[job_id].append(position)
        repeated = sum(len(p) - len(set(p)) for p in per_job.values())
        per_document: dict[str, set[int]] = defaultdict(set)
        for job_id, document in self.accepted.items():
            if job_id in rows and rows[job_id][0] == "completed":
                per_document[document].add(len(per_job.get(job_id, [])))
        disagreeing = {doc: sorted(counts) for doc, counts in per_document.items() if len(counts) > 1}
        recoveries = sorted(self.recoveries.values())
        requeued = sorted(self.requeued.values())
        return {
            "accepted": len(self.accepted),
            "upload answers other than 202 (retried by the client)": dict(self.refused),
            "completed": states["completed"],
            "failed": states["failed"],
            "failed reasons": dict(reasons),
            "cancelled": states["cancelled"],
            "lost": len(lost),
            "duplicated contacts (positions repeated in a job)": repeated,
            "sheets whose copies disagree on the contact count": disagreeing,
            "contacts stored": len(positions),
            "workers SIGKILLed mid-job": len(self.killed),
            "longest recovery of a killed job: back in its queue (s)": round(max(requeued), 1) if requeued else None,
            "median recovery of a killed job: back in its queue (s)": round(requeued[len(requeued) // 2], 1)
            if requeued else None,
            "longest wait of a killed job until it ran again, behind the backlog (s)": round(recoveries[-1], 1)
            if recoveries else None,
            "killed jobs never taken up again": len(self.killed) - len(self.recoveries),
            "Redis restart: every lost job back after (s)": round(self.redis_recovery, 1)
            if self.redis_recovery is not None else None,
            "processes restarted after exiting on their own": dict(self.restarts),
            "max attempts of a job": max((rows[j][2] for j in self.accepted if j in rows), default=0),
        }


def _postgres_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=0.3).close()
        return True
    except OSError:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=300)
    parser.add_argument("--database", choices=("auto", "sqlite", "postgresql"), default="auto")
    parser.add_argument("--kill-every", type=float, default=6.0, help="seconds between worker kills (about)")
    parser.add_argument("--chaos-seconds", type=float, default=120, help="kill workers during the first N seconds")
    parser.add_argument("--timeout", type=float, default=1500, help="seconds to wait for every job to end")
    parser.add_argument("--forking", action="store_true", help="RQ's forking worker instead of the Procfile's --simple")
    args = parser.parse_args()
    database = args.database
    if database == "auto":
        database = "postgresql" if _postgres_reachable() else "sqlite"
    started = time.monotonic()
    with Stack(database=database, log_level="INFO") as stack:
        stack.env.update(RETRY_BASE_SECONDS="2", AUTO_MIGRATE="0")
        chaos = Chaos(stack, args.uploads, args.kill_every, args.chaos_seconds, args.timeout, forking=args.forking)
        try:
            report = chaos.run()
        finally:
            chaos.done.set()
    kind = "forking workers" if args.forking else "worker.py --simple"
    print(f"\nchaos report ({database}, {kind}, {time.monotonic() - started:.0f} s in all)")
    for key, value in report.items():
        print(f"  {key}: {value}")
    ok = report["lost"] == 0 and report["duplicated contacts (positions repeated in a job)"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
