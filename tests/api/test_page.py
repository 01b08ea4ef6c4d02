"""The coordinator page (`GET /`) in a real browser: Playwright driving Debian's chromium.

The app is served over HTTP by werkzeug's server in a thread and a real `worker.py` process
works the queues, on the test's Redis and database. No browser is downloaded: the test
skips when `/usr/bin/chromium` (`apt-get install chromium`, done by `.ci/run`) or
Playwright is missing. Set `PAGE_SCREENSHOTS=/some/folder` to keep a screenshot per step.
"""
from __future__ import annotations

import csv
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.helpers import process_env

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CSV_HEADER = ["name", "role", "department", "phone", "phones", "email", "character", "company", "confidence", "page"]
E164 = re.compile(r"^\+[1-9]\d{6,14}$")
SHOTS = os.environ.get("PAGE_SCREENSHOTS")

playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (requirements)")
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                reason=f"no chromium at {CHROMIUM}: apt-get install -y chromium (.ci/run does)")
expect = playwright_api.expect


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite only: the page sees the same API on every database (tests/api covers both)."""
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
def server(app: Any) -> Iterator[str]:
    """The app on a local port, served by a real HTTP server."""
    from werkzeug.serving import make_server

    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()
    thread.join(10)


@pytest.fixture
def worker(settings: dict[str, Any], redis_conn: Any) -> Iterator[subprocess.Popen]:
    """`worker.py --simple` on every queue, as the Procfile runs it; stopped with SIGTERM."""
    env = process_env(settings, RETRY_BASE_SECONDS="0", LOG_DIR=str(Path(settings["UPLOAD_DIR"]).parent / "logs"))
    process = subprocess.Popen([sys.executable, "worker.py", "--simple"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while not redis_conn.smembers("rq:workers"):
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline, "the worker never registered"
        time.sleep(0.1)
    yield process
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


@pytest.fixture
def page() -> Iterator[Any]:
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(accept_downloads=True, viewport={"width": 1200, "height": 900})
        yield context.new_page()
        browser.close()


def _shot(page: Any, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _api_job(client: Any, headers: dict[str, str], job_id: str) -> dict[str, Any]:
    return client.get(f"/api/extraction/job/{job_id}", headers=headers).get_json()


def test_coordinator_uploads_a_sheet_and_exports_its_contacts(server, worker, page, client, auth, classic_pdf):
    token = auth.token()
    page.goto(f"{server}/?token={token}")
    expect(page.get_by_label("Token", exact=True)).to_have_value(token)
    assert "token" not in page.url  # out of the address bar and the history
    expect(page.locator("#jobs-empty")).to_be_visible()
    _shot(page, "1-opened")

    page.get_by_label("Drop a PDF or a photo").set_input_files(classic_pdf)
    page.get_by_label("Method").select_option("pattern")
    page.get_by_label("Priority").select_option("high")
    with page.expect_response(re.compile(r"/api/extraction/upload$")) as answer:
        page.get_by_role("button", name="Extract contacts").click()
    job_id = answer.value.json()["jobId"]
    expect(page.locator("#progress-box")).to_be_visible()
    _shot(page, "2-uploaded")
    expect(page.locator("#progress")).to_have_attribute("value", "100", timeout=30_000)
    expect(page.locator("#stage")).to_have_text("Done (100 %)")
    expect(page.locator("#results")).to_be_visible()
    _shot(page, "3-contacts")

    job = _api_job(client, auth.headers(), job_id)
    contacts, below = job["results"]["contacts"], job["results"]["belowThreshold"]
    rows = page.locator("#contacts tbody tr")
    expect(rows).to_have_count(len(contacts))
    assert len(contacts) > 0
    headers = page.locator("#contacts thead th").all_inner_texts()
    assert headers == ["Name", "Role", "Department", "Phone", "Email", "Confidence", "Page"]
    first_phones = [row.locator("td").nth(3).inner_text().split("\n")[0] for row in rows.all()]
    assert any(E164.match(phone) for phone in first_phones), first_phones
    assert [p for p in first_phones if p] == [c["phones"][0] for c in contacts if c["phones"]]
    confidences = rows.locator("td:nth-child(6)").all_inner_texts()
    assert confidences == [f"{round(c['confidence'] * 100)} %" for c in contacts]
    expect(page.locator("#below tbody tr")).to_have_count(len(below))
    expect(page.locator("#below-box")).to_be_visible(visible=bool(below))

    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    raw = Path(download.value.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"))))
    assert table[0] == CSV_HEADER and len(table) == 1 + len(contacts)
    assert download.value.suggested_filename == f"{classic_pdf.stem} contacts.csv"
    page.get_by_label("include the contacts to check").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    with open(download.value.path(), encoding="utf-8-sig", newline="") as exported:
        assert len(list(csv.reader(exported))) == 1 + len(contacts) + len(below)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download vCard").click()
    assert Path(download.value.path()).read_text().startswith("BEGIN:VCARD")

    jobs = page.locator("#jobs tbody tr")
    expect(jobs).to_have_count(1)
    expect(jobs.locator("td").nth(1)).to_have_text("completed")
    assert jobs.locator("td").all_inner_texts()[:3] == [classic_pdf.name, "completed", str(len(contacts))]
    _shot(page, "4-exported")

    page.goto(server)  # the token stays for this tab; a job of the list shows its contacts again
    expect(page.get_by_label("Token", exact=True)).to_have_value(token)
    page.get_by_role("button", name=classic_pdf.name).click()
    expect(page.locator("#contacts tbody tr")).to_have_count(len(contacts))


def test_errors_are_told_in_words(server, page, auth):
    page.goto(f"{server}/?token=not-a-token")
    expect(page.get_by_role("alert")).to_contain_text("The token is invalid")
    expect(page.get_by_role("alert")).to_contain_text("Paste a valid token")
    _shot(page, "5-bad-token")

    page.get_by_label("Token", exact=True).fill(auth.token())
    page.get_by_label("Token", exact=True).dispatch_event("change")
    expect(page.get_by_role("alert")).to_be_hidden()
    dropped = page.evaluate_handle(
        "() => { const d = new DataTransfer(); d.items.add(new File(['just words'], 'notes.txt')); return d; }")
    page.dispatch_event("#drop-zone", "drop", {"dataTransfer": dropped})
    expect(page.locator("#file-name")).to_have_text("Ready: notes.txt")
    page.get_by_role("button", name="Extract contacts").click()
    expect(page.get_by_role("alert")).to_contain_text("Export the call sheet as a PDF, or take a photo of it.")
    _shot(page, "6-not-a-sheet")


def test_page_loads_without_a_token_and_from_this_service_only(client):
    answer = client.get("/")
    assert answer.status_code == 200 and answer.mimetype == "text/html"
    policy = answer.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "connect-src 'self'" in policy
    assert answer.headers["Referrer-Policy"] == "no-referrer"
    found = re.findall(r'(?:src|href)="([^"]+)"', answer.get_data(as_text=True))
    assets = [url for url in found if not url.startswith("data:")]
    assert len(assets) == 2 and all(url.startswith("/") and not url.startswith("//") for url in assets)
    for url in assets:
        assert client.get(url).status_code == 200
