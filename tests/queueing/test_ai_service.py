"""The service end to end with `ai`: upload, a real worker, the local fake Messages API."""
from __future__ import annotations

import json

from callsheet.extraction.normalize.names import name_key
from tests.fake_anthropic import error, ok
from tests.helpers import upload, work


def _job(client, auth, job_id):
    return client.get(f"/api/extraction/job/{job_id}", headers=auth.headers()).get_json()


def _answer(truth_path) -> dict:
    contacts = json.loads(truth_path.read_text())["contacts"]
    people = [{"name": c["name"], "role": c["role"], "roles": c.get("roles", []), "department": c["department"],
               "phones": c.get("phones") or ([c["phone"]] if c["phone"] else []), "email": c["email"],
               "character": c["character"], "company": None, "confidence": 0.96, "lines": []}
              for c in contacts]
    people.append({"name": "Invented Person", "role": "Gaffer", "roles": [], "department": "Electric",
                   "phones": ["+1 310 555 0777"], "email": "invented@nowhere.example", "character": None,
                   "company": None, "confidence": 0.99, "lines": []})
    return {"contacts": people}


def test_ai_job_returns_grounded_contacts(client, auth, app, classic_pdf, fake_ai):
    fake_ai._reply = lambda request: ok(_answer(classic_pdf.with_suffix(".truth.json")), input_tokens=5000)
    job_id = upload(client, auth.headers(), path=classic_pdf, extractionMethod="ai").get_json()["jobId"]
    work(app)
    body = _job(client, auth, job_id)
    assert body["status"] == "completed", body
    names = {name_key(c["name"]) for c in body["results"]["contacts"]}
    assert name_key("Invented Person") not in names
    truth = json.loads(classic_pdf.with_suffix(".truth.json").read_text())["contacts"]
    assert {name_key(c["name"]) for c in truth} <= names
    assert fake_ai.headers[0]["authorization"] == "Bearer sk-test"


def test_rejected_key_fails_at_once_with_advice(client, auth, app, classic_pdf, fake_ai):
    fake_ai._reply = lambda request: error(401, "invalid x-api-key")
    job_id = upload(client, auth.headers(), path=classic_pdf, extractionMethod="ai").get_json()["jobId"]
    work(app)
    body = _job(client, auth, job_id)
    assert body["status"] == "failed" and body["attempts"] == 1
    assert "ANTHROPIC_API_KEY" in body["error"]
    assert len(fake_ai.requests) == 1


def test_overloaded_service_is_retried_then_succeeds(client, auth, app, classic_pdf, fake_ai):
    fake_ai.script += [error(529), ok(_answer(classic_pdf.with_suffix(".truth.json")))]
    job_id = upload(client, auth.headers(), path=classic_pdf, extractionMethod="ai").get_json()["jobId"]
    work(app, scheduler=True)
    body = _job(client, auth, job_id)
    assert body["status"] == "completed", body
    assert body["attempts"] == 2 and len(fake_ai.requests) == 2


def test_upload_answers_422_when_ai_is_not_configured(client, auth, classic_pdf, monkeypatch):
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    response = upload(client, auth.headers(), path=classic_pdf, extractionMethod="ai")
    assert response.status_code == 422
    assert "ANTHROPIC_API_KEY" in response.get_json()["error"]["message"]


def test_open_breaker_makes_the_job_wait_without_spending_an_attempt(client, auth, app, classic_pdf, fake_ai,
                                                                     redis_conn):
    import time
    import uuid

    from callsheet.extraction import services
    from callsheet.queueing import breakers

    services.set_guard(breakers.Breakers(redis_conn, fail_max=1, reset_timeout=2,
                                         namespace=f"callsheet:test-breaker:{uuid.uuid4().hex[:8]}"))
    try:
        fake_ai.script += [error(529), ok(_answer(classic_pdf.with_suffix(".truth.json")))]
        job_id = upload(client, auth.headers(), path=classic_pdf, extractionMethod="ai").get_json()["jobId"]
        work(app)
        body = _job(client, auth, job_id)
        assert body["status"] == "waiting" and body["progress"]["status"] == "retrying", body
        assert body["attempts"] == 0  # the open breaker did not cost the job an attempt
        time.sleep(3)  # the cool-down
        work(app, scheduler=True)
        body = _job(client, auth, job_id)
        assert body["status"] == "completed", body
        assert body["attempts"] == 1 and len(fake_ai.requests) == 2
    finally:
        services.set_guard(None)
