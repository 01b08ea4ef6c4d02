"""The test suite's own safety net: a worker an earlier test left running is shut down."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT, _stop_leaked_workers


def test_leaked_worker_is_shut_down(settings, redis_conn):
    env = dict(os.environ, REDIS_URL=settings["REDIS_URL"], INSTANCE_PATH=settings["INSTANCE_PATH"],
               DATABASE_URL=settings["DATABASE_URL"], LOG_LEVEL="WARNING")
    worker = subprocess.Popen([sys.executable, "worker.py", "--queues", "cleanup"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not redis_conn.smembers("rq:workers"):
            assert time.monotonic() < deadline and worker.poll() is None, "the worker never started"
            time.sleep(0.2)
        redis_conn.flushdb()  # what the previous test's teardown did
        with pytest.warns(UserWarning, match="left RQ worker"):
            _stop_leaked_workers(redis_conn)
        assert worker.wait(60) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
