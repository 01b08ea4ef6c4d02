"""Small helpers shared by the tests: upload a file, run a real worker in burst mode, or start
worker.py / scheduler.py processes on the test's settings."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rq import SimpleWorker, Worker
from rq.job import Job

from callsheet.extensions import db
from callsheet.queueing import broker
from callsheet.queueing.queues import QUEUES, enqueue_extraction, job_timeout
from callsheet.store.models import ExtractionJob

ROOT = Path(__file__).resolve().parent.parent

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(client: Any, headers: dict[str, str], path: Path | None = None, data: bytes | None = None,
           name: str = "sheet.pdf", **form: Any) -> Any:
    """POST /api/extraction/upload with a file from `path` or `data`, plus form fields."""
    content = path.read_bytes() if path is not None else (PDF_BYTES if data is None else data)
    body = {"file": (io.BytesIO(content), name), **form}
    return client.post("/api/extraction/upload", data=body, headers=headers, content_type="multipart/form-data")


def work(app: Any, queues: tuple[str, ...] = QUEUES, forking: bool = False, scheduler: bool = False) -> Any:
    """Run a real RQ worker in burst mode on `queues` until they are empty."""
    connection = broker.for_app(app)
    worker_class = Worker if forking else SimpleWorker
    worker = worker_class(list(queues), connection=connection)
    with app.app_context():
        worker.work(burst=True, with_scheduler=scheduler)
    return worker


def process_env(settings: dict[str, Any], **extra: str) -> dict[str, str]:
    """The environment of a real process (worker.py, gunicorn) on the test's Redis, database and files."""
    env = dict(os.environ, LOG_LEVEL="WARNING", **extra)
    for key in ("INSTANCE_PATH", "DATABASE_URL", "REDIS_URL", "UPLOAD_DIR", "JWT_SECRET"):
        env[key] = str(settings[key])
    return env


def worker_env(settings: dict, **extra: str) -> dict[str, str]:
    """The environment of a worker.py or scheduler.py process on the test's settings."""
    env = process_env(settings)
    env.update(RETRY_BASE_SECONDS="0", LOG_LEVEL="INFO", LOG_DIR=str(Path(settings["UPLOAD_DIR"]).parent / "logs"),
               WORKER_MONITOR_INTERVAL="1")
    env.update(extra)
    return env


def start_worker(settings: dict, *args: str, script: str = "worker.py", stderr: Path | None = None,
                 **env: str) -> subprocess.Popen:
    """A real `worker.py` (or `scheduler.py`) process in a session of its own (signals go to its group);
    its stderr in a pipe, or appended to `stderr` for a long-running one (a full pipe would block it)."""
    errors: Any = open(stderr, "ab") if stderr is not None else subprocess.PIPE
    return subprocess.Popen([sys.executable, script, *args], cwd=ROOT, env=worker_env(settings, **env),
                            stdout=subprocess.DEVNULL, stderr=errors, start_new_session=True)


def run_through(app: Any, redis_conn: Any, job_id: str, func: str) -> None:
    """Run the job through a test function (that hangs or dawdles first)."""
    Job.fetch(job_id, connection=redis_conn).delete()
    enqueue_extraction(redis_conn, job_id, "normal", retry_base=0, timeout=job_timeout(app.config, "pattern"),
                       result_ttl=60, func=func)


def wait_for(predicate: Callable[[], Any], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def row_of(app: Any, job_id: str) -> ExtractionJob:
    """The job's row, detached from the session."""
    with app.app_context():
        row = db.session.get(ExtractionJob, job_id)
        db.session.expunge(row)
        return row
