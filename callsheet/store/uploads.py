"""Where uploaded files live, behind one small interface: a local directory, or S3 (s3.py).

Keys are chosen by the server (`<owner-hash>/<uuid>.<ext>`), never from the client's file
name. `local_path` is a context manager because a remote store must download to a
temporary file first.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO, Protocol


def upload_key(owner_id: str, file_id: str, ext: str) -> str:
    """The storage key of an upload: grouped by a hash of the owner, named by the file id."""
    owner = hashlib.sha256(owner_id.encode()).hexdigest()[:16]
    return f"{owner}/{file_id}.{ext}"


class StorageUnavailable(Exception):
    """The store cannot take a file now (read-only or full disk, S3 refusing or unreachable):
    the upload is answered 503 with Retry-After, nothing is kept."""


class Storage(Protocol):
    def save(self, stream: BinaryIO, key: str) -> str: ...
    def local_path(self, key: str) -> AbstractContextManager[Path]: ...
    def delete(self, key: str) -> bool: ...
    def exists(self, key: str) -> bool: ...
    def list_older_than(self, age: timedelta) -> list[str]: ...
    def check(self) -> None: ...


class LocalStorage:
    """Files under one directory; good for one machine (web and workers share the disk)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError(f"storage key escapes the upload directory: {key!r}")
        return path

    def save(self, stream: BinaryIO, key: str) -> str:
        """Write `stream` to `key` atomically (a reader never sees half a file); StorageUnavailable
        if the disk refuses (read-only, full, not a directory), leaving no partial file."""
        path = self._path(key)
        tmp = path.with_suffix(path.suffix + ".part")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as out:
                shutil.copyfileobj(stream, out, 1024 * 1024)
            os.replace(tmp, path)
        except OSError as exc:
            if tmp.parent.is_dir():
                tmp.unlink(missing_ok=True)
            raise StorageUnavailable(f"upload directory refused the file: {exc.strerror or exc}") from exc
        return key

    @contextmanager
    def local_path(self, key: str) -> Iterator[Path]:
        """A local path of the stored file; raises FileNotFoundError if it is gone."""
        path = self._path(key)
        if not path.exists():
            raise FileNotFoundError(key)
        yield path

    def exists(self, key: str) -> bool:
        return self._path(key).exists()

    def delete(self, key: str) -> bool:
        """Remove `key`; True if a file was removed. A missing file is not an error."""
        try:
            self._path(key).unlink()
        except FileNotFoundError:
            return False
        return True

    def list_older_than(self, age: timedelta) -> list[str]:
        """Keys of stored files last modified more than `age` ago."""
        if not self.root.exists():
            return []
        cutoff = time.time() - age.total_seconds()
        return sorted(
            str(path.relative_to(self.root))
            for path in self.root.rglob("*")
            if path.is_file() and path.stat().st_mtime < cutoff
        )


    def check(self) -> None:
        """Raise unless the directory exists (or can be made) and is writable (readiness)."""
        self.root.mkdir(parents=True, exist_ok=True)
        if not os.access(self.root, os.W_OK | os.X_OK):
            raise PermissionError(f"upload directory not writable: {self.root}")


def from_config(config: dict) -> Storage:
    """The storage the settings ask for: S3 when `S3_BUCKET` is set, else the local directory."""
    if config.get("S3_BUCKET"):
        from callsheet.store.s3 import S3Storage

        return S3Storage.from_config(config)
    return LocalStorage(config["UPLOAD_DIR"])
