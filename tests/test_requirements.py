"""What is installed where: requirements.txt is what the service runs (and all the Docker image
gets), requirements-dev.txt adds the test and lint tools, and the README's test command (the one
.ci/run runs) installs both."""
from __future__ import annotations

import ast
import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.utils import canonicalize_name

from bench.production import closure, requirements_in
from tests.conftest import ROOT

SERVICE_CODE = [*sorted((ROOT / "callsheet").rglob("*.py")), *(ROOT / name for name in
                ("worker.py", "scheduler.py", "wsgi.py", "gunicorn.conf.py"))]
TOOLS = {"pytest", "ruff", "moto", "hypothesis", "schemathesis", "openapi-spec-validator", "requests", "playwright"}


def _imported_top_levels(paths: list[Path]) -> set[str]:
    names = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return {name for name in names if name not in sys.stdlib_module_names and name not in ("callsheet", "__future__")}


def test_every_pin_is_exact():
    for path in (ROOT / "requirements.txt", ROOT / "requirements-dev.txt"):
        for req in requirements_in(path):
            assert len(req.specifier) == 1 and next(iter(req.specifier)).operator == "==", f"{path.name}: {req}"


def test_the_service_needs_nothing_from_the_devrequirements_in():
    runtime = closure(requirements_in(ROOT / "requirements.txt"))
    providers = metadata.packages_distributions()
    missing = {module: providers.get(module) for module in _imported_top_levels(SERVICE_CODE)
               if not {canonicalize_name(d) for d in providers.get(module, [])} & runtime}
    assert missing == {}, "imported by the service but not installed by requirements.txt"


def test_test_and_lint_tools_are_dev_only():
    runtime = {canonicalize_name(req.name) for req in requirements_in(ROOT / "requirements.txt")}
    assert not runtime & TOOLS
    dev = ROOT / "requirements-dev.txt"
    assert "-r requirements.txt" in dev.read_text().splitlines()
    assert {"pytest", "ruff", "openapi-spec-validator"} <= {canonicalize_name(r.name) for r in requirements_in(dev)}


def test_readme_test_command_is_what_ci_runs_and_installs_both():
    readme = (ROOT / "README.md").read_text()
    commands = re.findall(r"^python3\.11 -m venv .*pytest.*$", readme, flags=re.MULTILINE)
    assert commands, "the README's test command"
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert commands[0] in ci, ".ci/run must run exactly the README's test command"
    assert "-r requirements-dev.txt" in commands[0]


def test_the_docker_image_installs_only_requirements_txt():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install -r requirements.txt" in dockerfile and "requirements-dev" not in dockerfile
