"""`python -m bench` (or `make bench`): every service benchmark, one after the other, into bench/RESULTS.md.

Each benchmark starts what it measures (Redis, database, worker.py, gunicorn) and stops it.
The machine's load is printed with the results: the ratios to floors measured in the same
run are what compare across machines, not the absolute numbers. The goals the benchmarks
measured (bench/goals.py) come first, and also go into README.md's "Where the goals stand"
(unless `--out` writes elsewhere).
"""
from __future__ import annotations

import argparse
import importlib
import importlib.util
import inspect
import os
import platform
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import goals as goal_table
from bench import latency, memory, throughput, upload
from bench.goals import Goal

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
README = RESULTS.parent.parent / "README.md"
# Sections other benchmarks add as modules with `run(...) -> str` (and `goals=` if they state goals
# as bench.goals.Goal rows; else the goals table points to their section), with issue 13's goal.
OPTIONAL = (("OCR CPU per page (bench/ocr.py)", "bench.ocr",
             "OCR CPU per page <= 1.2x the tesseract command's on the same image"),
            ("AI tokens per page (bench/ai_cost.py)", "bench.ai_cost",
             "input/output tokens per page next to the page's own text; max_tokens fits the page"))


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=RESULTS.parent, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _optional(module_name: str) -> Callable[..., str] | None:
    if importlib.util.find_spec(module_name) is None:
        return None
    return importlib.import_module(module_name).run


def _call(run: Callable[..., str], goals: list[Goal], title: str = "", goal: str = "", **kwargs: Any) -> str:
    """`run(**kwargs)`, with `goals` when it takes them; else `goal` is listed as shown in section `title`."""
    if "goals" in inspect.signature(run).parameters:
        kwargs["goals"] = goals
    elif goal:
        goals.append(Goal(goal, "in its section", "in its section", f'see "{title}"', None))
    return run(**kwargs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer jobs and shorter runs (a smoke test)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    scale = 0.1 if args.quick else 1.0
    goals: list[Goal] = []
    sections: list[tuple[str, Callable[[], str]]] = [
        ("Throughput (bench/throughput.py)", lambda: _call(throughput.run, goals, jobs=max(20, int(300 * scale)),
                                                           other_jobs=max(20, int(100 * scale)))),
        ("Latency (bench/latency.py)", lambda: _call(latency.run, goals, seconds=max(5, 20 * scale))),
        ("Upload endpoint (bench/upload.py)", lambda: _call(upload.run, goals, seconds=max(3, 10 * scale))),
        ("Memory (bench/memory.py)", lambda: _call(memory.run, goals, jobs=max(100, int(1000 * scale)),
                                                   uploads=max(100, int(1000 * scale)))),
    ]
    missing = []
    for title, module_name, goal in OPTIONAL:
        run = _optional(module_name)
        if run is None:
            missing.append(f"{title}: the module is not in this tree")
        else:
            sections.append((title, lambda run=run, title=title, goal=goal: _call(run, goals, title, goal)))
    started = time.monotonic()
    load = os.getloadavg()
    run_line = (f"`python -m bench` at commit {_commit()}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
                f"{os.cpu_count()} CPUs, {platform.python_implementation()} {platform.python_version()}, "
                f"load average at start {load[0]:.1f}")
    heading = run_line + ". Every figure sits next to its floor measured in the same run."
    parts = []
    for title, section in sections:
        began = time.monotonic()
        text = section()
        parts.append(f"## {title}\n\n{text}\n_{time.monotonic() - began:.0f} s_\n")
        print(parts[-1], flush=True)
    summary = goal_table.markdown(goals, missing)
    end = f"Total {time.monotonic() - started:.0f} s; load average at the end {os.getloadavg()[0]:.1f}.\n"
    args.out.write_text("\n".join(["# Benchmark results\n", heading + "\n", "## Goals\n", summary, *parts, end]))
    print(summary)
    print(f"wrote {args.out}")
    if args.out == RESULTS and goal_table.write_readme(README, summary, f"From {run_line}:"):
        print(f"updated the goals in {README}")


if __name__ == "__main__":
    main()
