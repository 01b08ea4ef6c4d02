"""`python -m callsheet run`: embedded Redis, gunicorn, worker and scheduler from one command."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.conftest import CORPUS, ROOT


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_run_starts_the_whole_service_on_an_embedded_redis(tmp_path: Path):
    pdf = CORPUS / "dev_01_classic.pdf"
    if not pdf.exists():
        pytest.skip("DEV corpus not found")
    instance = tmp_path / "instance"
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL", "JWT_SECRET", "UPLOAD_DIR")}
    env.update(INSTANCE_PATH=str(instance), LOG_LEVEL="WARNING")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    service = subprocess.Popen([sys.executable, "-m", "callsheet", "run", "--port", str(port), "--processes", "1"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(lambda: requests.get(f"{base}/api/health", timeout=2).status_code == 200, 120, "health")
        assert (instance / "redis.url").read_text().startswith("unix://")
        token = subprocess.run([sys.executable, "-m", "callsheet", "token", "alice"], cwd=ROOT, env=env,
                               capture_output=True, text=True, check=True).stdout.strip()
        headers = {"Authorization": f"Bearer {token}"}
        with pdf.open("rb") as handle:
            answer = requests.post(f"{base}/api/extraction/upload", headers=headers, timeout=10,
                                   files={"file": handle}, data={"extractionMethod": "pattern"})
        assert answer.status_code == 202, answer.text
        location = base + answer.headers["Location"]
        job = _wait(lambda: (r := requests.get(location, headers=headers, timeout=5).json())["status"] == "completed"
                    and r, 120, "the job to complete")
        assert job["results"]["contacts"]
    finally:
        service.send_signal(signal.SIGTERM)
        code = service.wait(60)
    assert code == 0
    time.sleep(0.5)
    assert not _socket_alive(instance / "redis.sock")


def _socket_alive(path: Path) -> bool:
    if not path.exists():
        return False
    with socket.socket(socket.AF_UNIX) as sock:
        try:
            sock.connect(str(path))
        except OSError:
            return False
    return True
