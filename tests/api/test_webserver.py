"""The real gunicorn (gunicorn.conf.py, as the Procfile runs it): slow clients do not take the web
down, a stalled body is cut off, and the access log stays JSON whatever a client sends."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.servers import free_port

SLOW_CLIENTS = 200
READ_TIMEOUT = 3


@pytest.fixture
def web(settings, redis_conn, tmp_path) -> Iterator[tuple[int, Path]]:
    """gunicorn with the Procfile's command line on the test's settings: (port, its stdout file)."""
    port = free_port()
    env = dict(os.environ, PORT=str(port), HOST="127.0.0.1", GUNICORN_READ_TIMEOUT=str(READ_TIMEOUT),
               PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "prometheus"), LOG_LEVEL="INFO", RATELIMIT_ENABLED="false")
    env.update({key: str(settings[key]) for key in ("INSTANCE_PATH", "DATABASE_URL", "REDIS_URL", "UPLOAD_DIR",
                                                      "JWT_SECRET")})
    env.pop("GUNICORN_WORKERS", None)
    env.pop("WEB_CONCURRENCY", None)
    out = tmp_path / "gunicorn.out"
    with out.open("wb") as log:
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"], cwd=ROOT, env=env,
                                  stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while _health(port, 1) is None:
            assert server.poll() is None and time.monotonic() < deadline, out.read_text()[-3000:]
            time.sleep(0.1)
        yield port, out
    finally:
        server.terminate()
        server.wait(30)


def _health(port: int, timeout: float) -> float | None:
    """Seconds /api/health took to answer 200, or None."""
    started = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.settimeout(timeout)
            sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
    except OSError:
        return None
    return time.monotonic() - started if answer.startswith(b"HTTP/1.1 200") else None


def _slow_upload(port: int, token: str) -> socket.socket:
    """A client (with a valid token) that announces a 100 kB upload and has sent only its headers so far."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(b"POST /api/extraction/upload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token.encode()
                 + b"\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\n")
    return sock


def test_hundreds_of_slow_uploads_leave_the_web_answering(web, auth):
    port, _ = web
    slow = [_slow_upload(port, auth.token()) for _ in range(SLOW_CLIENTS)]
    try:
        timings = []
        for _ in range(8):  # each slow client sends one more byte a second meanwhile (under the read timeout)
            for sock in slow:
                sock.send(b"x")
            timings.append(_health(port, 5))
            time.sleep(0.5)
    finally:
        for sock in slow:
            sock.close()
    assert None not in timings, f"/api/health did not answer with {SLOW_CLIENTS} slow uploads open: {timings}"
    assert max(timings) < 2, timings


def test_a_body_that_stops_coming_is_cut_off_after_the_read_timeout(web, auth):
    port, _ = web
    sock = _slow_upload(port, auth.token())
    sock.settimeout(READ_TIMEOUT + 20)
    started = time.monotonic()
    try:
        while sock.recv(65536):  # an error answer, then the close
            pass
    except ConnectionResetError:
        pass
    finally:
        sock.close()
    assert time.monotonic() - started < READ_TIMEOUT + 10


def test_the_access_log_stays_json_whatever_the_request_carries(web):
    port, out = web
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"GET /api/nothing%00here%FF%22%5C HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                     b'User-Agent: evil "agent" \\\r\n\r\n')
        while sock.recv(65536):
            pass
    time.sleep(0.5)
    lines = [line for line in out.read_bytes().decode("utf-8", "replace").splitlines() if line.startswith("{")]
    parsed = [json.loads(line) for line in lines]  # a control byte or a quote would break one
    hit = [entry for entry in parsed if entry.get("logger") == "gunicorn.access" and "nothing" in entry["path"]]
    assert hit and hit[0]["path"] == '/api/nothing\x00here\xff"\\' and hit[0]["status"] == 404
    assert hit[0]["user_agent"] == 'evil "agent" \\'
