"""A transient failure through the whole service: the job waits as `retrying`, then completes."""
from __future__ import annotations

import time

from rq import Queue

from callsheet.extraction.errors import TransientError
from tests.helpers import upload, work


def test_transient_failure_is_retried_after_its_backoff(client, auth, app, classic_pdf, monkeypatch):
    import callsheet.extraction

    real_extract = callsheet.extraction.extract
    calls = []

    def overloaded_once(path, method="pattern", options=None, progress=None):
        calls.append(method)
        if len(calls) == 1:
            raise TransientError("the OCR service was overloaded")
        return real_extract(path, method, options, progress)

    monkeypatch.setattr(callsheet.extraction, "extract", overloaded_once)
    app.config["RETRY_BASE_SECONDS"] = 1
    job_id = upload(client, auth.headers(), path=classic_pdf, extractionMethod="pattern").get_json()["jobId"]
    work(app)
    waiting = client.get(f"/api/extraction/job/{job_id}", headers=auth.headers()).get_json()
    assert waiting["status"] == "waiting" and waiting["progress"]["status"] == "retrying"
    assert waiting["attempts"] == 1 and "overloaded" in waiting["error"]
    assert job_id in Queue("extraction", connection=app.extensions["redis"]).scheduled_job_registry.get_job_ids()
    time.sleep(2)
    work(app, scheduler=True)
    done = client.get(f"/api/extraction/job/{job_id}", headers=auth.headers()).get_json()
    assert done["status"] == "completed", done
    assert done["attempts"] == 2 and done["error"] is None and done["results"]["contacts"]
    assert len(calls) == 2
