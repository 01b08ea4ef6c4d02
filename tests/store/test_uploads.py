"""Local upload storage: atomic save, local path, idempotent delete, age listing."""
from __future__ import annotations

import io
import os
import time
from datetime import timedelta

import pytest

from callsheet.store.uploads import LocalStorage, upload_key


def test_key_is_server_chosen(tmp_path):
    key = upload_key("alice@example.com", "1234", "pdf")
    assert key.endswith("/1234.pdf") and "alice" not in key


def test_save_open_delete(tmp_path):
    storage = LocalStorage(tmp_path)
    key = storage.save(io.BytesIO(b"%PDF-1.7"), "ab/c.pdf")
    with storage.local_path(key) as path:
        assert path.read_bytes() == b"%PDF-1.7"
    assert not list(tmp_path.rglob("*.part"))
    assert storage.delete(key) is True
    assert storage.delete(key) is False
    with pytest.raises(FileNotFoundError), storage.local_path(key):
        pass


def test_keys_cannot_escape_the_directory(tmp_path):
    storage = LocalStorage(tmp_path / "uploads")
    with pytest.raises(ValueError):
        storage.save(io.BytesIO(b"x"), "../outside.pdf")


def test_list_older_than(tmp_path):
    storage = LocalStorage(tmp_path)
    storage.save(io.BytesIO(b"old"), "a/old.pdf")
    storage.save(io.BytesIO(b"new"), "a/new.pdf")
    old = time.time() - 3600
    os.utime(tmp_path / "a" / "old.pdf", (old, old))
    assert storage.list_older_than(timedelta(minutes=30)) == ["a/old.pdf"]
    assert LocalStorage(tmp_path / "missing").list_older_than(timedelta(0)) == []
