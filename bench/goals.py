"""The goals of one `make bench` run, each figure next to its floor, and where they are written.

A benchmark's `run(..., goals=...)` appends a `Goal` per figure it measures against a goal;
`python -m bench` puts the table at the top of bench/RESULTS.md and between the markers of
README.md's "Where the goals stand", so the README says what that very run measured.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bench.report import table

START, END = "<!-- bench goals: start -->", "<!-- bench goals: end -->"


@dataclass(frozen=True)
class Goal:
    name: str
    figure: float | str
    floor: float | str
    goal: str
    met: bool | None  # None: no pass/fail, a figure to watch
    note: str = ""
    ratio: float | None = None  # figure / floor, when both are numbers

    @classmethod
    def against(cls, name: str, figure: float, floor: float, limit: float, note: str = "",
                unit: str = "", by_ratio: bool = False, at_least: bool = False) -> Goal:
        """A goal on `figure` (or on figure/floor with `by_ratio`): at most `limit`, or at least."""
        ratio = figure / floor if floor else float("nan")
        value = ratio if by_ratio else figure
        met = value >= limit if at_least else value <= limit
        sign = ">=" if at_least else "<="
        goal = f"{sign} {limit:,g}x floor" if by_ratio else f"{sign} {limit:,g}{unit}"
        return cls(name, figure, floor, goal, met, note, ratio)


def markdown(goals: list[Goal], missing: list[str]) -> str:
    """The goals table, then a line per section that could not be measured in this run."""
    rows = [[goal.name, goal.figure, goal.floor, "-" if goal.ratio is None else goal.ratio, goal.goal,
             {True: "met", False: "**not met**", None: "-"}[goal.met], goal.note] for goal in goals]
    text = table(["goal", "figure", "floor (same run)", "x floor", "goal", "", "note"], rows)
    if missing:
        text += "\n\n" + "\n".join(f"- not measured in this run: {line}" for line in missing)
    return text + "\n"


def write_readme(readme: Path, text: str, heading: str) -> bool:
    """Replace what stands between the markers of `readme` by `heading` and `text`; False without markers."""
    content = readme.read_text()
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if not pattern.search(content):
        return False
    readme.write_text(pattern.sub(lambda _: f"{START}\n{heading}\n\n{text}{END}", content, count=1))
    return True
