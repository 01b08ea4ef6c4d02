"""`python -m bench` (or `make bench`): every service benchmark, one after the other, into bench/RESULTS.md.

Each benchmark starts what it measures (Redis, database, worker.py, gunicorn) and stops it.
The machine's load is printed with the results: the ratios to floors measured in the same
run are what compare across machines, not the absolute numbers.
"""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import latency, memory, throughput, upload

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=RESULTS.parent, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer jobs and shorter runs (a smoke test)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    scale = 0.1 if args.quick else 1.0
    sections = [
        ("Throughput (bench/throughput.py)", lambda: throughput.run(jobs=max(20, int(300 * scale)),
                                                                       other_jobs=max(20, int(100 * scale)))),
        ("Latency (bench/latency.py)", lambda: latency.run(seconds=max(5, 20 * scale))),
        ("Upload endpoint (bench/upload.py)", lambda: upload.run(seconds=max(3, 10 * scale))),
        ("Memory (bench/memory.py)", lambda: memory.run(jobs=max(100, int(1000 * scale)),
                                                        uploads=max(100, int(1000 * scale)))),
    ]
    started = time.monotonic()
    load = os.getloadavg()
    parts = [
        "# Benchmark results\n",
        f"`python -m bench` at commit {_commit()}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"{os.cpu_count()} CPUs, {platform.python_implementation()} {platform.python_version()}, "
        f"load average at start {load[0]:.1f}. Every figure sits next to its floor measured in the same run.\n",
    ]
    for title, section in sections:
        began = time.monotonic()
        text = section()
        parts.append(f"## {title}\n\n{text}\n_{time.monotonic() - began:.0f} s_\n")
        print(parts[-1], flush=True)
    parts.append(f"Total {time.monotonic() - started:.0f} s; load average at the end {os.getloadavg()[0]:.1f}.\n")
    args.out.write_text("\n".join(parts))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
