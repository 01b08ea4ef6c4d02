"""The web process never loads the extraction engines (PyMuPDF, the AI and AWS SDKs)."""
from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

PROBE = """
import io, sys
from callsheet import create_app
from callsheet.auth import issue_token
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
