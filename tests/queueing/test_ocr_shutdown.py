"""A deploy's SIGTERM to a worker's process group mid-OCR (real worker.py, real tesseract, real
signal): Tesseract is in a session of its own, so the job finishes within the grace instead
of failing "could not be OCR'd" (issue 14)."""
from __future__ import annotations

import os
import shutil
import signal

import pytest

from tests.extraction.scans import SHEET, drawings_page, image_pdf, tesseract_children, text_page
from tests.helpers import row_of, start_worker, upload, wait_for

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract not installed")


def test_sigterm_to_the_workers_group_mid_ocr_does_not_fail_the_document(client, auth, app, settings,
                                                                         tmp_path):
    # page 1 keeps Tesseract busy up to its 3 s CPU budget (then unread); page 2 is the sheet
    path = image_pdf(tmp_path / "scan.pdf", [drawings_page(), text_page(SHEET)])
    job_id = upload(client, auth.headers(), path=path, extractionMethod="pattern").get_json()["jobId"]
    worker = start_worker(settings, "--simple", WORKER_SHUTDOWN_GRACE="60", OCR_PAGE_TIMEOUT="3")
    try:
        wait_for(lambda: tesseract_children(worker.pid), seconds=60)
        os.killpg(worker.pid, signal.SIGTERM)  # like Heroku and docker stop: every process of the dyno
        assert worker.wait(90) == 0, worker.stderr.read()[-3000:]
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    row = row_of(app, job_id)
    assert row.status == "completed", (row.status, row.error)
    results = client.get(f"/api/extraction/job/{job_id}", headers=auth.headers()).get_json()["results"]
    assert "Ana Ruiz" in {c["name"] for c in results["contacts"] + results["belowThreshold"]}
    (unread,) = results["metadata"]["pagesUnread"]  # the API reports the page it could not read
    assert unread["page"] == 1 and "OCR_PAGE_TIMEOUT" in unread["reason"]
    assert not tesseract_children(worker.pid)
