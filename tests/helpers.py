"""Small helpers shared by the tests: upload a file, run a real worker in burst mode."""
from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from rq import SimpleWorker, Worker

from callsheet.queueing import broker
from callsheet.queueing.queues import QUEUES

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
