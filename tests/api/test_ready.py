"""Readiness (/api/ready) and worker liveness (`worker.py --check`, from RQ heartbeats)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from callsheet import create_app
from callsheet.extensions import db
from tests.conftest import ROOT


def test_ready_when_everything_answers(client):
    answer = client.get("/api/ready")
    assert answer.status_code == 200
    assert answer.get_json() == {"success": True, "redis": "ok", "database": "ok", "storage": "ok",
                                 "migrations": "ok"}


def test_not_ready_before_migrations_or_without_storage(settings, redis_conn, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    app = create_app({**settings, "AUTO_MIGRATE": False, "UPLOAD_DIR": str(blocker / "uploads")})
    answer = app.test_client().get("/api/ready")
    body = answer.get_json()
    assert answer.status_code == 503 and body["success"] is False
    assert body["migrations"] == "behind: database at nothing, code at 0003"
    assert body["storage"].startswith("error") and body["redis"] == body["database"] == "ok"
    with app.app_context():
        db.engine.dispose()


def _env(settings: dict) -> dict[str, str]:
    env = dict(os.environ, LOG_LEVEL="WARNING")
    for key in ("INSTANCE_PATH", "DATABASE_URL", "REDIS_URL", "UPLOAD_DIR", "JWT_SECRET"):
        env[key] = str(settings[key])
    return env


def _check(settings: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "worker.py", "--check"], cwd=ROOT, env=_env(settings),
                          capture_output=True, text=True, timeout=60)


def test_worker_check_follows_this_hosts_workers(app, settings, redis_conn):
    none = _check(settings)
    assert none.returncode == 1 and "no worker registered from this host" in none.stdout
    worker = subprocess.Popen([sys.executable, "worker.py"], cwd=ROOT, env=_env(settings),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not redis_conn.smembers("rq:workers") and time.monotonic() < deadline:
            time.sleep(0.2)
        alive = _check(settings)
        assert alive.returncode == 0 and "1/1 workers alive" in alive.stdout, alive.stdout + alive.stderr
    finally:
        worker.send_signal(signal.SIGKILL)  # dies without unregistering: its record stays in Redis
        worker.wait(30)
    dead = _check(settings)
    assert dead.returncode == 1 and "0/1 workers alive" in dead.stdout and "(dead)" in dead.stdout
