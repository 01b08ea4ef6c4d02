"""Uploads in an S3 bucket (or an S3-compatible store such as MinIO), for hosts with no disk in common.

Same interface as `LocalStorage` (see uploads.py). Objects are written with server-side
encryption (`S3_SSE`: AES256 by default, or aws:kms with `S3_SSE_KMS_KEY_ID`); a worker
downloads an object to a temporary file for extraction and removes it afterwards. The
endpoint is `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL` when set (boto3's own settings),
credentials and region come from boto3's usual chain.
"""
from __future__ import annotations

import functools
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from callsheet.store.uploads import StorageUnavailable

NOT_FOUND = ("404", "NoSuchKey", "NotFound")


_client_lock = threading.Lock()


@functools.lru_cache(maxsize=8)
def _cached_client(pid: int, endpoint_url: str | None, region: str | None) -> Any:
    import boto3
    from botocore.config import Config

    config = Config(retries={"mode": "standard", "max_attempts": 5}, connect_timeout=5, read_timeout=60)
    return boto3.session.Session().client("s3", endpoint_url=endpoint_url, region_name=region, config=config)


def _client(pid: int, endpoint_url: str | None, region: str | None) -> Any:
    """One boto3 client per process and endpoint: clients are thread-safe once made, but
    making them is not (gunicorn threads' first uploads race), nor are they fork-safe."""
    with _client_lock:
        return _cached_client(pid, endpoint_url, region)


def _missing(exc: Exception) -> bool:
    code = getattr(exc, "response", {}).get("Error", {}).get("Code")
    return code in NOT_FOUND


class S3Storage:
    """Objects `<S3_PREFIX><key>` in one bucket."""

    def __init__(self, bucket: str, prefix: str = "", sse: str | None = "AES256", kms_key_id: str | None = None,
                 endpoint_url: str | None = None, region: str | None = None, client: Any = None) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.extra: dict[str, str] = {}
        if sse:
            self.extra["ServerSideEncryption"] = sse
            if sse == "aws:kms" and kms_key_id:
                self.extra["SSEKMSKeyId"] = kms_key_id
        self.client = client or _client(os.getpid(), endpoint_url, region)

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> S3Storage:
        sse = config.get("S3_SSE") or None
        return cls(
            config["S3_BUCKET"],
            prefix=config.get("S3_PREFIX") or "",
            sse=None if sse in (None, "none") else sse,
            kms_key_id=config.get("S3_SSE_KMS_KEY_ID"),
            endpoint_url=config.get("S3_ENDPOINT_URL"),
            region=config.get("S3_REGION"),
        )

    def _object(self, key: str) -> str:
        parts = PurePosixPath(key).parts
        if not parts or key.startswith("/") or ".." in parts:
            raise ValueError(f"storage key escapes the upload prefix: {key!r}")
        return self.prefix + key

    def save(self, stream: BinaryIO, key: str) -> str:
        """Upload `stream` to `key` in one PUT (uploads are at most MAX_UPLOAD_MB; S3 makes an
        object visible only once complete). Not `upload_fileobj`, which closes the stream.
        StorageUnavailable when S3 refuses it or cannot be reached (no object is left)."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.put_object(Bucket=self.bucket, Key=self._object(key), Body=stream, **self.extra)
        except (BotoCoreError, ClientError) as exc:
            code = getattr(exc, "response", {}).get("Error", {}).get("Code") or type(exc).__name__
            raise StorageUnavailable(f"S3 refused the upload ({code})") from exc
        return key

    @contextmanager
    def local_path(self, key: str) -> Iterator[Path]:
        """Download `key` to a temporary file, removed on exit; FileNotFoundError if it is gone."""
        handle, name = tempfile.mkstemp(prefix="callsheet-", suffix=PurePosixPath(key).suffix)
        os.close(handle)
        try:
            try:
                self.client.download_file(self.bucket, self._object(key), name)
            except Exception as exc:
                if _missing(exc):
                    raise FileNotFoundError(key) from exc
                raise
            yield Path(name)
        finally:
            os.unlink(name)

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._object(key))
        except Exception as exc:
            if _missing(exc):
                return False
            raise
        return True

    def delete(self, key: str) -> bool:
        """Remove `key`; True if an object was removed. A missing object is not an error."""
        if not self.exists(key):
            return False
        self.client.delete_object(Bucket=self.bucket, Key=self._object(key))
        return True

    def list_older_than(self, age: timedelta) -> list[str]:
        """Keys of stored objects last modified more than `age` ago."""
        cutoff = datetime.now(UTC) - age
        keys = []
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix):
            for item in page.get("Contents", []):
                if item["LastModified"] < cutoff:
                    keys.append(item["Key"][len(self.prefix):])
        return sorted(keys)

    def check(self) -> None:
        """Raise unless the bucket answers (readiness)."""
        self.client.head_bucket(Bucket=self.bucket)
