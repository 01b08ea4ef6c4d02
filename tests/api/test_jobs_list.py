"""GET /api/extraction/jobs: my jobs, newest first, keyset pages, never another user's."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update

from callsheet.api.listing import encode_cursor
from callsheet.extensions import db
from callsheet.store.models import ExtractionJob
from tests.helpers import upload, work

URL = "/api/extraction/jobs"


def _pages(client, headers, **query) -> list[list[dict]]:
    pages, cursor = [], None
    while True:
        params = dict(query, **({"cursor": cursor} if cursor else {}))
        response = client.get(URL, headers=headers, query_string=params)
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        assert body["success"] is True
        pages.append(body["jobs"])
        cursor = body["nextCursor"]
        if cursor is None:
            return pages


def test_lists_my_jobs_newest_first_with_their_summary(client, auth, app, classic_pdf):
    done = upload(client, auth.headers(), path=classic_pdf, name="Day 12 call sheet.pdf",
                  extractionMethod="pattern", priority="high").get_json()
    work(app)
    waiting = upload(client, auth.headers(), name="day13.pdf").get_json()
    body = client.get(URL, headers=auth.headers()).get_json()
    assert [job["jobId"] for job in body["jobs"]] == [waiting["jobId"], done["jobId"]]
    assert body["nextCursor"] is None
    newest, oldest = body["jobs"]
    assert newest == {"jobId": waiting["jobId"], "status": "waiting", "fileName": "day13.pdf",
                      "extractionMethod": "hybrid", "priority": "normal", "createdAt": newest["createdAt"],
                      "finishedAt": None, "contactsExtracted": None}
    assert oldest["status"] == "completed" and oldest["fileName"] == "Day 12 call sheet.pdf"
    assert oldest["extractionMethod"] == "pattern" and oldest["priority"] == "high"
    assert oldest["finishedAt"] >= oldest["createdAt"]
    job = client.get(f"/api/extraction/job/{done['jobId']}", headers=auth.headers()).get_json()
    assert oldest["contactsExtracted"] == len(job["results"]["contacts"]) > 0


def test_pages_cover_every_job_once_in_order_even_with_equal_times(client, auth, app):
    ids = [upload(client, auth.headers()).get_json()["jobId"] for _ in range(7)]
    with app.app_context():  # three jobs created in the same microsecond: the id breaks the tie
        db.session.execute(update(ExtractionJob).where(ExtractionJob.id.in_(ids[2:5]))
                           .values(created_at=datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)))
        db.session.commit()
    pages = _pages(client, auth.headers(), limit=2)
    assert [len(page) for page in pages] == [2, 2, 2, 1]
    listed = [job["jobId"] for page in pages for job in page]
    assert sorted(listed) == sorted(ids) and len(set(listed)) == 7
    keys = [(job["createdAt"], job["jobId"]) for page in pages for job in page]
    assert keys == sorted(keys, reverse=True)


def test_a_new_upload_does_not_shift_the_next_pages(client, auth):
    ids = [upload(client, auth.headers()).get_json()["jobId"] for _ in range(4)]
    first = client.get(URL, headers=auth.headers(), query_string={"limit": 2}).get_json()
    upload(client, auth.headers())
    second = client.get(URL, headers=auth.headers(),
                        query_string={"limit": 2, "cursor": first["nextCursor"]}).get_json()
    assert [j["jobId"] for j in first["jobs"] + second["jobs"]] == ids[::-1]


def test_status_filter_and_limits(client, auth, app):
    bad = upload(client, auth.headers(), data=b"%PDF-1.7\nbroken\n", extractionMethod="pattern").get_json()
    work(app)
    waiting = upload(client, auth.headers()).get_json()
    failed = client.get(URL, headers=auth.headers(), query_string={"status": "failed"}).get_json()["jobs"]
    assert [j["jobId"] for j in failed] == [bad["jobId"]]
    queued = client.get(URL, headers=auth.headers(), query_string={"status": "waiting"}).get_json()["jobs"]
    assert [j["jobId"] for j in queued] == [waiting["jobId"]]
    for query in ({"limit": 0}, {"limit": 101}, {"status": "done"}):
        response = client.get(URL, headers=auth.headers(), query_string=query)
        assert response.status_code == 422 and response.get_json()["error"]["code"] == "validation_error"
    response = client.get(URL, headers=auth.headers(), query_string={"cursor": "not-a-cursor"})
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "invalid_cursor"
    assert client.get(URL, headers=auth.headers(), query_string={"limit": 100}).status_code == 200


def test_default_page_is_20(client, auth):
    for _ in range(21):
        upload(client, auth.headers())
    body = client.get(URL, headers=auth.headers()).get_json()
    assert len(body["jobs"]) == 20 and body["nextCursor"]


def test_never_lists_another_users_job(client, auth):
    mine = upload(client, auth.headers("alice")).get_json()["jobId"]
    theirs = upload(client, auth.headers("bob")).get_json()["jobId"]
    alice = [j["jobId"] for page in _pages(client, auth.headers("alice")) for j in page]
    bob = [j["jobId"] for page in _pages(client, auth.headers("bob")) for j in page]
    assert alice == [mine] and bob == [theirs]
    # a cursor made of bob's job (newer than alice's) still pages through alice's jobs only
    with client.application.app_context():
        cursor = encode_cursor(db.session.get(ExtractionJob, theirs))
    after = client.get(URL, headers=auth.headers("alice"), query_string={"cursor": cursor}).get_json()
    assert [j["jobId"] for j in after["jobs"]] == [mine]
    assert client.get(URL).status_code == 401
