"""GET /api/health and the JSON error shape of every failure."""
from __future__ import annotations

import pytest


def test_health_ok_without_auth(client):
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.get_json() == {"success": True, "redis": "ok", "database": "ok"}


def test_health_503_when_redis_is_unreachable(settings, redis_conn):
    from callsheet import create_app

    app = create_app({**settings, "REDIS_URL": "redis://127.0.0.1:1/0"})
    response = app.test_client().get("/api/health")
    assert response.status_code == 503
    body = response.get_json()
    assert body["success"] is False and body["redis"].startswith("error") and body["database"] == "ok"


def test_upload_503_when_redis_is_unreachable(settings, redis_conn, tmp_path):
    from pathlib import Path

    from callsheet import create_app
    from tests.conftest import AuthActions
    from tests.helpers import upload

    app = create_app({**settings, "REDIS_URL": "redis://127.0.0.1:1/0"})
    response = upload(app.test_client(), AuthActions(app).headers())
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "queue_unavailable"
    assert not [p for p in Path(app.config["UPLOAD_DIR"]).rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("get", "/api/nothing-here", 404, "not_found"),
        ("put", "/api/health", 405, "method_not_allowed"),
        ("post", "/api/extraction/queue/stats", 405, "method_not_allowed"),
    ],
)
def test_http_errors_are_json(client, auth, method, path, status, code):
    response = getattr(client, method)(path, headers=auth.headers())
    assert response.status_code == status
    body = response.get_json()
    assert body["success"] is False and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code and body["error"]["message"]


def test_unexpected_error_is_json_500(app, auth):
    @app.route("/api/boom")
    def boom():
        raise RuntimeError("secret internals")

    app.config["TESTING"] = False
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/api/boom")
    assert response.status_code == 500
    body = response.get_json()
    assert body["error"]["code"] == "internal_error"
    assert "secret" not in body["error"]["message"]


def test_openapi_and_swagger_ui_are_served(client):
    spec = client.get("/openapi.json").get_json()
    assert "/api/extraction/upload" in spec["paths"]
    assert "/api/extraction/job/{job_id}" in spec["paths"]
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    page = client.get("/swagger-ui")
    assert page.status_code == 200 and b"swagger-ui" in page.data
