"""The worker class gunicorn runs the web with (gunicorn.conf.py): gevent, with read timeouts.

gunicorn's threaded worker gives each connection one of `threads` threads for as long as
its request takes to arrive: 8 clients sending an upload at 1 byte/s held all of them (2
processes x 4) and /api/health timed out. With gevent each connection is a greenlet (a
few kB), so hundreds of slow clients cost sockets, not the other clients' answers
(`GUNICORN_WORKER_CONNECTIONS` per process). gunicorn bounds the request line and headers
(`keepalive` s); `GUNICORN_READ_TIMEOUT` bounds every wait for more of a body, so a client
that stops sending lets go of its connection. psycopg 3, redis-py and botocore cooperate
with gevent's patched sockets; SQLite calls are short and block only their own process.
"""
from __future__ import annotations

import os
from typing import Any

from gunicorn.workers.base_async import AsyncWorker
from gunicorn.workers.ggevent import GeventWorker


def read_timeout() -> float:
    return float(os.environ.get("GUNICORN_READ_TIMEOUT") or 30)


class Worker(GeventWorker):
    """gunicorn's gevent worker; a connection whose client sends nothing for `read_timeout` s is closed."""

    def handle(self, listener: Any, client: Any, addr: Any) -> None:
        client.settimeout(read_timeout())  # GeventWorker would make the socket blocking, without a timeout
        AsyncWorker.handle(self, listener, client, addr)
