"""Per-user limits: uploads per minute (Flask-Limiter on Redis) and jobs queued at once."""
from __future__ import annotations

import pytest

from callsheet.api.quotas import storage_uri
from tests.conftest import AuthActions
from tests.helpers import upload, work


def _app(settings, **limits):
    from callsheet import create_app

    return create_app({**settings, **limits})


def test_uploads_per_minute_are_limited_per_user(settings, redis_conn):
    app = _app(settings, UPLOAD_RATE_LIMIT="3 per minute")
    client, auth = app.test_client(), AuthActions(app)
    answers = [upload(client, auth.headers("alice")) for _ in range(4)]
    assert [a.status_code for a in answers] == [202, 202, 202, 429]
    assert answers[0].headers["X-RateLimit-Limit"] == "3"
    refused = answers[-1]
    body = refused.get_json()
    assert body["success"] is False and body["error"]["code"] == "rate_limited"
    assert "3 per 1 minute" in body["error"]["message"]
    assert 0 < int(refused.headers["Retry-After"]) <= 61
    assert upload(client, auth.headers("bob")).status_code == 202, "another user has a budget of their own"
    assert redis_conn.keys("callsheet*"), "the counters live in the app's Redis"


def test_queued_jobs_at_once_are_limited(settings, redis_conn):
    app = _app(settings, MAX_QUEUED_JOBS=2)
    client, auth = app.test_client(), AuthActions(app)
    assert [upload(client, auth.headers()).status_code for _ in range(2)] == [202, 202]
    refused = upload(client, auth.headers())
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "30"
    assert refused.get_json()["error"]["code"] == "too_many_queued_jobs"
    assert upload(client, auth.headers("bob")).status_code == 202
    work(app)  # the queued jobs end (these tiny PDFs fail), so alice may upload again
    assert upload(client, auth.headers()).status_code == 202


def test_limits_can_be_turned_off(settings, redis_conn):
    app = _app(settings, UPLOAD_RATE_LIMIT="1 per minute", MAX_QUEUED_JOBS=1, RATELIMIT_ENABLED=False)
    client, auth = app.test_client(), AuthActions(app)
    assert [upload(client, auth.headers()).status_code for _ in range(3)] == [202, 202, 202]


@pytest.mark.parametrize(("url", "uri"), [
    ("unix:///tmp/x/redis.sock?db=0", "redis+unix:///tmp/x/redis.sock?db=0"),
    ("redis://127.0.0.1:6379/3", "redis://127.0.0.1:6379/3"),
])
def test_storage_uri_accepts_the_embedded_redis(url, uri):
    assert storage_uri(url) == uri


def test_limits_work_on_the_embedded_redis(settings, tmp_path):
    from callsheet.queueing import broker

    folder = str(tmp_path / "embedded")
    url = broker.start_embedded(folder)
    try:
        app = _app({**settings, "REDIS_URL": url}, UPLOAD_RATE_LIMIT="1 per minute")
        client, auth = app.test_client(), AuthActions(app)
        assert [upload(client, auth.headers()).status_code for _ in range(2)] == [202, 429]
    finally:
        broker.stop_embedded(folder)
