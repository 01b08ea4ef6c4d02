"""Circuit breakers: Redis-shared state, opened by a run of 529s, closed by a good probe."""
from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pymupdf
import pytest
from rq import Callback, Queue, Retry, SimpleWorker
from rq.job import JobStatus

from callsheet.extraction import extract, services
from callsheet.extraction.errors import CircuitOpen, PermanentError, ServiceUnavailable
from callsheet.queueing import breakers
from tests.extraction.ai.test_client import CREW_ANSWER, write_sheet
from tests.fake_anthropic import error, ok

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def namespace() -> str:
    return f"callsheet:test-breaker:{uuid.uuid4().hex[:8]}"


def _installed(redis_conn, namespace, reset_timeout):
    installed = breakers.Breakers(redis_conn, fail_max=3, reset_timeout=reset_timeout, namespace=namespace)
    services.set_guard(installed)
    yield installed
    services.set_guard(None)


@pytest.fixture
def guard(redis_conn, namespace):
    yield from _installed(redis_conn, namespace, reset_timeout=2)


@pytest.fixture
def slow_guard(redis_conn, namespace):
    """A breaker whose cool-down outlasts a child process start."""
    yield from _installed(redis_conn, namespace, reset_timeout=60)


@pytest.fixture
def sheet(tmp_path):
    return write_sheet(tmp_path / "sheet.pdf")


def test_run_of_529s_opens_then_a_good_probe_closes(guard, fake_ai, sheet):
    fake_ai.script += [error(529)] * 3
    for _ in range(2):
        with pytest.raises(ServiceUnavailable):
            extract(sheet, "ai", {})
    assert guard.states()["anthropic"] == {"state": "closed", "failures": 2, "failMax": 3}
    with pytest.raises(CircuitOpen):  # the third failure trips it
        extract(sheet, "ai", {})
    with pytest.raises(CircuitOpen) as info:  # open: fails at once, the service is spared
        extract(sheet, "ai", {})
    assert len(fake_ai.requests) == 3
    assert 0 < info.value.retry_after <= 2
    assert guard.states()["anthropic"]["state"] == "open"
    assert guard.states()["textract"]["state"] == "closed"

    time.sleep(2.1)
    fake_ai.script.append(ok(CREW_ANSWER))
    result = extract(sheet, "ai", {})  # the half-open probe succeeds
    assert "Ana Ruiz" in {c.name for c in result.contacts}
    assert guard.states()["anthropic"] == {"state": "closed", "failures": 0, "failMax": 3}


def test_permanent_errors_do_not_count(guard, fake_ai, sheet):
    fake_ai.script += [error(401)] * 4
    for _ in range(4):
        with pytest.raises(PermanentError):
            extract(sheet, "ai", {})
    assert guard.states()["anthropic"]["state"] == "closed"
    assert len(fake_ai.requests) == 4


def test_another_process_sees_the_open_breaker(slow_guard, fake_ai, sheet, redis_url, namespace):
    fake_ai.script += [error(529)] * 3
    for _ in range(3):
        with pytest.raises((ServiceUnavailable, CircuitOpen)):
            extract(sheet, "ai", {})
    code = (
        "import json, sys; from redis import Redis; from callsheet.queueing import breakers; "
        "from callsheet.extraction import services; from callsheet.extraction.errors import CircuitOpen; "
        f"b = breakers.Breakers(Redis.from_url({redis_url!r}), fail_max=3, reset_timeout=60, namespace={namespace!r}); "
        "services.set_guard(b)\n"
        "try:\n    services.call('anthropic', print, 'called')\nexcept CircuitOpen as exc:\n"
        "    print(json.dumps({'refused': exc.service, 'states': b.states()}))"
    )
    child = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert child.returncode == 0, child.stderr
    seen = json.loads(child.stdout)
    assert seen["refused"] == "anthropic" and seen["states"]["anthropic"]["state"] == "open"


def test_hybrid_degrades_while_open(guard, fake_ai, sheet, tmp_path, monkeypatch):
    path = tmp_path / "mixed.pdf"
    with pymupdf.open(sheet) as doc:
        picture = doc[0].get_pixmap(dpi=60)
        doc.new_page(width=612, height=792).insert_image(pymupdf.Rect(0, 0, 612, 792), pixmap=picture)
        doc.save(path)
    fake_ai.script += [error(529)] * 3
    for _ in range(3):
        with pytest.raises((ServiceUnavailable, CircuitOpen)):
            extract(sheet, "ai", {})
    monkeypatch.setenv("PATH", str(tmp_path))  # no OCR: page 2 has no words and must be escalated
    result = extract(path, "hybrid", {})
    assert result.metadata["degraded"]["service"] == "ai"
    assert "retrying in" in result.metadata["degraded"]["reason"]
    assert len(fake_ai.requests) == 3
    assert "Ana Ruiz" in {c.name for c in result.contacts}


def test_states_for_stats(redis_conn, namespace):
    assert breakers.Breakers(redis_conn, namespace=namespace).states() == {
        "anthropic": {"state": "closed", "failures": 0, "failMax": 5},
        "textract": {"state": "closed", "failures": 0, "failMax": 5},
    }
    assert set(breakers.states(redis_conn)) == {"anthropic", "textract"}


@pytest.mark.parametrize("retry", [Retry(max=3, interval=[10, 20, 40]), None])
def test_open_breaker_reschedules_the_job_without_spending_an_attempt(redis_conn, retry):
    queue = Queue(f"breaker-test-{uuid.uuid4().hex[:8]}", connection=redis_conn)
    job = queue.enqueue("tests.fixtures_breakers.blocked_by_open_breaker", retry=retry,
                        on_failure=Callback("tests.fixtures_breakers.on_failure"))
    before = datetime.now(UTC)
    SimpleWorker([queue], connection=redis_conn).work(burst=True)
    job.refresh()
    assert job.get_status() == JobStatus.SCHEDULED
    assert job.retries_left == (3 if retry else 0)
    when = queue.scheduled_job_registry.get_scheduled_time(job)
    assert 42 <= (when - before).total_seconds() <= 45
