"""gunicorn's access log (gunicorn.conf.py) never shows a bearer token sent as `?token=`."""
from __future__ import annotations

import json
import signal
import subprocess
import sys

import requests

from callsheet.access_log import redact
from tests.conftest import ROOT
from tests.helpers import process_env
from tests.test_run_command import _free_port, _wait


def test_redact_keeps_everything_but_the_token():
    assert redact("token=abc.def-ghi&limit=5") == "token=[redacted]&limit=5"
    assert redact("GET /?limit=5&TOKEN=abc HTTP/1.1") == "GET /?limit=5&TOKEN=[redacted] HTTP/1.1"
    assert redact("mytoken=abc&page=2") == "mytoken=abc&page=2"


def test_gunicorn_access_log_redacts_the_token(settings, redis_conn):
    env = process_env(settings, GUNICORN_WORKERS="1", GUNICORN_THREADS="1")
    port = _free_port()
    web = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
                           cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        _wait(lambda: requests.get(f"http://127.0.0.1:{port}/?token=sekrit.jwt&x=1", timeout=2).ok, 60, "the page")
    finally:
        web.send_signal(signal.SIGTERM)
        out, _ = web.communicate(timeout=30)
    access = [json.loads(line) for line in out.splitlines() if '"gunicorn.access"' in line]
    assert access and "sekrit" not in out
    assert access[-1]["path"] == "/" and access[-1]["query"] == "token=[redacted]&x=1"
