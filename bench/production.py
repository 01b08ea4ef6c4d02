"""Which importable packages only the development requirements bring (moto's cryptography, ...).

A benchmark of a process's memory in the development venv counts what a production install
(requirements.txt) never has: PyJWT, for one, imports `cryptography` (~8 MB in a gunicorn
worker) whenever it is installed, and only moto, a test dependency, installs it here.
`hidden_env()` gives a child process an environment in which those packages cannot be imported
(bench/production_site/sitecustomize.py), so it runs as it would from requirements.txt alone.
"""
from __future__ import annotations

import os
import re
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(__file__).resolve().parent / "production_site"
HIDE_VARIABLE = "CALLSHEET_BENCH_HIDE"


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _listed(requirements: Path) -> list[Requirement]:
    found = []
    for line in requirements.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            found.append(Requirement(line))
    return found


def production_distributions(requirements: Path = ROOT / "requirements.txt") -> set[str]:
    """requirements.txt's distributions and everything they need, as installed here."""
    seen: set[str] = set()
    todo = [(req, frozenset(req.extras)) for req in _listed(requirements)]
    while todo:
        req, extras = todo.pop()
        if req.marker is not None and not any(req.marker.evaluate({"extra": e}) for e in extras or {""}):
            continue
        name = _canonical(req.name)
        if name in seen:
            continue
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            continue
        seen.add(name)
        for child in dist.requires or []:
            todo.append((Requirement(child), frozenset(req.extras)))
    return seen


def dev_only_modules() -> list[str]:
    """Top-level import names that only distributions outside production's closure provide."""
    production = production_distributions()
    hidden = []
    for module, dists in metadata.packages_distributions().items():
        if module.startswith("_") or not module.isidentifier():
            continue
        if all(_canonical(dist) not in production for dist in dists):
            hidden.append(module)
    return sorted(hidden)


def hidden_env(env: dict[str, str]) -> dict[str, str]:
    """`env` for a child that imports only what a production install has."""
    path = os.pathsep.join(filter(None, [str(SITE), env.get("PYTHONPATH")]))
    return dict(env, PYTHONPATH=path, **{HIDE_VARIABLE: ",".join(dev_only_modules())})
