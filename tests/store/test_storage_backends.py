"""The storage interface on both backends: a local directory and S3 (moto's standalone server
over real HTTP), plus S3 specifics: prefix, server-side encryption, temporary downloads; and an
upload to a store that refuses it (no directory, a full disk, S3 errors) answers 503."""
from __future__ import annotations

import io
import os
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import boto3
import pytest

from callsheet.store.s3 import S3Storage
from callsheet.store.uploads import LocalStorage, from_config


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server on a random local port, with dummy credentials for boto3."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    saved = {name: os.environ.get(name) for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")}
    os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing")
    yield f"http://{host}:{port}"
    server.stop()
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture
def s3_config(s3_endpoint: str) -> dict:
    bucket = f"callsheet-test-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1").create_bucket(Bucket=bucket)
    return {"S3_BUCKET": bucket, "S3_PREFIX": "uploads/", "S3_SSE": "AES256", "S3_ENDPOINT_URL": s3_endpoint,
            "S3_REGION": "us-east-1", "UPLOAD_DIR": "/nonexistent"}


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path) -> object:
    if request.param == "local":
        return from_config({"UPLOAD_DIR": str(tmp_path / "uploads")})
    return from_config(request.getfixturevalue("s3_config"))


def test_backend_is_chosen_by_settings(store, request):
    expected = S3Storage if "s3" in request.node.callspec.id else LocalStorage
    assert isinstance(store, expected)


def test_save_read_delete(store):
    key = store.save(io.BytesIO(b"%PDF-1.7 body"), "ab/c.pdf")
    assert key == "ab/c.pdf" and store.exists(key)
    with store.local_path(key) as path:
        assert path.read_bytes() == b"%PDF-1.7 body"
        assert path.suffix == ".pdf"
    assert store.delete(key) is True
    assert store.delete(key) is False  # idempotent
    assert not store.exists(key)
    with pytest.raises(FileNotFoundError), store.local_path(key):
        pass


def test_keys_cannot_escape(store):
    with pytest.raises(ValueError):
        store.save(io.BytesIO(b"x"), "../outside.pdf")


def test_list_older_than(store):
    store.save(io.BytesIO(b"one"), "a/one.pdf")
    assert store.list_older_than(timedelta(hours=1)) == []
    assert store.list_older_than(timedelta(seconds=-60)) == ["a/one.pdf"]


def test_check_passes_when_reachable(store):
    store.check()


def test_s3_objects_are_encrypted_under_the_prefix(s3_config):
    store = from_config(s3_config)
    store.save(io.BytesIO(b"%PDF"), "k/x.pdf")
    client = boto3.client("s3", endpoint_url=s3_config["S3_ENDPOINT_URL"], region_name="us-east-1")
    head = client.head_object(Bucket=s3_config["S3_BUCKET"], Key="uploads/k/x.pdf")
    assert head["ServerSideEncryption"] == "AES256"


