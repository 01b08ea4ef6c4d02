"""API docs that work offline: /openapi.json is valid OpenAPI 3, Swagger UI comes from the service.

The browser test runs Debian's chromium through Playwright with every request that does
not go to the service itself aborted, as on a machine without internet.
"""
from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from openapi_spec_validator import validate

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """One database: the document does not depend on it."""
    return f"sqlite:///{tmp_path / 'docs.sqlite3'}"


def test_openapi_document_is_valid_openapi_3(client):
    document = client.get("/openapi.json").get_json()
    validate(document)  # raises on any error, e.g. Swagger 2 `formData` parameters
    assert document["openapi"].startswith("3.")


def test_upload_declares_one_multipart_body_with_every_field(client):
    document = client.get("/openapi.json").get_json()
    operation = document["paths"]["/api/extraction/upload"]["post"]
    assert all(p["in"] != "formData" for p in operation.get("parameters", []))
    body = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
    schema = document["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]
    assert set(schema["properties"]) == {"file", "extractionMethod", "priority", "options", "callbackUrl"}
    assert schema["properties"]["file"] == {**schema["properties"]["file"], "type": "string", "format": "binary"}
    assert schema["required"] == ["file"]
    headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
    assert "Idempotency-Key" in headers


def test_every_route_of_the_readme_is_documented(client):
    paths = client.get("/openapi.json").get_json()["paths"]
    expected = {("/api/extraction/upload", "post"), ("/api/extraction/jobs", "get"),
                ("/api/extraction/job/{job_id}", "get"), ("/api/extraction/job/{job_id}", "delete"),
                ("/api/extraction/job/{job_id}/contacts.csv", "get"),
                ("/api/extraction/job/{job_id}/contacts.vcf", "get"),
                ("/api/extraction/job/{job_id}/results", "delete"), ("/api/extraction/queue/stats", "get")}
    assert expected <= {(path, method) for path, item in paths.items() for method in item}
    csv_answer = paths["/api/extraction/job/{job_id}/contacts.csv"]["get"]["responses"]["200"]
    assert "text/csv" in csv_answer["content"]


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.urls.append(value)


def test_swagger_ui_assets_come_from_the_service(client):
    page = client.get("/swagger-ui")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "cdn" not in html.lower() and not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    parser = _Assets()
    parser.feed(html)
    assert len(parser.urls) >= 3
    for url in parser.urls:
        asset = client.get(urljoin("http://localhost/swagger-ui", url))
        assert asset.status_code == 200, url
        assert len(asset.data) > 1000
    bundle = client.get(urljoin("http://localhost/swagger-ui", next(u for u in parser.urls if "bundle" in u)))
    assert bundle.mimetype in ("text/javascript", "application/javascript")


@pytest.fixture
def server(app: Any) -> Iterator[str]:
    from werkzeug.serving import make_server

    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()
    thread.join(10)


def test_swagger_ui_shows_the_operations_without_internet(server):
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (requirements-dev)")
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no chromium at {CHROMIUM}: apt-get install -y chromium (.ci/run does)")
    outside: list[str] = []

    def offline(route: Any) -> None:
        if route.request.url.startswith(server):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort("internetdisconnected")

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        try:
            page = browser.new_page()
            page.route("**/*", offline)
            page.goto(f"{server}/swagger-ui")
            upload = page.locator(".opblock").filter(has_text="/api/extraction/upload")
            sync_api.expect(upload).to_be_visible(timeout=20_000)
            assert page.locator(".opblock").count() >= 10
            for path in ("/api/extraction/jobs", "/api/extraction/job/{job_id}/contacts.vcf"):
                sync_api.expect(page.locator(".opblock").filter(has_text=path).first).to_be_visible()
            upload.locator(".opblock-summary").click()
            sync_api.expect(upload.get_by_text("Request body", exact=True)).to_be_visible()
            lines = {re.sub(r"\W*\*$", "", line.strip()) for line in upload.inner_text().splitlines()}
            assert {"file", "extractionMethod", "priority", "options", "callbackUrl"} <= lines
        finally:
            browser.close()
    assert outside == [], f"the page asked the internet for {outside}"
