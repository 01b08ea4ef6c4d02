"""Idempotency-Key on upload: a retried upload is one job; keys are per user; kept 24 h in Redis."""
from __future__ import annotations

import threading

from rq import Queue

from callsheet.api import idempotency
from callsheet.extensions import db
from callsheet.store.models import ExtractionJob
from tests.helpers import PDF_BYTES, upload, work


def _jobs(app) -> int:
    with app.app_context():
        return db.session.query(ExtractionJob).count()


def test_a_repeated_upload_returns_the_first_answer_and_job(client, auth, app, redis_conn):
    headers = {**auth.headers(), "Idempotency-Key": "retry-after-dropped-connection-1"}
    first = upload(client, headers, extractionMethod="pattern")
    again = upload(client, headers, extractionMethod="pattern")
    assert first.status_code == again.status_code == 202
    assert again.get_json() == first.get_json()
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert _jobs(app) == 1
    assert Queue("extraction", connection=redis_conn).job_ids == [first.get_json()["jobId"]]
    assert redis_conn.hget("callsheet:metrics:jobs", "enqueued|extraction|pattern") == b"1"
    ttl = redis_conn.ttl(redis_conn.keys(idempotency.PREFIX + "*")[0])
    assert 24 * 3600 - 60 < ttl <= 24 * 3600
    work(app)
    later = upload(client, headers, extractionMethod="pattern")  # after the job ran: still the same answer
    assert later.get_json()["jobId"] == first.get_json()["jobId"] and _jobs(app) == 1


def test_another_user_with_the_same_key_gets_their_own_job(client, auth, app):
    key = {"Idempotency-Key": "same-key"}
    alice = upload(client, {**auth.headers("alice"), **key}).get_json()
    bob = upload(client, {**auth.headers("bob"), **key}).get_json()
    assert alice["jobId"] != bob["jobId"] and _jobs(app) == 2
    assert client.get(f"/api/extraction/job/{bob['jobId']}", headers=auth.headers("bob")).status_code == 200


def test_without_a_key_or_with_another_key_each_upload_is_a_job(client, auth, app):
    upload(client, auth.headers())
    upload(client, auth.headers())
    upload(client, {**auth.headers(), "Idempotency-Key": "a"})
    upload(client, {**auth.headers(), "Idempotency-Key": "b"})
    assert _jobs(app) == 4


def test_a_key_reused_for_another_file_or_fields_is_422(client, auth, app):
    headers = {**auth.headers(), "Idempotency-Key": "k-1"}
    assert upload(client, headers).status_code == 202
    other_file = upload(client, headers, data=PDF_BYTES + b"%another\n")
    other_field = upload(client, headers, priority="urgent")
    for response in (other_file, other_field):
        assert response.status_code == 422
        assert response.get_json()["error"]["code"] == "idempotency_key_reused"
    assert _jobs(app) == 1


def test_a_failed_first_attempt_does_not_keep_the_key(client, auth, app):
    headers = {**auth.headers(), "Idempotency-Key": "k-2"}
    app.config["MAX_QUEUED_JOBS"] = 0  # the first attempt is refused (429)...
    assert upload(client, headers).status_code == 429
    app.config["MAX_QUEUED_JOBS"] = 10
    retried = upload(client, headers)  # ...and its retry is handled afresh
    assert retried.status_code == 202 and "Idempotent-Replayed" not in retried.headers
    assert _jobs(app) == 1


def test_concurrent_requests_with_one_key_make_one_job(client, auth, app):
    headers = {**auth.headers(), "Idempotency-Key": "k-3"}
    answers: list = []

    def send() -> None:
        with app.test_client() as own:
            answers.append(upload(own, headers))

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    accepted = [a.get_json()["jobId"] for a in answers if a.status_code == 202]
    busy = [a for a in answers if a.status_code == 409]
    assert len(accepted) + len(busy) == 6 and accepted and len(set(accepted)) == 1
    assert all(a.get_json()["error"]["code"] == "idempotency_key_in_use" and a.headers["Retry-After"]
               for a in busy)
    assert _jobs(app) == 1


def test_invalid_keys_are_422(client, auth):
    for key in ("", "x" * 256, "tab\tkey"):
        response = upload(client, {**auth.headers(), "Idempotency-Key": key})
        assert response.status_code == 422, key
