"""Jobs for a benchmark: rows and stored files made as an upload makes them, enqueued, awaited."""
from __future__ import annotations

import io
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from redis import Redis
from rq import Queue
from sqlalchemy import func, select

from callsheet.extensions import db
from callsheet.queueing.queues import MAIN_QUEUE, enqueue_extraction
from callsheet.store.models import FINISHED, ExtractionJob
from callsheet.store.uploads import from_config as storage_from_config
from callsheet.store.uploads import upload_key

USER = "bench-user"


def create_jobs(app: Any, count: int, document: Path, method: str = "pattern") -> list[str]:
    """`count` waiting job rows, each with its own stored copy of `document`."""
    content = document.read_bytes()
    storage = storage_from_config(app.config)
    ids = []
    with app.app_context():
        for _ in range(count):
            job_id, file_id = str(uuid.uuid4()), str(uuid.uuid4())
            key = storage.save(io.BytesIO(content), upload_key(USER, file_id, "pdf"))
            db.session.add(ExtractionJob(
                id=job_id, owner_id=USER, file_id=file_id, storage_key=key, original_name=document.name,
                content_type="application/pdf", size_bytes=len(content), method=method, priority="normal",
                queue=MAIN_QUEUE, options={}, status="waiting",
                progress={"status": "queued", "stage": "queued", "percent": 0},
            ))
            ids.append(job_id)
        db.session.commit()
    return ids


def enqueue(app: Any, connection: Redis, ids: Sequence[str]) -> None:
    """Enqueue the extraction of each row exactly as the upload endpoint does."""
    for job_id in ids:
        enqueue_extraction(connection, job_id, "normal", retry_base=app.config["RETRY_BASE_SECONDS"],
                           timeout=app.config["JOB_TIMEOUT"], result_ttl=app.config["RESULT_TTL"])


def finished_count(app: Any, ids: Sequence[str]) -> int:
    with app.app_context():
        count = db.session.scalar(
            select(func.count()).where(ExtractionJob.id.in_(ids), ExtractionJob.status.in_(FINISHED))
        )
        db.session.remove()
        return count


def wait_rows(app: Any, ids: Sequence[str], timeout: float = 600, poll: float = 0.02) -> float:
    """Block until every row in `ids` has finished; returns the monotonic time seen."""
    deadline = time.monotonic() + timeout
    while finished_count(app, ids) < len(ids):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{len(ids) - finished_count(app, ids)} of {len(ids)} jobs unfinished")
        time.sleep(poll)
    return time.monotonic()


def statuses(app: Any, ids: Sequence[str]) -> dict[str, int]:
    with app.app_context():
        rows = db.session.execute(
            select(ExtractionJob.status, func.count()).where(ExtractionJob.id.in_(ids)).group_by(ExtractionJob.status)
        ).all()
        db.session.remove()
    return dict(rows)


def run_extraction(app: Any, connection: Redis, ids: Sequence[str]) -> float:
    """Seconds from the first enqueue to every row finished (all must complete)."""
    started = time.monotonic()
    enqueue(app, connection, ids)
    ended = wait_rows(app, ids)
    done = statuses(app, ids)
    if done.get("completed") != len(ids):
        raise RuntimeError(f"not every job completed: {done}")
    return ended - started


def run_function(connection: Redis, func_path: str, count: int, *args: object, timeout: float = 600) -> float:
    """Seconds from the first enqueue of `count` plain jobs `func_path(*args)` to their end."""
    queue = Queue(MAIN_QUEUE, connection=connection)
    registry = queue.finished_job_registry
    before = registry.count
    started = time.monotonic()
    for _ in range(count):
        queue.enqueue(func_path, *args)
    deadline = started + timeout
    while registry.count - before < count:
        if time.monotonic() > deadline or queue.failed_job_registry.count:
            raise RuntimeError(f"{func_path}: {registry.count - before} of {count} finished, "
                               f"{queue.failed_job_registry.count} failed")
        time.sleep(0.005)
    return time.monotonic() - started
