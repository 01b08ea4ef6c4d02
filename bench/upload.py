"""Uploads per second and p50/p99 of `POST /api/extraction/upload` under closed-loop load.

    .venv/bin/python -m bench.upload [--seconds S] [--concurrency C] [--database sqlite|postgresql] [--slow N]

gunicorn runs with the Procfile's flags (gunicorn.conf.py: 2 gevent workers) and serves the callsheet
app plus `POST /bench/noop` (bench/webapp.py), which answers a constant without reading
the body: the floor of one request through the same gunicorn, the same client and the
same 2-page PDF body. No RQ worker runs, so the queue only grows (what the endpoint does
does not depend on it being worked). Then the same upload load again while `--slow` (200)
other connections send an upload at one byte a second (bench.client.SlowClients): the web
must keep its rate and p99 with them open (issue 13's goal, measured in the same run).
"""
from __future__ import annotations

import argparse

from bench.client import Request, SlowClients, closed_loop, multipart
from bench.goals import Goal
from bench.report import children, cpu_seconds, percentile, table
from bench.stack import DOCUMENT, Stack

GOAL_RATE, GOAL_P99_MS = 300, 50


def requests(stack: Stack) -> tuple[Request, Request]:
    """The upload request and the same request to the floor endpoint."""
    from callsheet.api.auth import issue_token

    token = issue_token(stack.app(), "bench-user")
    body, content_type = multipart(DOCUMENT, {"extractionMethod": "pattern", "priority": "normal"})
    headers = {"Authorization": f"Bearer {token}", "Content-Type": content_type}
    return (Request("POST", "/api/extraction/upload", body, headers),
            Request("POST", "/bench/noop", body, headers))


def measure(seconds: float, concurrency: int, database: str = "sqlite", slow: int = 0) -> dict[str, tuple]:
    """(per second, p50 ms, p99 ms, failures by HTTP status, gunicorn CPU ms each) of the floor, the
    upload, and (with `slow`) the upload while `slow` slow clients hold connections open."""
    found = {}
    with Stack(database=database) as stack:
        base = stack.start_gunicorn()
        upload, noop = requests(stack)
        closed_loop(base, noop, concurrency, 1.0)
        closed_loop(base, upload, concurrency, 1.0)
        pids = children(stack.gunicorn.pid)
        runs = [("floor", noop, 0), ("upload", upload, 0)] + ([("upload, slow clients", upload, slow)] if slow else [])
        for name, request, slow_clients in runs:
            cpu = sum(cpu_seconds(pid) for pid in pids)
            if slow_clients:
                with SlowClients(base, upload, slow_clients) as held:
                    outcome = closed_loop(base, request, concurrency, seconds)
                    found["slow clients still open"] = held.still_open()
            else:
                outcome = closed_loop(base, request, concurrency, seconds)
            if not outcome.latencies:
                log = (stack.folder / "gunicorn.log").read_text(errors="replace")[-3000:]
                raise RuntimeError(f"no {name} request succeeded ({dict(outcome.failures)}); gunicorn log:\n{log}")
            cpu_ms = (sum(cpu_seconds(pid) for pid in pids) - cpu) * 1000 / max(1, len(outcome.latencies))
            ms = [s * 1000 for s in outcome.latencies]
            errors = ", ".join(f"{count} x {status or 'connection'}" for status, count in outcome.failures.items())
            found[name] = (outcome.rate, percentile(ms, 50), percentile(ms, 99), errors or "0", cpu_ms)
    return found


def _goals(found: dict[str, tuple], slow: int) -> list[Goal]:
    """Rate and p99 of the uploads, and of the uploads while slow clients hold connections (when measured)."""
    goals = []
    for key, label in (("upload", "uploads"), ("upload, slow clients", f"uploads with {slow} slow connections open")):
        if key in found:
            rate, _, p99, *_ = found[key]
            floor = found["floor"]
            goals.append(Goal.against(f"{label}: per second", rate, floor[0], GOAL_RATE, at_least=True,
                                      note="floor: a trivial endpoint of the same gunicorn"))
            goals.append(Goal.against(f"{label}: p99 ms", p99, floor[2], GOAL_P99_MS, unit=" ms"))
    return goals


def run(seconds: float = 10, concurrency: int = 8, database: str = "sqlite", slow: int = 200,
        goals: list[Goal] | None = None) -> str:
    found = measure(seconds, concurrency, database, slow)
    if goals is not None:
        goals.extend(_goals(found, slow))
    floor, upload = found["floor"], found["upload"]
    rows = [
        ["requests/s", upload[0], floor[0], floor[0] / upload[0] if upload[0] else float("nan"), f">= {GOAL_RATE}"],
        ["p50 ms", upload[1], floor[1], upload[1] / floor[1], ""],
        ["p99 ms", upload[2], floor[2], upload[2] / floor[2], f"< {GOAL_P99_MS}"],
        ["failed requests", upload[3], floor[3], "", "0"],
        ["gunicorn CPU ms/request", upload[4], floor[4], upload[4] / floor[4] if floor[4] else float("nan"), ""],
    ]
    head = table(["POST, 2-page PDF body", "upload", "floor: trivial endpoint", "x floor", "goal"], rows)
    if slow:
        held = found["upload, slow clients"]
        head += "\n\n" + table(
            [f"upload while {slow} slow clients send 1 byte/s", "upload", "same run, no slow clients", "goal"],
            [["requests/s", held[0], upload[0], f">= {GOAL_RATE}"], ["p50 ms", held[1], upload[1], ""],
             ["p99 ms", held[2], upload[2], f"<= {GOAL_P99_MS}"], ["failed requests", held[3], upload[3], "0"],
             ["slow connections still open at the end", found["slow clients still open"], "", f"{slow}"]])
    ceiling = 2000 / upload[4] if upload[4] else float("nan")
    return (f"At {upload[4]:.1f} CPU ms per upload in gunicorn, 2 cores (with nothing else running, not even "
            f"the client) could take at most {ceiling:,.0f} uploads/s.\n\n"
            f"gunicorn 2 gevent workers, closed loop of {concurrency} connections for {seconds:.0f} s "
            f"each ({database}); 'x floor' is how many times slower the upload is.\n\n{head}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--slow", type=int, default=200, help="slow clients open during the last run (0: none)")
    args = parser.parse_args()
    print(run(args.seconds, args.concurrency, args.database, args.slow))


if __name__ == "__main__":
    main()
