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


def stall_first(job_id: str) -> str | None:
    """The first run claims the row, announces itself and waits for `test:go:<id>` before it
    extracts; its result is then marked stale and doubled, so a save that got past the fence
    would show. A later run claims the row and waits until the first one has ended."""
    import callsheet.extraction as extraction

    connection = get_current_job().connection
    first = connection.incr(f"test:runs:{job_id}") == 1
    real = extraction.extract

    def stalled(*args, **kwargs):
        if not first:
            connection.set(f"test:taken-over:{job_id}", os.getpid())
            while not connection.exists(f"test:stale-done:{job_id}"):
                time.sleep(0.05)
            return real(*args, **kwargs)
        connection.set(f"test:stalled:{job_id}", os.getpid())
        while not connection.exists(f"test:go:{job_id}"):
            time.sleep(0.05)
        result = real(*args, **kwargs)
        result.metadata["stale"] = True
        result.contacts = result.contacts + result.contacts
        return result

    extraction.extract = stalled
    try:
        return process_extraction(job_id)
    finally:
        extraction.extract = real
        if first:
            connection.set(f"test:stale-done:{job_id}", 1)


def long_first(job_id: str) -> str | None:
    """The first run claims the row, announces itself and then takes ten minutes (a long OCR
    job, to be interrupted by a shutdown); later runs extract at once."""
    import callsheet.extraction as extraction

    connection = get_current_job().connection
    if connection.incr(f"test:runs:{job_id}") > 1:
        return process_extraction(job_id)
    real = extraction.extract

    def long(*args, **kwargs):
        connection.set(f"test:long:{job_id}", os.getpid())
        time.sleep(600)
        return real(*args, **kwargs)

    extraction.extract = long
    try:
        return process_extraction(job_id)
    finally:
        extraction.extract = real


def hang_extracting(job_id: str) -> str | None:
    """Extraction that never ends while extracting (a document too slow to read): every run times out."""
    import callsheet.extraction as extraction

    get_current_job().connection.incr(f"test:runs:{job_id}")
    real = extraction.extract

    def forever(*args, **kwargs):
        time.sleep(600)

    extraction.extract = forever
    try:
        return process_extraction(job_id)
    finally:
        extraction.extract = real
