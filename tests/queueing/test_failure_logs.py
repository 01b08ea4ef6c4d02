"""A bad document is logged as the user's file (WARNING, its reason, no traceback); a bug of
ours keeps RQ's ERROR line with its traceback (a real worker.py process and its log file)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests import nasty_files as nasty
from tests.helpers import row_of, run_through, start_worker, upload

REASON = "The document is damaged and its pages cannot be read."


def _lines(settings: dict, job_id: str) -> list[dict]:
    log = Path(settings["UPLOAD_DIR"]).parent / "logs" / "job-processor.log"  # tests.helpers.worker_env's LOG_DIR
    return [line for line in map(json.loads, log.read_text().splitlines()) if job_id in json.dumps(line)]


@pytest.mark.parametrize("simple", [True, False], ids=["simple", "forking"])
def test_a_bad_document_is_a_warning_and_a_bug_an_error(client, auth, app, settings, redis_conn, simple):
    bad = upload(client, auth.headers(), data=nasty.corrupt_huffman_jpeg(), name="photo.jpg",
                 extractionMethod="pattern").get_json()["jobId"]
    bug = upload(client, auth.headers(), data=nasty.text_pdf(), extractionMethod="pattern").get_json()["jobId"]
    run_through(app, redis_conn, bug, "tests.fixtures.a_bug")
    worker = start_worker(settings, *(["--simple"] if simple else []), "--burst")
    try:
        assert worker.wait(120) == 0, worker.stderr.read().decode()[-2000:]
    finally:
        worker.kill()
        worker.stderr.close()
    assert row_of(app, bad).error == REASON and row_of(app, bad).status == "failed"
    assert row_of(app, bug).status == "failed"

    bad_lines = _lines(settings, bad)
    assert not [line for line in bad_lines if line["level"] in ("ERROR", "CRITICAL")], bad_lines
    assert not [line for line in bad_lines if "Traceback" in json.dumps(line)], bad_lines
    [warning] = [line for line in bad_lines if line["level"] == "WARNING"]
    assert REASON in warning["message"] and "UnreadableDocument" in warning["message"]

    [error] = [line for line in _lines(settings, bug) if line["level"] == "ERROR"]
    assert "Traceback" in error["message"] and "ZeroDivisionError: a bug of ours" in error["message"]