def test_s3_download_is_removed_after_use(s3_config, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    store = from_config(s3_config)
    store.save(io.BytesIO(b"%PDF"), "k/y.pdf")
    with store.local_path("k/y.pdf") as path:
        assert path.parent == tmp_path and path.exists()
    assert not path.exists() and list(tmp_path.iterdir()) == []


def test_s3_check_fails_for_a_missing_bucket(s3_config):
    from botocore.exceptions import ClientError

    with pytest.raises(ClientError):
        from_config({**s3_config, "S3_BUCKET": "no-such-bucket-" + uuid.uuid4().hex[:8]}).check()


def test_upload_extract_and_cleanup_through_s3(settings, s3_config, redis_conn, classic_pdf, tmp_path):
    """The whole path on S3: the web stores the upload in the bucket, a forking worker
    downloads it to its own temporary file, and the scheduled deletion empties the bucket."""
    from callsheet import create_app
    from callsheet.extensions import db
    from tests.conftest import AuthActions
    from tests.helpers import upload, work

    app = create_app({**settings, **s3_config, "UPLOAD_DIR": str(tmp_path / "unused")})
    client, auth = app.test_client(), AuthActions(app)
    body = upload(client, auth.headers(), path=classic_pdf, extractionMethod="pattern").get_json()
    listed = boto3.client("s3", endpoint_url=s3_config["S3_ENDPOINT_URL"], region_name="us-east-1").list_objects_v2
    keys = [item["Key"] for item in listed(Bucket=s3_config["S3_BUCKET"]).get("Contents", [])]
    assert len(keys) == 1 and keys[0].startswith("uploads/") and keys[0].endswith(".pdf")
    work(app, queues=("extraction",), forking=True)
    job = client.get(f"/api/extraction/job/{body['jobId']}", headers=auth.headers()).get_json()
    assert job["status"] == "completed" and job["results"]["contacts"], job
    assert not (tmp_path / "unused").exists()
    import time

    time.sleep(app.config["CLEANUP_DELAY"] + 0.2)
    work(app, queues=("cleanup",), scheduler=True)
    assert listed(Bucket=s3_config["S3_BUCKET"]).get("KeyCount") == 0
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_s3_clients_made_by_concurrent_requests(s3_config):
    """gunicorn threads: the first uploads of a process make the S3 client at the same time."""
    from concurrent.futures import ThreadPoolExecutor

    from callsheet.store import s3 as s3_storage

    s3_storage._cached_client.cache_clear()
    with ThreadPoolExecutor(8) as pool:
        keys = list(pool.map(lambda n: from_config(s3_config).save(io.BytesIO(b"%PDF"), f"c/{n}.pdf"), range(16)))
    assert sorted(from_config(s3_config).list_older_than(timedelta(seconds=-60))) == sorted(keys)


def test_s3_settings_from_the_environment():
    from callsheet.config import from_env

    env = {"S3_BUCKET": "b", "AWS_ENDPOINT_URL": "http://all:1", "AWS_ENDPOINT_URL_S3": "http://s3:2",
           "AWS_REGION": "eu-west-3", "S3_SSE": "aws:kms", "S3_SSE_KMS_KEY_ID": "key-1"}
    config = from_env("/tmp", env)
    assert config["S3_ENDPOINT_URL"] == "http://s3:2" and config["S3_REGION"] == "eu-west-3"
    assert from_env("/tmp", {"AWS_ENDPOINT_URL": "http://all:1"})["S3_ENDPOINT_URL"] == "http://all:1"
    assert from_env("/tmp", {})["S3_SSE"] == "AES256" and from_env("/tmp", {})["S3_BUCKET"] is None
    store = S3Storage.from_config(config)
    assert store.extra == {"ServerSideEncryption": "aws:kms", "SSEKMSKeyId": "key-1"}
    assert store.client.meta.endpoint_url == "http://s3:2"
    assert S3Storage.from_config({**config, "S3_SSE": "none"}).extra == {}


def _refused_upload(settings: dict, redis_conn, classic_pdf, **overrides) -> None:
    """An upload to an unwritable store: 503 storage_unavailable with Retry-After, no row, nothing queued."""
    from sqlalchemy import func, select

    from callsheet import create_app
    from callsheet.extensions import db
    from callsheet.store.models import ExtractionJob
    from tests.conftest import AuthActions
    from tests.helpers import upload

    app = create_app({**settings, **overrides})
    response = upload(app.test_client(), AuthActions(app).headers(), path=classic_pdf, extractionMethod="pattern")
    assert response.status_code == 503, response.get_json()
    assert response.get_json()["error"]["code"] == "storage_unavailable"
    assert response.headers["Retry-After"] == str(app.config["RETRY_AFTER_SECONDS"])
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ExtractionJob)) == 0
    assert redis_conn.llen("rq:queue:extraction") == 0


def test_an_upload_directory_that_cannot_exist_answers_503(settings, redis_conn, classic_pdf, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")  # root writes anywhere, but not below a file
    _refused_upload(settings, redis_conn, classic_pdf, UPLOAD_DIR=str(blocker / "uploads"))


@pytest.fixture
def full_disk(tmp_path) -> Iterator[Path]:
    """A 64 kB tmpfs, filled up: writes fail with ENOSPC (needs mount rights, as root in CI)."""
    folder = tmp_path / "full"
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root and mount rights)")
    try:
        with open(folder / "filler", "wb") as filler:
            try:
                filler.write(b"\0" * 1024 * 1024)
            except OSError:
                pass
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_answers_503_and_leaves_no_partial_file(settings, redis_conn, classic_pdf, full_disk):
    _refused_upload(settings, redis_conn, classic_pdf, UPLOAD_DIR=str(full_disk / "uploads"))
    assert [path.name for path in full_disk.rglob("*") if path.is_file()] == ["filler"]


def test_s3_refusing_the_upload_answers_503(settings, redis_conn, classic_pdf, s3_config):
    _refused_upload(settings, redis_conn, classic_pdf, **{**s3_config, "S3_BUCKET": "no-such-bucket-here"})
