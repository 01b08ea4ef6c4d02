"""One upload followed from web to worker: the upload's X-Request-ID reaches the worker's log lines."""
from __future__ import annotations

import logging

from rq.job import Job

from tests.helpers import upload, work


def _lines(caplog, request_id: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if getattr(r, "request_id", None) == request_id]


def test_request_id_travels_with_the_job(client, auth, app, redis_conn, classic_pdf, caplog):
    caplog.set_level(logging.INFO)
    headers = {**auth.headers(), "X-Request-ID": "trace-upload-1"}
    good = upload(client, headers, path=classic_pdf, extractionMethod="pattern")
    assert good.headers["X-Request-ID"] == "trace-upload-1"
    job_id = good.get_json()["jobId"]
    assert Job.fetch(job_id, connection=redis_conn).meta["request_id"] == "trace-upload-1"
    bad = upload(client, {**auth.headers(), "X-Request-ID": "trace-upload-2"}, data=b"%PDF-1.7\nbroken\n",
                 extractionMethod="pattern").get_json()["jobId"]
    work(app, queues=("extraction",))
    worker_lines = [r for r in _lines(caplog, "trace-upload-1") if r.name == "callsheet.jobs"]
    assert worker_lines and all(getattr(r, "job_id", None) == job_id for r in worker_lines)
    failed = [r for r in _lines(caplog, "trace-upload-2") if r.name == "callsheet.jobs"]
    assert failed and getattr(failed[-1], "job_id", None) == bad
