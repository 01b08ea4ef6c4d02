"""GET /api/extraction/queue/stats: RQ registry counts and the recent window from the DB."""
from __future__ import annotations

from datetime import timedelta

from callsheet.extensions import db
from callsheet.store import stats
from callsheet.store.models import ExtractionJob, utcnow
from tests.helpers import upload, work

BROKEN = b"%PDF-1.7\nbroken\n"


def test_stats_count_jobs_per_queue(client, auth, app):
    for _ in range(2):
        upload(client, auth.headers(), data=BROKEN, extractionMethod="pattern")
    upload(client, auth.headers(), priority="low")
    upload(client, auth.headers(), priority="urgent")
    cancelled = upload(client, auth.headers(), priority="urgent").get_json()["jobId"]
    client.delete(f"/api/extraction/job/{cancelled}", headers=auth.headers())
    work(app, queues=("extraction",))
    response = client.get("/api/extraction/queue/stats", headers=auth.headers())
    assert response.status_code == 200
    body = response.get_json()
    queues = body["queues"]
    assert list(queues) == ["extraction-priority", "extraction", "extraction-low", "cleanup"]
    assert queues["extraction"]["failed"] + queues["extraction"]["completed"] == 2
    assert queues["extraction"]["waiting"] == 0
    assert queues["extraction-low"]["waiting"] == 1
    assert queues["extraction-priority"]["waiting"] == 1
    assert queues["extraction-priority"]["cancelled"] == 1
    assert queues["cleanup"]["scheduled"] == 3  # two ended jobs and the cancelled one
    assert body["workers"] == 0  # the burst worker has left
    window = body["window"]
    assert window["completed"] + window["failed"] == 2
    assert window["avgWaitMs"] is not None and window["avgWaitMs"] >= 0
    assert window["aiInputTokens"] == 0  # pattern only: no model was asked
    assert body["breakers"]["anthropic"]["state"] == "closed"
    assert body["breakers"]["textract"]["state"] == "closed"


def _row(n: int, status: str, processing_ms: float, wait_ms: float, minutes_ago: float = 1) -> ExtractionJob:
    finished = utcnow() - timedelta(minutes=minutes_ago)
    return ExtractionJob(
        id=f"00000000-0000-4000-8000-{n:012d}", owner_id="u", file_id=f"f{n}", storage_key=f"k{n}",
        content_type="application/pdf", size_bytes=1, method="pattern", priority="normal", queue="extraction",
        options={}, status=status, progress={}, created_at=finished - timedelta(seconds=5),
        started_at=finished - timedelta(milliseconds=processing_ms), finished_at=finished,
        processing_ms=processing_ms, wait_ms=wait_ms,
    )


def test_window_rates_and_percentiles(app):
    with app.app_context():
        rows = [_row(i, "completed", processing_ms=10.0 * (i + 1), wait_ms=100.0) for i in range(20)]
        rows += [_row(20, "failed", 5000.0, 300.0), _row(21, "completed", 1.0, 1.0, minutes_ago=120)]
        rows[0].result_metadata = {"usage": {"inputTokens": 1200, "outputTokens": 300}}
        rows[1].result_metadata = {"usage": {"inputTokens": 800, "outputTokens": 100}}
        rows[-1].result_metadata = {"usage": {"inputTokens": 5000, "outputTokens": 5000}}  # outside the window
        db.session.add_all(rows)
        db.session.commit()
        window = stats.window(60)
        assert window["completed"] == 20 and window["failed"] == 1
        assert window["completedPerMinute"] == round(20 / 60, 3)
        assert window["successRate"] == round(20 / 21, 4)
        assert window["avgProcessingMs"] == round(sum(10.0 * (i + 1) for i in range(20)) / 20, 1)
        assert window["p95ProcessingMs"] == 190.0
        assert window["avgWaitMs"] == round((20 * 100 + 300) / 21, 1)
        assert (window["aiInputTokens"], window["aiOutputTokens"]) == (2000, 400)
        # The upload estimate uses the recent real processing times, not a constant.
        assert stats.recent_processing_ms() != stats.DEFAULT_PROCESSING_MS
