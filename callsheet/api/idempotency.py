"""Idempotent uploads: an `Idempotency-Key` header makes a retried upload one job, not two.

A frontend whose connection dropped after sending a file cannot know whether the upload
was taken; it retries with the same key and gets the first upload's answer (same job,
same status code, header `Idempotent-Replayed: true`). Keys are per user: another user's
identical key is another key. The first answer is kept `TTL` seconds (24 h) in Redis, as
ids only (no contact data); while the first request is still being handled, a repeat
answers 409 (retry in a moment), and a key sent again with a different file or fields
answers 422, as the IETF Idempotency-Key draft advises. If Redis loses its data within
the 24 h, a retry creates a new job (the database is the source of truth for jobs, not
for retries).
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any, BinaryIO

from redis import Redis

from callsheet.errors import ApiError

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
PREFIX = "callsheet:idempotency:"
TTL = 24 * 3600
PENDING_TTL = 60  # seconds a first request may take; a crashed one frees its key after this
MAX_KEY_LENGTH = 255
DOC_PARAMETER = {
    "in": "header", "name": HEADER, "required": False, "schema": {"type": "string", "maxLength": MAX_KEY_LENGTH},
    "description": "any unique string (e.g. a UUID) per upload: a retry with the same key within 24 h returns "
                   "the first upload's answer and job instead of creating another",
}

Answer = tuple[dict[str, Any], int, dict[str, str]]


def _redis_key(user_id: str, key: str) -> str:
    return PREFIX + hashlib.sha256(f"{user_id}\0{key}".encode()).hexdigest()


def fingerprint(fields: Mapping[str, Any], stream: BinaryIO) -> str:
    """A digest of the upload's fields and file, to tell a true retry from a reused key."""
    digest = hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode())
    stream.seek(0)
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def _check_key(key: str) -> None:
    if not key.strip() or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise ApiError(422, f"{HEADER} must be 1 to {MAX_KEY_LENGTH} printable characters.", "validation_error")


def _replay(stored: dict[str, Any], digest: str) -> Answer:
    if stored.get("fingerprint") != digest:
        raise ApiError(422, f"This {HEADER} was already used for a different upload; use a new key for a new "
                            "file.", "idempotency_key_reused")
    if stored.get("state") != "done":
        raise ApiError(409, f"An upload with this {HEADER} is still being handled; retry in a moment.",
                       "idempotency_key_in_use", headers={"Retry-After": "1"})
    return stored["body"], stored["status"], {**stored["headers"], REPLAYED_HEADER: "true"}


def once(connection: Redis, user_id: str, key: str | None, digest: str, handle: Callable[[], Answer]) -> Answer:
    """`handle()`'s answer, or the stored answer of the first request with this user's `key`.

    Without a key, just `handle()`. An error answer (an exception) is not stored: the
    key is freed so that the client's retry is handled afresh.
    """
    if key is None:
        return handle()
    _check_key(key)
    redis_key = _redis_key(user_id, key)
    pending = json.dumps({"state": "pending", "fingerprint": digest})
    for _ in range(2):  # the stored answer may expire between SET NX and GET
        if connection.set(redis_key, pending, nx=True, ex=PENDING_TTL):
            break
        stored = connection.get(redis_key)
        if stored is not None:
            return _replay(json.loads(stored), digest)
    else:
        raise ApiError(409, f"An upload with this {HEADER} is still being handled; retry in a moment.",
                       "idempotency_key_in_use", headers={"Retry-After": "1"})
    try:
        body, status, headers = handle()
    except BaseException:
        connection.delete(redis_key)
        raise
    done = {"state": "done", "fingerprint": digest, "body": body, "status": status, "headers": headers}
    connection.set(redis_key, json.dumps(done), ex=TTL)
    return body, status, headers
