"""Job functions for the recovery tests: extraction that hangs or dawdles first (RQ imports
them by dotted path, in forked work horses and worker subprocesses)."""
from __future__ import annotations

import os
import time

from rq import get_current_job

from callsheet.queueing.jobs import _app_context, _set, process_extraction
from callsheet.store.models import ExtractionJob


def hang_once(job_id: str) -> str | None:
    """The first attempt announces itself and hangs (to be killed); later ones extract."""
    connection = get_current_job().connection
    if connection.incr(f"test:runs:{job_id}") == 1:
        with _app_context():  # like process_extraction: the row says it runs
            _set(job_id, status="active", attempts=ExtractionJob.attempts + 1)
        connection.set(f"test:hanging:{job_id}", os.getpid())
        time.sleep(600)
    return process_extraction(job_id)


def slow(job_id: str) -> str | None:
    """Extraction that takes a few seconds longer (to be interrupted by a SIGTERM)."""
    connection = get_current_job().connection
    connection.incr(f"test:runs:{job_id}")
    time.sleep(3)
    return process_extraction(job_id)
