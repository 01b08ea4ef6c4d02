"""Hostile and broken input: a clear 4xx or a failed job with a human reason, never a 5xx,
a stuck job or a dead worker, and no stray file. Nasty files are generated in the test."""
from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest
from werkzeug.test import EnvironBuilder, run_wsgi_app

from callsheet.queueing.queues import cleanup_job_id
from tests import nasty_files as nasty
from tests.helpers import upload, work

UPLOAD = "/api/extraction/upload"


def _stored(app) -> list[Path]:
    return [p for p in Path(app.config["UPLOAD_DIR"]).rglob("*") if p.is_file()]


def _rejected(response, status: int, code: str, app) -> str:
    body = response.get_json()
    assert response.status_code == status, body
    assert body["success"] is False and body["error"]["code"] == code
    assert _stored(app) == [], "a rejected upload left a file behind"
    return body["error"]["message"]


def _run(client, auth, app, data: bytes, name: str = "sheet.pdf") -> dict:
    response = upload(client, auth.headers(), data=data, name=name, extractionMethod="pattern")
    assert response.status_code == 202, response.get_json()
    job_id = response.get_json()["jobId"]
    work(app)
    body = client.get(f"/api/extraction/job/{job_id}", headers=auth.headers()).get_json()
    assert body["status"] in ("completed", "failed"), body
    if body["status"] == "failed":
        assert body["error"] and "Internal error" not in body["error"], body["error"]
        file_id = response.get_json()["fileId"]
        from rq.job import Job

        from callsheet.queueing import broker

        assert Job.exists(cleanup_job_id(file_id), connection=broker.for_app(app)), "no deletion scheduled"
    return body


# -- files that are not what they claim --------------------------------------------------

@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        (b"", 422, "empty_file"),
        (b"just some text, renamed", 415, "unsupported_file_type"),
        (nasty.ELF, 415, "unsupported_file_type"),
        (nasty.WINDOWS_EXE, 415, "unsupported_file_type"),
    ],
    ids=["empty", "text", "elf-with-pdf-marker", "exe-with-pdf-marker"],
)
def test_non_documents_are_refused(client, auth, app, data, status, code):
    _rejected(upload(client, auth.headers(), data=data, name="sheet.pdf"), status, code, app)


def test_zip_holding_a_pdf_is_refused(client, auth, app):
    data = nasty.zip_with_pdf()
    assert b"%PDF-" in data[:1024]
    _rejected(upload(client, auth.headers(), data=data, name="sheet.pdf"), 415, "unsupported_file_type", app)


@pytest.mark.parametrize(
    "data",
    [nasty.png_bomb(), nasty.jpeg_header(40000, 30000), nasty.tiff_header(30000, 30000)],
    ids=["png", "jpeg", "tiff"],
)
def test_decompression_bomb_images_are_refused_at_upload(client, auth, app, data):
    message = _rejected(upload(client, auth.headers(), data=data, name="scan.png"), 422, "image_too_large", app)
    assert "megapixels" in message


def test_decompression_bomb_is_also_refused_by_the_worker(app, tmp_path):
    from callsheet.extraction import extract
    from callsheet.extraction.errors import UnreadableDocument

    path = tmp_path / "bomb.png"
    path.write_bytes(nasty.png_bomb())
    with pytest.raises(UnreadableDocument, match="30000 x 30000"):
        extract(path, "pattern")


# -- broken and tricky PDFs: accepted, then completed or failed with a reason ----------

@pytest.mark.parametrize(
    "make", [nasty.broken_xref_pdf, nasty.truncated_pdf, nasty.active_content_pdf, lambda: nasty.encrypted_pdf("")],
    ids=["broken-xref", "truncated", "javascript-and-embedded-exe", "owner-password-only"],
)
def test_damaged_or_active_pdfs_end_cleanly(client, auth, app, make):
    _run(client, auth, app, make())


@pytest.mark.parametrize(
    ("make", "name"), [(nasty.corrupt_huffman_jpeg, "photo.jpg"), (nasty.malformed_page_tree_pdf, "sheet.pdf")],
    ids=["jpeg-bogus-huffman", "pdf-bad-page-tree"],
)
def test_mupdf_errors_fail_once_as_a_damaged_document(client, auth, app, make, name):
    body = _run(client, auth, app, make(), name=name)
    assert body["status"] == "failed" and body["attempts"] == 1, body
    assert body["error"] == "The document is damaged and its pages cannot be read."


def test_password_protected_pdf_fails_with_its_reason(client, auth, app):
    body = _run(client, auth, app, nasty.encrypted_pdf("user-secret"))
    assert body["status"] == "failed" and "password" in body["error"] and body["attempts"] == 1


