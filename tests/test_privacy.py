"""No contact data in the logs: the whole DEV corpus through the API and a real worker at
DEBUG, then every log line (raw records, stdout, the rotated file) searched for every
e-mail and phone of the corpus truth, in E.164 and in its printed national and
international forms."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import phonenumbers
import pytest

from callsheet import logs
from tests.conftest import CORPUS
from tests.helpers import upload, work

KINDS = {".pdf", ".png", ".jpg"}


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """One database is enough here: what is logged does not depend on it."""
    return f"sqlite:///{tmp_path / 'privacy.sqlite3'}"


def _needles() -> set[str]:
    needles: set[str] = set()
    for truth in CORPUS.glob("*.truth.json"):
        for contact in json.loads(truth.read_text())["contacts"]:
            if contact.get("email"):
                needles.add(contact["email"].lower())
            for phone in {contact.get("phone"), *(contact.get("phones") or [])} - {None}:
                number = phonenumbers.parse(phone)
                needles.add(phone)
                for form in (phonenumbers.PhoneNumberFormat.NATIONAL, phonenumbers.PhoneNumberFormat.INTERNATIONAL):
                    needles.add(phonenumbers.format_number(number, form))
                needles.add(str(number.national_number))
    return needles


class _Raw(logging.Handler):
    """Every record as the code logged it, before any redaction (the first line of defence)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        extra = {k: v for k, v in vars(record).items() if k not in logs._STANDARD}
        self.lines.append(f"{record.name} {text} {extra!r}")


def test_no_email_or_phone_of_the_corpus_is_ever_logged(settings, redis_conn, tmp_path, capfd):
    from callsheet import create_app
    from tests.conftest import AuthActions

    files = sorted(p for p in CORPUS.glob("dev_*") if p.suffix in KINDS)
    if not files:
        pytest.skip(f"DEV corpus not found at {CORPUS}")
    root = logging.getLogger()
    raw = _Raw()
    root.addHandler(raw)  # first, so it sees records before the redacting handlers do
    log_dir = tmp_path / "logs"
    old_level = root.level
    try:
        app = create_app({**settings, "LOG_LEVEL": "DEBUG", "UPLOAD_RATE_LIMIT": "1000 per minute",
                          "MAX_QUEUED_JOBS": 1000})
        logs.configure("DEBUG", str(log_dir), "job-processor.log")
        client, headers = app.test_client(), AuthActions(app).headers()
        ids = []
        for path in files:
            response = upload(client, {**headers, "X-Request-ID": f"privacy-{path.stem}"}, path=path,
                              name=path.name, extractionMethod="pattern")
            assert response.status_code == 202, response.get_json()
            ids.append(response.get_json()["jobId"])
        work(app)
        found = 0
        for job_id in ids:
            body = client.get(f"/api/extraction/job/{job_id}", headers=headers).get_json()
            assert body["status"] == "completed", body
            found += len(body["results"]["contacts"])
        assert found > 1000, "the corpus should yield its contacts, or this test proves nothing"
        client.get("/api/extraction/job/not-a-uuid", headers=headers)  # error paths log too
        logging.getLogger("callsheet.test").debug("reached the end")
    finally:
        root.removeHandler(raw)
        logs.configure("INFO")
        root.setLevel(old_level)
    out, err = capfd.readouterr()
    written = "\n".join([out, err, *(p.read_text() for p in log_dir.glob("*.log*"))])
    assert any('"reached the end"' in line for line in written.splitlines())
    assert len(raw.lines) > 100
    everything = "\n".join(raw.lines) + "\n" + written
    lowered = everything.lower()
    needles = _needles()
    assert len(needles) > 1000
    leaks = sorted(n for n in needles if n.lower() in lowered)
    assert leaks == [], f"{len(leaks)} contact details were logged, e.g. {leaks[:5]}"
