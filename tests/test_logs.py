"""Structured logs: JSON lines with ids, request ids echoed back, contact data redacted."""
from __future__ import annotations

import io
import json
import logging

import pytest

from callsheet import logs


@pytest.fixture
def json_lines():
    """Log lines as our stdout handler would write them, parsed."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(logs.Context())
    handler.addFilter(logs.Redact())
    handler.setFormatter(logs.formatter())
    root = logging.getLogger()
    root.addHandler(handler)
    old = root.level
    root.setLevel(logging.DEBUG)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(old)


@pytest.mark.parametrize(
    "text",
    ["jane.doe+films@example.co.uk", "+447700900123", "+44 7700 900123", "07700 900123", "(555) 123-4567",
     "555.123.4567", "555-123-4567", "5551234567", "+1 (310) 555-0142"],
)
def test_contact_data_is_redacted(text):
    out = logs.redact(f"found {text} on page 2")
    assert out.startswith("found [") and out.endswith("] on page 2")
    assert not any(ch.isdigit() for ch in out.replace("page 2", ""))


@pytest.mark.parametrize(
    "text",
    ["job 0d6f9a34-5d2b-4a5e-9a57-8f1c9a0b1c2d", "12345678-1234-4123-8123-123456789012", "took 1234.5 ms",
     "at 2026-11-28T12:43:26.123+00:00", "from 192.168.100.200:6379", "12 contacts on 3 pages", "size 1048576"],
)
def test_ids_times_and_counts_are_kept(text):
    assert logs.redact(text) == text


def test_records_are_json_with_context_and_redacted(json_lines):
    log = logging.getLogger("callsheet.test")
    with logs.bind(job_id="j-1", user_id="u-1", method="pattern"):
        log.info("saw %s and %s", "a@b.example", "+33 6 12 34 56 78", extra={"detail": "call 0612345678"})
    try:
        raise ValueError("bad phone 020 7946 0018")
    except ValueError:
        log.exception("failed for bob@example.org")
    first, second = json_lines()
    assert first["message"] == "saw [email] and [phone]" and first["detail"] == "call [phone]"
    assert (first["job_id"], first["user_id"], first["method"], first["level"]) == ("j-1", "u-1", "pattern", "INFO")
    assert "job_id" not in second
    assert second["message"] == "failed for [email]"
    assert "ValueError: bad phone [phone]" in second["exc_info"] and "7946" not in second["exc_info"]


def test_request_id_is_echoed_or_generated_and_logged(client, json_lines):
    given = client.get("/api/health", headers={"X-Request-ID": "abc-123"})
    assert given.headers["X-Request-ID"] == "abc-123"
    made = client.get("/api/health", headers={"X-Request-ID": "bad id <script>"})
    assert len(made.headers["X-Request-ID"]) == 32 and made.headers["X-Request-ID"] != "abc-123"
    unauthorized = client.get("/api/extraction/queue/stats")
    assert unauthorized.status_code == 401 and unauthorized.headers["X-Request-ID"]
    requests = [line for line in json_lines() if line["logger"] == "callsheet.request"]
    assert [(r["request_id"], r["status"], r["path"]) for r in requests] == [
        ("abc-123", 200, "/api/health"),
        (made.headers["X-Request-ID"], 200, "/api/health"),
        (unauthorized.headers["X-Request-ID"], 401, "/api/extraction/queue/stats"),
    ]
    assert all(r["duration_ms"] >= 0 for r in requests)


def test_configure_is_idempotent_and_writes_a_rotated_file(tmp_path):
    root = logging.getLogger()
    before = list(root.handlers)
    old = root.level
    try:
        logs.configure("DEBUG", str(tmp_path), "job-processor.log")
        handlers = logs.configure("DEBUG", str(tmp_path), "job-processor.log")
        assert [h for h in root.handlers if getattr(h, "_callsheet", False)] == handlers
        assert len(handlers) == 2
        with logs.bind(job_id="j-2"):
            logging.getLogger("rq.worker").info("Job OK, mail me at x@y.example")
        for handler in handlers:
            handler.flush()
        [line] = (tmp_path / "job-processor.log").read_text().splitlines()
        record = json.loads(line)
        assert record["job_id"] == "j-2" and record["message"] == "Job OK, mail me at [email]"
        assert isinstance(handlers[1], logging.handlers.RotatingFileHandler)
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(old)


APP_LINE = """
import logging, sys
from callsheet import create_app
app = create_app({"INSTANCE_PATH": sys.argv[1], "DATABASE_URL": "sqlite:///" + sys.argv[1] + "/x.db",
                  "REDIS_URL": "redis://127.0.0.1:1/0", "JWT_SECRET": "x"})
app.logger.warning("call ama.eze@example.com or +1 310 555 0142")
logging.getLogger("callsheet.jobs").warning("or write to jo@example.org, 07700 900123")
"""


def test_every_app_line_goes_through_the_one_redacted_json_handler(tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    done = subprocess.run([sys.executable, "-c", APP_LINE, str(tmp_path)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    everything = done.stdout + done.stderr
    for secret in ("ama.eze@example.com", "555 0142", "jo@example.org", "900123"):
        assert secret not in everything, everything[-2000:]
    lines = [line for line in everything.splitlines() if line.strip()]
    parsed = [json.loads(line) for line in lines]  # no plain-text copy (Flask's default handler) anywhere
    messages = [line["message"] for line in parsed]
    assert messages.count("call [email] or [phone]") == 1 and messages.count("or write to [email], [phone]") == 1