def test_thousands_of_pages_fail_at_the_page_limit(client, auth, app, monkeypatch):
    monkeypatch.setenv("MAX_PAGES", "50")
    body = _run(client, auth, app, nasty.many_pages_pdf(2000))
    assert body["status"] == "failed" and body["error"].startswith("The PDF has 2000 pages; the limit is 50.")


def test_a_worker_survives_a_run_of_bad_files_and_then_works(client, auth, app, classic_pdf):
    bad = [nasty.truncated_pdf(), nasty.encrypted_pdf("pw"), b"%PDF-1.7\n" + b"\x00" * 500]
    ids = [upload(client, auth.headers(), data=d, extractionMethod="pattern").get_json()["jobId"] for d in bad]
    ids.append(upload(client, auth.headers(), path=classic_pdf, extractionMethod="pattern").get_json()["jobId"])
    work(app, forking=True)
    states = [client.get(f"/api/extraction/job/{i}", headers=auth.headers()).get_json()["status"] for i in ids]
    assert states[-1] == "completed" and all(s in ("completed", "failed") for s in states)


# -- file names ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "name", ["../../../etc/passwd.pdf", "sheet\x00.pdf", "x" * 1000 + ".pdf", "..\\..\\boot.ini", "\u202egnp.pdf"],
    ids=["dotdot", "nul", "1000-chars", "backslashes", "rtl-override"],
)
def test_hostile_file_names_are_harmless(client, auth, app, name):
    body = upload(client, auth.headers(), data=nasty.text_pdf(), name=name).get_json()
    assert body["success"], body
    [stored] = _stored(app)
    assert stored.name == f"{body['fileId']}.pdf" and stored.parent.parent == Path(app.config["UPLOAD_DIR"])
    from callsheet.extensions import db
    from callsheet.store.models import ExtractionJob

    with app.app_context():
        shown = db.session.get(ExtractionJob, body["jobId"]).original_name
    assert shown and len(shown) <= 255 and "/" not in shown and "\\" not in shown and "\x00" not in shown


# -- form fields --------------------------------------------------------------------------

def test_no_file_field(client, auth, app):
    response = client.post(UPLOAD, data={"notfile": (io.BytesIO(nasty.text_pdf()), "a.pdf")}, headers=auth.headers())
    assert "file" in _rejected(response, 422, "validation_error", app)


def test_two_files(client, auth, app):
    files = [(io.BytesIO(nasty.text_pdf()), "a.pdf"), (io.BytesIO(nasty.text_pdf()), "b.pdf")]
    response = client.post(UPLOAD, data={"file": files}, headers=auth.headers())
    assert "exactly one file" in _rejected(response, 422, "validation_error", app)


@pytest.mark.parametrize(
    "options",
    ["{not json", "[" * 10000 + "]" * 10000, "x" * 20000, '{"qualityThreshold": "high"}',
     '{"qualityThreshold": 1.01}', '{"qualityThreshold": -0.1}', '{"qualityThreshold": NaN}',
     '{"qualityThreshold": 1e999}', '{"qualityThreshold": true}', '{"rolePreferences": [1, 2]}',
     '{"rolePreferences": "Director"}', json.dumps({"rolePreferences": ["x" * 101]}),
     json.dumps({"rolePreferences": ["Grip"] * 51}), "null", '"a string"'],
    ids=["not-json", "deep-nesting", "too-large", "threshold-string", "threshold-over", "threshold-under",
         "threshold-nan", "threshold-inf", "threshold-bool", "roles-ints", "roles-string", "role-too-long",
         "too-many-roles", "null", "string"],
)
def test_bad_options(client, auth, app, options):
    response = upload(client, auth.headers(), data=nasty.text_pdf(), options=options)
    assert "options" in _rejected(response, 422, "validation_error", app)


@pytest.mark.parametrize(("field", "value"), [("extractionMethod", "magic"), ("priority", "asap"),
                                              ("priority", ""), ("extractionMethod", "PATTERN")])
def test_unknown_method_or_priority(client, auth, app, field, value):
    response = upload(client, auth.headers(), data=nasty.text_pdf(), **{field: value})
    assert field in _rejected(response, 422, "validation_error", app)


# -- size, streamed ---------------------------------------------------------------------------

