"""Which importable packages only the development requirements bring (moto's cryptography, ...).

A benchmark of a process's memory in the development venv counts what a production install
(requirements.txt) never has: PyJWT, for one, imports `cryptography` (~8 MB in a gunicorn
worker) whenever it is installed, and only moto, a test dependency, installs it here.
`hidden_env()` gives a child process an environment in which those packages cannot be imported
(bench/production_site/sitecustomize.py), so it runs as it would from requirements.txt alone.
"""
from __future__ import annotations

import os
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(__file__).resolve().parent / "production_site"
HIDE_VARIABLE = "CALLSHEET_BENCH_HIDE"


def requirements_in(path: Path) -> list[Requirement]:
    """The requirements a pip requirements file lists (options such as `-c` skipped)."""
    found = []
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            found.append(Requirement(line))
    return found


def closure(requirements: list[Requirement]) -> set[str]:
    """Every distribution the requirements install, transitively (markers evaluated, extras followed)."""
    seen: set[str] = set()
    todo = [(req, set(req.extras)) for req in requirements]
    while todo:
        req, extras = todo.pop()
        name = canonicalize_name(req.name)
        if req.marker and not any(req.marker.evaluate({"extra": extra}) for extra in extras or {""}):
            continue
        if name in seen and not req.extras:
            continue
        seen.add(name)
        for sub in metadata.distribution(name).requires or []:
            todo.append((Requirement(sub), set(req.extras) or {""}))
    return seen


def dev_only_modules() -> list[str]:
    """Top-level import names that only distributions outside production's closure provide."""
    production = closure(requirements_in(ROOT / "requirements.txt"))
    hidden = []
    for module, dists in metadata.packages_distributions().items():
        if module.startswith("_") or not module.isidentifier():
            continue
        if all(canonicalize_name(dist) not in production for dist in dists):
            hidden.append(module)
    return sorted(hidden)


def hidden_env(env: dict[str, str]) -> dict[str, str]:
    """`env` for a child that imports only what a production install has."""
    path = os.pathsep.join(filter(None, [str(SITE), env.get("PYTHONPATH")]))
    return dict(env, PYTHONPATH=path, **{HIDE_VARIABLE: ",".join(dev_only_modules())})
