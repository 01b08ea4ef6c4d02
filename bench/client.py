"""A small HTTP load client: closed loop (N threads back to back) or open loop (fixed arrival rate).

Each thread keeps one keep-alive connection (gunicorn's gthread workers keep them open).
The open loop measures every request from its *scheduled* start, so a stalled server is
not hidden by requests that were never sent (coordinated omission).
"""
from __future__ import annotations

import http.client
import json
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit


def multipart(document: Path, fields: dict[str, str]) -> tuple[bytes, str]:
    """The body and content type of an upload form with `file` = `document`."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{document.name}"\r\n'
        f"Content-Type: application/pdf\r\n\r\n".encode() + document.read_bytes() + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@dataclass
class Request:
    method: str
    path: str
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests only
    errors: int = 0
    failures: Counter = field(default_factory=Counter)  # HTTP status (0: connection error) -> count
    bodies: list[tuple[float, dict]] = field(default_factory=list)  # (sent at, JSON) if kept
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


class Connection:
    """One keep-alive connection, reopened after an error."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.conn: http.client.HTTPConnection | None = None

    def send(self, request: Request) -> tuple[int, bytes]:
        """Send `request`; a kept-alive connection the server has closed meanwhile is reopened once."""
        reused = self.conn is not None
        try:
            return self._send(request)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            if not reused:
                raise
            return self._send(request)  # gunicorn closes idle keep-alive connections (keepalive = 5 s)

    def _send(self, request: Request) -> tuple[int, bytes]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            self.conn.request(request.method, request.path, body=request.body, headers=request.headers)
            response = self.conn.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise


def closed_loop(base_url: str, request: Request, concurrency: int, seconds: float,
                expect: int = 202, keep: bool = False, limit: int | None = None) -> Outcome:
    """`concurrency` threads send `request` back to back for `seconds` (or `limit` requests)."""
    outcome = Outcome()
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    tickets = iter(range(limit)) if limit is not None else None

    def loop() -> None:
        connection = Connection(base_url)
        mine: list[float] = []
        kept: list[tuple[float, dict]] = []
        errors = 0
        failures: Counter = Counter()
        while time.monotonic() < stop_at:
            if tickets is not None and next(tickets, None) is None:
                break
            sent_wall, start = time.time(), time.perf_counter()
            try:
                status, body = connection.send(request)
            except (OSError, http.client.HTTPException):
                errors += 1
                failures[0] += 1
                continue
            if status != expect:
                errors += 1
                failures[status] += 1
                continue
            mine.append(time.perf_counter() - start)
            if keep:
                kept.append((sent_wall, json.loads(body)))
        with lock:
            outcome.latencies += mine
            outcome.bodies += kept
            outcome.errors += errors
            outcome.failures.update(failures)

    started = time.monotonic()
    threads = [threading.Thread(target=loop) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcome.seconds = time.monotonic() - started
    return outcome


def open_loop(base_url: str, request: Request, rate: float, seconds: float, expect: int = 202,
              threads: int = 64, on_response: Callable[[float, dict], None] | None = None) -> Outcome:
    """Send `request` at `rate` per second for `seconds`, whatever the server's pace."""
    outcome = Outcome()
    lock = threading.Lock()
    local = threading.local()
    count = int(rate * seconds)
    origin = time.monotonic() + 0.05
    wall_origin = time.time() + 0.05

    def fire(index: int) -> None:
        scheduled = origin + index / rate
        delay = scheduled - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        if not hasattr(local, "connection"):
            local.connection = Connection(base_url)
        try:
            status, body = local.connection.send(request)
        except (OSError, http.client.HTTPException):
            status, body = 0, b""
        latency = time.monotonic() - scheduled
        with lock:
            if status != expect:
                outcome.errors += 1
                outcome.failures[status] += 1
                return
            outcome.latencies.append(latency)
        if on_response is not None:
            on_response(wall_origin + index / rate, json.loads(body))

    with ThreadPoolExecutor(max_workers=threads) as pool:
        for index in range(count):
            pool.submit(fire, index)
    outcome.seconds = time.monotonic() - origin
    return outcome


class SlowClients:
    """`count` connections sending `request`'s headers, then its body at one byte a second (a bad
    mobile link, or a slowloris): open while the `with` block runs, closed at its end."""

    def __init__(self, base_url: str, request: Request, count: int, body_bytes: int = 10 * 1024 * 1024) -> None:
        import socket

        address = urlsplit(base_url)
        headers = {**request.headers, "Host": address.netloc, "Content-Length": str(body_bytes)}
        head = f"{request.method} {request.path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        self.sockets = []
        for _ in range(count):
            sock = socket.create_connection((address.hostname, address.port), timeout=5)
            sock.sendall(head.encode() + b"\r\n")
            self.sockets.append(sock)
        self.body = request.body
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._trickle, daemon=True)

    def _trickle(self) -> None:
        sent = 0
        while not self.stop.wait(1.0):
            for sock in self.sockets:
                try:
                    sock.send(self.body[sent:sent + 1] or b"x")
                except OSError:
                    pass
            sent += 1

    def __enter__(self) -> SlowClients:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
        for sock in self.sockets:
            sock.close()

    def still_open(self) -> int:
        """How many of the connections the server has not closed."""
        import select

        readable, _, _ = select.select(self.sockets, [], [], 0)
        return len(self.sockets) - len(readable)
