"""/metrics: HTTP latency and upload sizes of this host, job counters and histograms of the
whole cluster (Redis), queue depths and breaker states; readable by Prometheus' own parser."""
from __future__ import annotations

import time

from prometheus_client.parser import text_string_to_metric_families

from callsheet import metrics
from tests.helpers import upload, work


def _samples(client, **kwargs) -> dict[tuple[str, tuple], float]:
    answer = client.get("/metrics", **kwargs)
    assert answer.status_code == 200 and answer.content_type.startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(answer.get_data(as_text=True))
        for sample in family.samples
    }


def test_jobs_queues_http_and_uploads_are_counted(client, auth, app, classic_pdf):
    before = _samples(client)
    good = upload(client, auth.headers(), path=classic_pdf, extractionMethod="pattern")
    bad = upload(client, auth.headers(), data=b"%PDF-1.7\nbroken\n", extractionMethod="pattern", priority="high")
    assert good.status_code == bad.status_code == 202
    waiting = _samples(client)
    assert waiting[("callsheet_queue_jobs", (("queue", "extraction"), ("state", "waiting")))] == 1
    assert waiting[("callsheet_queue_jobs", (("queue", "extraction-priority"), ("state", "waiting")))] == 1
    work(app)
    after = _samples(client)
    labels = (("method", "pattern"), ("queue", "extraction"))
    assert after[("callsheet_jobs_enqueued_total", labels)] == 1
    assert after[("callsheet_jobs_completed_total", labels)] == 1
    assert after[("callsheet_jobs_failed_total", (("method", "pattern"), ("queue", "extraction-priority")))] == 1
    assert after[("callsheet_job_processing_seconds_count", labels)] == 1
    assert after[("callsheet_job_wait_seconds_count", labels)] == 1
    assert after[("callsheet_job_processing_seconds_sum", labels)] > 0
    assert after[("callsheet_queue_jobs", (("queue", "extraction"), ("state", "waiting")))] == 0
    route = (("method", "POST"), ("route", "/api/extraction/upload"), ("status", "202"))
    http_before = before.get(("callsheet_http_request_duration_seconds_count", route), 0)
    assert after[("callsheet_http_request_duration_seconds_count", route)] - http_before == 2
    upload_count = after[("callsheet_upload_bytes_count", ())] - before.get(("callsheet_upload_bytes_count", ()), 0)
    assert upload_count == 2
    assert after[("callsheet_breaker_state", (("service", "anthropic"), ("state", "closed")))] == 1


def test_metrics_token(app, client):
    app.config["METRICS_TOKEN"] = "scrape-me"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer scrape-me"}).status_code == 200


def test_recording_a_job_is_cheap(redis_conn):
    """The per-job overhead: one pipelined Redis round trip (well under a millisecond locally)."""
    rounds = 200
    started = time.perf_counter()
    for _ in range(rounds):
        metrics.record_job(redis_conn, "completed", "extraction", "pattern", wait_s=0.3, processing_s=1.2)
    per_job_ms = (time.perf_counter() - started) * 1000 / rounds
    assert per_job_ms < 5, per_job_ms
    fields = redis_conn.hgetall(metrics.PREFIX + "processing")
    assert int(fields[b"extraction|pattern|2.5"]) == rounds


def test_recording_never_raises():
    from redis import Redis

    metrics.record_job(Redis(port=1, socket_connect_timeout=0.1), "completed", "q", "m", wait_s=1)


def test_cancelled_jobs_are_counted(client, auth):
    job = upload(client, auth.headers(), extractionMethod="pattern", priority="low").get_json()["jobId"]
    assert client.delete(f"/api/extraction/job/{job}", headers=auth.headers()).status_code == 200
    assert client.delete(f"/api/extraction/job/{job}", headers=auth.headers()).status_code == 200  # idempotent
    labels = (("method", "pattern"), ("queue", "extraction-low"))
    assert _samples(client)[("callsheet_jobs_cancelled_total", labels)] == 1


def test_every_worker_process_reports_its_memory_and_cpu(client, settings, redis_conn):
    """A real `worker.py --processes 2` pool: one set of process metrics per worker, gone once it stops."""
    import os
    import signal
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = dict(os.environ, LOG_LEVEL="WARNING", **{key: str(settings[key]) for key in
                                                   ("INSTANCE_PATH", "DATABASE_URL", "REDIS_URL", "UPLOAD_DIR")})
    process = subprocess.Popen([sys.executable, "worker.py", "--simple", "--processes", "2"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            rss = {labels: value for (name, labels), value in _samples(client).items()
                   if name == "callsheet_worker_resident_memory_bytes"}
            if len(rss) == 2:
                break
            assert process.poll() is None, process.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, f"worker metrics seen: {rss}"
            time.sleep(0.5)
        samples = _samples(client)
        pids = {dict(labels)["pid"] for labels in rss}
        assert len(pids) == 2 and str(process.pid) not in pids  # the pool's two worker processes, not its parent
        for labels, value in rss.items():
            assert 20e6 < value < 2e9
            assert samples[("callsheet_worker_cpu_seconds_total", labels)] > 0
            assert samples[("callsheet_worker_open_fds", labels)] > 0
            assert samples[("callsheet_worker_start_time_seconds", labels)] > time.time() - 300
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(60)
    assert not [key for key in _samples(client) if key[0] == "callsheet_worker_resident_memory_bytes"]
