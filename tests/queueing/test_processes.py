"""The real process entry points: worker.py (forking workers, a pool) and scheduler.py."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from rq import Queue

from callsheet.queueing.queues import CLEANUP_QUEUE
from tests.conftest import ROOT
from tests.helpers import upload


def _env(settings: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key in ("INSTANCE_PATH", "DATABASE_URL", "REDIS_URL", "UPLOAD_DIR", "JWT_SECRET"):
        env[key] = str(settings[key])
    env.update(RETRY_BASE_SECONDS="0", LOG_LEVEL="WARNING")
    return env


def _run(script: str, settings: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, script, *args], cwd=ROOT, env=_env(settings), capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("processes", ["1", "2"])
def test_worker_script_processes_uploads(client, auth, settings, classic_pdf, processes):
    ids = [
        upload(client, auth.headers(), path=classic_pdf, extractionMethod="pattern", priority=priority).get_json()[
            "jobId"]
        for priority in ("low", "urgent", "normal")
    ]
    done = _run("worker.py", settings, "--burst", "--processes", processes)
    assert done.returncode == 0, done.stderr[-2000:]
    for job_id in ids:
        body = client.get(f"/api/extraction/job/{job_id}", headers=auth.headers()).get_json()
        assert body["status"] == "completed", body
        assert body["results"]["contacts"]


def test_worker_script_rejects_unknown_queues(settings):
    done = _run("worker.py", settings, "--burst", "--queues", "nope")
    assert done.returncode == 2 and "unknown queues: nope" in done.stderr


def test_scheduler_script_registers_the_sweep(settings, redis_conn):
    for _ in range(2):
        done = _run("scheduler.py", settings, "--burst")
        assert done.returncode == 0, done.stderr[-2000:]
    assert Queue(CLEANUP_QUEUE, connection=redis_conn).job_ids.count("periodic-sweep-uploads") == 1


def test_rq_info_lists_every_queue(settings, redis_conn):
    assert _run("worker.py", settings, "--burst").returncode == 0
    info = subprocess.run([os.path.join(os.path.dirname(sys.executable), "rq"), "info", "-u", settings["REDIS_URL"]],
                          capture_output=True, text=True, timeout=60)
    assert info.returncode == 0, info.stderr
    for name in ("extraction-priority", "extraction", "extraction-low", "cleanup"):
        assert f"\n{name} " in "\n" + info.stdout
