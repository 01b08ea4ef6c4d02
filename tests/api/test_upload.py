"""POST /api/extraction/upload: 202 and its shape, and every way to get it wrong."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rq import Queue

from callsheet.store.models import ExtractionJob
from tests import nasty_files as nasty
from tests.helpers import PDF_BYTES, upload

# headers whose size can be read (an image whose size cannot be read is refused: test_image_limits.py)
PNG = nasty.png_header(600, 800)
JPEG = nasty.jpeg_header(600, 800)
TIFF = nasty.tiff([(6, 8)])


def test_upload_answers_202_with_job_and_location(client, auth, app, redis_conn):
    response = upload(client, auth.headers(), extractionMethod="pattern", priority="high")
    assert response.status_code == 202
    body = response.get_json()
    assert body["success"] is True and body["status"] == "queued"
    assert body["queue"] == "extraction-priority"
    assert isinstance(body["estimatedProcessingTime"], int) and body["estimatedProcessingTime"] > 0
    assert response.headers["Location"] == f"/api/extraction/job/{body['jobId']}"
    assert Queue("extraction-priority", connection=redis_conn).job_ids == [body["jobId"]]
    with app.app_context():
        from callsheet.extensions import db

        row = db.session.get(ExtractionJob, body["jobId"])
        assert row.file_id == body["fileId"] and row.owner_id == "alice"
        assert row.method == "pattern" and row.priority == "high" and row.status == "waiting"
        assert row.options == {"qualityThreshold": 0.8}


def test_defaults_are_hybrid_and_normal(client, auth, app):
    body = upload(client, auth.headers()).get_json()
    assert body["queue"] == "extraction"
    job = client.get(f"/api/extraction/job/{body['jobId']}", headers=auth.headers()).get_json()
    assert job["extractionMethod"] == "hybrid" and job["priority"] == "normal"


def test_stored_name_is_chosen_by_the_server(client, auth, app):
    body = upload(client, auth.headers(), name="../../etc/passwd.pdf").get_json()
    stored = [p for p in Path(app.config["UPLOAD_DIR"]).rglob("*") if p.is_file()]
    assert [p.name for p in stored] == [f"{body['fileId']}.pdf"]
    assert "passwd" not in str(stored[0])


@pytest.mark.parametrize(("data", "kind"), [(PNG, "png"), (JPEG, "jpg"), (TIFF, "tif"), (PDF_BYTES, "pdf")])
def test_type_is_recognised_by_content_not_name(client, auth, app, data, kind):
    body = upload(client, auth.headers(), data=data, name="scan.bin").get_json()
    assert body["success"], body
    assert (Path(app.config["UPLOAD_DIR"]).rglob(f"{body['fileId']}.{kind}")).__next__()


def test_estimate_grows_with_the_queue(client, auth):
    first = upload(client, auth.headers()).get_json()["estimatedProcessingTime"]
    for _ in range(3):
        upload(client, auth.headers())
    later = upload(client, auth.headers()).get_json()["estimatedProcessingTime"]
    urgent = upload(client, auth.headers(), priority="urgent").get_json()["estimatedProcessingTime"]
    assert later > first
    assert urgent < later


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.get_json()
    body = response.get_json()
    assert body["success"] is False
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


def test_missing_file_is_422(client, auth):
    response = client.post("/api/extraction/upload", data={"priority": "low"}, headers=auth.headers())
    assert "file" in _error(response, 422, "validation_error")["message"]


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"extractionMethod": "magic"}, "extractionMethod"),
        ({"priority": "asap"}, "priority"),
        ({"options": "{not json"}, "options"),
        ({"options": "[1, 2]"}, "options"),
        ({"options": json.dumps({"qualityThreshold": 1.5})}, "qualityThreshold"),
        ({"options": json.dumps({"rolePreferences": "Director"})}, "rolePreferences"),
        ({"options": json.dumps({"colour": "blue"})}, "colour"),
        ({"options": "x" * 20000}, "options"),
    ],
)
def test_bad_form_fields_are_422(client, auth, form, field):
    assert field in _error(upload(client, auth.headers(), **form), 422, "validation_error")["message"]


def test_options_are_stored(client, auth, app):
    options = {"rolePreferences": ["Director"], "qualityThreshold": 0.5}
    body = upload(client, auth.headers(), options=json.dumps(options)).get_json()
    with app.app_context():
        from callsheet.extensions import db

        assert db.session.get(ExtractionJob, body["jobId"]).options == options


def test_unavailable_method_says_what_is_missing(client, auth, monkeypatch):
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    error = _error(upload(client, auth.headers(), extractionMethod="ai"), 422, "method_unavailable")
    assert "ANTHROPIC_API_KEY" in error["message"]


def test_empty_file_is_422(client, auth):
    _error(upload(client, auth.headers(), data=b""), 422, "empty_file")


def test_text_renamed_pdf_is_415(client, auth, app):
    _error(upload(client, auth.headers(), data=b"just some text", name="sheet.pdf"), 415, "unsupported_file_type")
    assert not list(Path(app.config["UPLOAD_DIR"]).rglob("*.*"))


def test_too_large_is_413(settings, redis_conn):
    from callsheet import create_app
    from tests.conftest import AuthActions

    app = create_app({**settings, "MAX_UPLOAD_MB": 0.01})
    data = PDF_BYTES + b"0" * 20000
    response = upload(app.test_client(), AuthActions(app).headers(), data=data)
    assert "0.01 MB" in _error(response, 413, "file_too_large")["message"]


def test_upload_without_token_is_401(client):
    response = client.post("/api/extraction/upload", data={"file": (io.BytesIO(PDF_BYTES), "a.pdf")})
    _error(response, 401, "missing_token")