class _CountingStream(io.RawIOBase):
    """An endless request body that counts how much the server read of it."""

    def __init__(self, head: bytes) -> None:
        self.head, self.read_bytes = head, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        chunk = (self.head + b"0" * len(buffer))[self.read_bytes:self.read_bytes + len(buffer)] \
            if self.read_bytes < len(self.head) else b"0" * len(buffer)
        buffer[: len(chunk)] = chunk
        self.read_bytes += len(chunk)
        return len(chunk)


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_too_large_is_refused_while_streaming(settings, redis_conn, declared):
    from callsheet import create_app
    from tests.conftest import AuthActions

    app = create_app({**settings, "MAX_UPLOAD_MB": 1})
    boundary = "XyZ"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pdf\"\r\n"
            "Content-Type: application/pdf\r\n\r\n%PDF-1.7\n").encode()
    body = _CountingStream(head)
    builder = EnvironBuilder(path=UPLOAD, method="POST", headers=AuthActions(app).headers(),
                             content_type=f"multipart/form-data; boundary={boundary}")
    environ = builder.get_environ()
    environ["wsgi.input"] = io.BufferedReader(body)
    if declared:
        environ["CONTENT_LENGTH"] = str(500 * 1024 * 1024)
    else:
        environ.pop("CONTENT_LENGTH", None)
        environ["wsgi.input_terminated"] = True
    app_iter, status, _ = run_wsgi_app(app, environ, buffered=True)
    answer = json.loads(b"".join(app_iter))
    assert status.startswith("413"), answer
    assert answer["error"]["code"] == "file_too_large"
    assert body.read_bytes < 3 * 1024 * 1024, f"read {body.read_bytes} bytes of an endless body"
    assert _stored(app) == []


# -- job ids and tokens -------------------------------------------------------------------------

@pytest.mark.parametrize("job_id", ["abc", "1" * 1000, "%00", "..%2F..%2Fetc", "' OR 1=1 --",
                                    "0d6f9a34-5d2b-4a5e-9a57-8f1c9a0b1c2d%00"])
@pytest.mark.parametrize("verb", ["get", "delete"])
def test_job_id_that_is_not_a_uuid(client, auth, job_id, verb):
    response = getattr(client, verb)(f"/api/extraction/job/{job_id}", headers=auth.headers())
    assert response.status_code in (400, 404), response.get_json()
    assert response.get_json()["success"] is False


def test_another_users_job_is_not_found(client, auth, app):
    job_id = upload(client, auth.headers("alice"), data=nasty.text_pdf()).get_json()["jobId"]
    for verb in ("get", "delete"):
        response = getattr(client, verb)(f"/api/extraction/job/{job_id}", headers=auth.headers("mallory"))
        assert response.status_code == 404 and response.get_json()["error"]["code"] == "job_not_found"


def _claims(**extra):
    return {"sub": "alice", "exp": datetime.now(UTC) + timedelta(hours=1), **extra}


@pytest.mark.parametrize(
    "make",
    [
        lambda app: None,
        lambda app: "",
        lambda app: "Bearer " + "A" * 20000,
        lambda app: "Bearer a.b.c",
        lambda app: "Bearer " + jwt.encode(_claims(exp=datetime.now(UTC) - timedelta(seconds=5)),
                                           app.config["JWT_SECRET"]),
        lambda app: "Bearer " + jwt.encode(_claims(), "not-the-secret-" * 3),
        lambda app: "Bearer " + jwt.encode(_claims(), None, algorithm="none"),
        lambda app: "Bearer " + jwt.encode(_claims(), app.config["JWT_SECRET"], algorithm="HS512"),
        lambda app: "Bearer " + jwt.encode(_claims(sub=""), app.config["JWT_SECRET"]),
        lambda app: "Bearer " + jwt.encode(_claims(nbf=datetime.now(UTC) + timedelta(hours=1)),
                                           app.config["JWT_SECRET"]),
        lambda app: "Bearer " + jwt.encode(_claims(), app.config["JWT_SECRET"]) + "x",
    ],
    ids=["missing", "empty", "huge", "malformed", "expired", "wrong-signature", "alg-none", "other-alg",
         "empty-sub", "not-yet-valid", "tampered"],
)
def test_bad_tokens_are_401_everywhere(client, app, make):
    header = make(app)
    headers = {} if header is None else {"Authorization": header}
    for response in (
        client.post(UPLOAD, data={"file": (io.BytesIO(nasty.text_pdf()), "a.pdf")}, headers=headers),
        client.get("/api/extraction/job/0d6f9a34-5d2b-4a5e-9a57-8f1c9a0b1c2d", headers=headers),
        client.get("/api/extraction/queue/stats", headers=headers),
    ):
        assert response.status_code == 401, response.get_json()
        assert response.get_json()["error"]["code"] in ("missing_token", "invalid_token", "token_expired")
    assert _stored(app) == []
