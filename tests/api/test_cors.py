"""CORS: a browser app on a listed origin may call the extraction API; others get no CORS headers."""
from __future__ import annotations

import pytest

from tests.helpers import upload

APP_ORIGIN = "https://coordinator.example.com"
ROUTES = [("POST", "/api/extraction/upload"), ("GET", "/api/extraction/jobs"),
          ("GET", "/api/extraction/job/{job}"), ("DELETE", "/api/extraction/job/{job}"),
          ("GET", "/api/extraction/job/{job}/contacts.csv"), ("GET", "/api/extraction/job/{job}/contacts.vcf"),
          ("DELETE", "/api/extraction/job/{job}/results"), ("GET", "/api/extraction/queue/stats")]


@pytest.fixture
def settings(settings):
    return {**settings, "CORS_ORIGINS": [APP_ORIGIN, "http://localhost:3000"]}


def _preflight(client, path: str, method: str, origin: str):
    return client.options(path, headers={
        "Origin": origin, "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": "authorization, content-type, idempotency-key"})


@pytest.mark.parametrize(("method", "route"), ROUTES)
def test_preflight_from_a_listed_origin_needs_no_token(client, auth, method, route):
    job = upload(client, auth.headers()).get_json()["jobId"]
    response = _preflight(client, route.format(job=job), method, APP_ORIGIN)
    assert 200 <= response.status_code < 300, response.get_data(as_text=True)
    assert response.headers["Access-Control-Allow-Origin"] == APP_ORIGIN
    allowed = {h.strip().lower() for h in response.headers["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "content-type", "idempotency-key"} <= allowed
    assert method in response.headers["Access-Control-Allow-Methods"]
    assert "Origin" in response.headers.get("Vary", "")


def test_answers_carry_the_origin_and_expose_location(client, auth):
    response = upload(client, {**auth.headers(), "Origin": "http://localhost:3000"})
    assert response.status_code == 202
    assert response.headers["Access-Control-Allow-Origin"] == "http://localhost:3000"
    exposed = response.headers["Access-Control-Expose-Headers"]
    assert "Location" in exposed and "Retry-After" in exposed and "Content-Disposition" in exposed
    unauthorised = client.get("/api/extraction/jobs", headers={"Origin": APP_ORIGIN})
    assert unauthorised.status_code == 401  # the token is still required for the request itself
    assert unauthorised.headers["Access-Control-Allow-Origin"] == APP_ORIGIN  # so the app can read the 401


def test_an_unlisted_origin_gets_no_cors_headers(client, auth):
    response = _preflight(client, "/api/extraction/upload", "POST", "https://evil.example.net")
    assert "Access-Control-Allow-Origin" not in response.headers
    got = client.get("/api/extraction/jobs", headers={**auth.headers(), "Origin": "https://evil.example.net"})
    assert got.status_code == 200 and "Access-Control-Allow-Origin" not in got.headers


def test_without_cors_origins_there_are_no_cors_headers(settings, redis_conn):
    from callsheet import create_app
    from callsheet.api.auth import issue_token
    from callsheet.extensions import db

    app = create_app({**settings, "CORS_ORIGINS": []})
    client, headers = app.test_client(), {"Authorization": f"Bearer {issue_token(app, 'alice', 1)}"}
    response = _preflight(client, "/api/extraction/upload", "POST", APP_ORIGIN)
    assert "Access-Control-Allow-Origin" not in response.headers
    got = client.get("/api/extraction/jobs", headers={**headers, "Origin": APP_ORIGIN})
    assert got.status_code == 200 and "Access-Control-Allow-Origin" not in got.headers
    with app.app_context():
        db.engine.dispose()


def test_cors_origins_setting_is_split_at_commas():
    from callsheet.config import from_env

    assert from_env("/tmp", {})["CORS_ORIGINS"] == []
    assert from_env("/tmp", {"CORS_ORIGINS": " https://a.example/, http://localhost:3000 ,"})["CORS_ORIGINS"] == [
        "https://a.example", "http://localhost:3000"]


def test_requests_without_origin_get_no_cors_headers(client, auth):
    response = upload(client, auth.headers())
    assert response.status_code == 202 and "Access-Control-Allow-Origin" not in response.headers
