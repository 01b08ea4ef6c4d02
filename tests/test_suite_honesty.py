"""The suite tells the truth: PostgreSQL tests show as skipped when it is away, and Redis is the run's own."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from redis import Redis

from tests.conftest import ROOT

SAMPLE = "tests/store/test_stats.py"  # a module whose tests run on both databases


def _pytest(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args], cwd=ROOT,
                          env={**os.environ, **env}, capture_output=True, text=True, timeout=300)


def _count(output: str, word: str) -> int:
    found = re.search(rf"(\d+) {word}", output.strip().splitlines()[-1])
    return int(found.group(1)) if found else 0


def test_postgresql_tests_are_skipped_with_a_reason_when_it_is_unreachable():
    collected = _pytest("--collect-only", SAMPLE, CALLSHEET_TEST_POSTGRES_PORT="1").stdout
    ids = [line for line in collected.splitlines() if "::" in line]
    assert sum("[postgresql" in line for line in ids) == sum("[sqlite" in line for line in ids) > 0
    done = _pytest("-rs", SAMPLE, CALLSHEET_TEST_POSTGRES_PORT="1", CALLSHEET_TEST_REQUIRE_POSTGRES="")
    assert done.returncode == 0, done.stdout[-3000:]
    assert _count(done.stdout, "skipped") == sum("[postgresql" in line for line in ids)
    assert "PostgreSQL at 127.0.0.1:1 (database test, trust auth) is not reachable" in done.stdout


def test_ci_turns_an_unreachable_postgresql_into_failures():
    done = _pytest(SAMPLE, "-k", "postgresql", CALLSHEET_TEST_POSTGRES_PORT="1", CALLSHEET_TEST_REQUIRE_POSTGRES="1")
    assert done.returncode != 0 and _count(done.stdout, "skipped") == 0, done.stdout[-3000:]


def test_the_suite_flushes_only_a_redis_it_started(redis_url, redis_conn, tmp_path_factory):
    assert not redis_url.startswith("redis://127.0.0.1:6379"), "the machine's own Redis is not the suite's"
    folder = Path(redis_conn.config_get("dir")["dir"]).resolve()
    assert Path(tmp_path_factory.getbasetemp()).resolve() in folder.parents
    assert Redis.from_url(redis_url).config_get("save")["save"] == ""
