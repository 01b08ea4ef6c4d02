"""The README's honcho steps ("One machine") run as written, from a shell whose PATH has no venv."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from redis import Redis

from tests.conftest import ROOT


def _readme_lines() -> tuple[str, str, str]:
    """The PATH line, the release phase and the start line of the README's One machine block."""
    block = (ROOT / "README.md").read_text().split("### One machine", 1)[1].split("```bash", 1)[1].split("```")[0]
    lines = [line.split("  #", 1)[0].strip() for line in block.strip().splitlines()]
    path = next(line for line in lines if line.startswith("export PATH="))
    release = next(line for line in lines if re.match(r"\.venv/bin/honcho run ", line))
    start = next(line for line in lines if re.match(r"\.venv/bin/honcho start ", line))
    return path, release, start


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'honcho.sqlite3'}"


def test_readme_honcho_steps_start_every_process(settings, redis_conn, tmp_path):
    path_line, release, start = _readme_lines()
    port = _free_port()
    env = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/root"), "LOG_LEVEL": "WARNING",
           "LOG_DIR": str(tmp_path / "logs"), "PORT": str(port), "GUNICORN_WORKERS": "1",
           "WORKER_MAIN_PROCESSES": "1", "WORKER_PRIORITY_PROCESSES": "1", "WORKER_CLEANUP_PROCESSES": "1",
           **{key: str(settings[key]) for key in ("INSTANCE_PATH", "DATABASE_URL", "REDIS_URL", "UPLOAD_DIR",
                                                  "JWT_SECRET")}}
    done = subprocess.run(["bash", "-c", f"{path_line}\n{release}"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "database at revision" in done.stdout
    honcho = subprocess.Popen(["bash", "-c", f"{path_line}\nexec {start}"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert honcho.poll() is None, honcho.stdout.read()[-3000:]
            assert time.monotonic() < deadline, "the processes did not come up"
            try:
                healthy = urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2).status == 200
            except OSError:
                healthy = False
            if healthy and len(Redis.from_url(settings["REDIS_URL"]).smembers("rq:workers")) == 3:
                break
            time.sleep(0.5)
    finally:
        honcho.send_signal(signal.SIGTERM)  # honcho stops every process it started
        try:
            honcho.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(honcho.pid, signal.SIGKILL)
            honcho.wait(10)
    output = honcho.stdout.read()
    assert "python: not found" not in output and "command not found" not in output
    running = output.split("SIGTERM received", 1)[0]
    for name in ("web", "worker", "worker_priority", "cleanup", "scheduler"):
        assert re.search(rf"\| {name}\.1 started \(pid=\d+\)", running), output[-3000:]
    assert " stopped (rc=" not in running, output[-3000:]  # none died before honcho was told to stop
