"""Following a job: GET and DELETE /api/extraction/job/<id>, run by real RQ workers."""
from __future__ import annotations

from rq.job import Job, JobStatus

from callsheet.extensions import db
from callsheet.queueing.queues import cleanup_job_id
from callsheet.store.models import Contact, ExtractionJob
from tests.helpers import upload, work

CONTACT_KEYS = {"name", "role", "roles", "department", "phone", "phones", "phoneExt", "email", "character", "company",
                "confidence", "page", "preferred", "sources"}


def _job(client, auth, job_id, user="alice"):
    return client.get(f"/api/extraction/job/{job_id}", headers=auth.headers(user))


def test_new_job_is_waiting(client, auth):
    job_id = upload(client, auth.headers(), extractionMethod="pattern").get_json()["jobId"]
    body = _job(client, auth, job_id).get_json()
    assert body["status"] == "waiting" and body["attempts"] == 0
    assert body["progress"]["status"] == "queued" and body["progress"]["percent"] == 0
    assert body["createdAt"].endswith("Z") and body["startedAt"] is None
    assert "results" not in body


def test_upload_process_and_read_contacts(client, auth, app, classic_pdf, redis_conn):
    job_id = upload(client, auth.headers(), path=classic_pdf, extractionMethod="pattern").get_json()["jobId"]
    work(app)
    body = _job(client, auth, job_id).get_json()
    assert body["status"] == "completed", body
    assert body["attempts"] == 1 and body["error"] is None
    assert body["progress"] == {
        "status": "completed", "stage": "done", "percent": 100,
        "processingTime": body["progress"]["processingTime"],
        "contactsExtracted": len(body["results"]["contacts"]),
    }
    contacts = body["results"]["contacts"]
    assert len(contacts) >= 5
    assert all(set(c) == CONTACT_KEYS for c in contacts)
    assert any(c["phone"] and c["phone"].startswith("+") for c in contacts)
    assert any(c["email"] and "@" in c["email"] for c in contacts)
    assert all(c["phones"][0] == c["phone"] for c in contacts if c["phone"])  # every number, primary first
    assert Job.fetch(job_id, connection=redis_conn).meta["progress"]["percent"] == 100
    # Results come from the database: they outlive Redis.
    redis_conn.flushdb()
    assert _job(client, auth, job_id).get_json()["results"]["contacts"] == contacts


def test_default_method_hybrid_runs_what_is_available(client, auth, app, classic_pdf, monkeypatch):
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    job_id = upload(client, auth.headers(), path=classic_pdf).get_json()["jobId"]
    work(app)
    body = _job(client, auth, job_id).get_json()
    assert body["extractionMethod"] == "hybrid"
    assert body["status"] == "completed", body
    assert len(body["results"]["contacts"]) >= 5


def test_rerun_replaces_contacts_instead_of_duplicating(client, auth, app, classic_pdf):
    from callsheet.queueing.jobs import process_extraction

    job_id = upload(client, auth.headers(), path=classic_pdf, extractionMethod="pattern").get_json()["jobId"]
    work(app)
    with app.app_context():
        first = db.session.query(Contact).filter_by(job_id=job_id).count()
        db.session.execute(db.update(ExtractionJob).values(status="waiting"))
        db.session.commit()
        process_extraction(job_id)  # at-least-once delivery: the same job again
        assert db.session.query(Contact).filter_by(job_id=job_id).count() == first > 0


def test_bad_document_fails_at_once_with_its_reason(client, auth, app, redis_conn):
    data = b"%PDF-1.7\n" + b"this is not really a pdf\n" * 10
    response = upload(client, auth.headers(), data=data, extractionMethod="pattern", priority="urgent")
    job_id = response.get_json()["jobId"]
    work(app)
    body = _job(client, auth, job_id).get_json()
    assert body["status"] == "failed" and body["attempts"] == 1
    assert body["error"] and "Internal error" not in body["error"]
    assert Job.fetch(job_id, connection=redis_conn).get_status() == JobStatus.FAILED
    assert redis_conn.exists(f"rq:job:{cleanup_job_id(_file_id(app, job_id))}")


def _file_id(app, job_id):
    with app.app_context():
        return db.session.get(ExtractionJob, job_id).file_id


def test_unknown_job_is_404(client, auth):
    response = _job(client, auth, "0d6f9a34-5d2b-4a5e-9a57-8f1c9a0b1c2d")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "job_not_found"


def test_other_users_job_is_404_like_a_missing_one(client, auth):
    job_id = upload(client, auth.headers("alice")).get_json()["jobId"]
    theirs = _job(client, auth, job_id, user="mallory")
    missing = _job(client, auth, "00000000-0000-4000-8000-000000000000", user="mallory")
    assert theirs.status_code == missing.status_code == 404
    assert theirs.get_json()["error"]["code"] == missing.get_json()["error"]["code"]
    deleted = client.delete(f"/api/extraction/job/{job_id}", headers=auth.headers("mallory"))
    assert deleted.status_code == 404
    assert _job(client, auth, job_id).get_json()["status"] == "waiting"


def test_cancel_waiting_job(client, auth, app, redis_conn):
    body = upload(client, auth.headers()).get_json()
    job_id = body["jobId"]
    response = client.delete(f"/api/extraction/job/{job_id}", headers=auth.headers())
    assert response.status_code == 200 and response.get_json()["status"] == "cancelled"
    assert Job.fetch(job_id, connection=redis_conn).get_status() == JobStatus.CANCELED
    assert redis_conn.exists(f"rq:job:{cleanup_job_id(body['fileId'])}")
    work(app, queues=("extraction",))
    view = _job(client, auth, job_id).get_json()
    assert view["status"] == "cancelled" and view["attempts"] == 0 and view["finishedAt"]
    again = client.delete(f"/api/extraction/job/{job_id}", headers=auth.headers())
    assert again.status_code == 200 and again.get_json()["status"] == "cancelled"


def test_cancel_finished_job_is_409(client, auth, app):
    job_id = upload(client, auth.headers(), data=b"%PDF-1.7\nbroken\n", extractionMethod="pattern").get_json()["jobId"]
    work(app)
    assert _job(client, auth, job_id).get_json()["status"] in ("completed", "failed")
    response = client.delete(f"/api/extraction/job/{job_id}", headers=auth.headers())
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "job_finished"
    assert "already" in response.get_json()["error"]["message"]


def test_options_set_aside_weak_contacts_and_put_preferred_roles_first(client, auth, app, classic_pdf):
    options = '{"qualityThreshold": 0.9, "rolePreferences": ["Gaffer", "1st AD"]}'
    job_id = upload(client, auth.headers(), path=classic_pdf, extractionMethod="pattern",
                    options=options).get_json()["jobId"]
    work(app)
    body = _job(client, auth, job_id).get_json()
    results = body["results"]
    contacts, below = results["contacts"], results["belowThreshold"]
    assert below, "a 0.9 threshold sets some contacts aside on this sheet"
    assert all(c["confidence"] >= 0.9 for c in contacts)
    assert all(c["confidence"] < 0.9 for c in below)
    assert body["progress"]["contactsExtracted"] == len(contacts)
    preferred = [c for c in contacts if c["preferred"]]
    assert {c["role"] for c in preferred} == {"Gaffer", "First Assistant Director"}
    assert contacts[: len(preferred)] == preferred  # preferred first
