"""The two tables, in SQLAlchemy Core: an extraction job (its id is the RQ job id) and its contacts.

The database is the source of truth for what a user sees; Redis is transport. Results are
read from here, so they outlive RQ's result TTL.

The schema is stated here once. The web maps its ORM models onto these tables
(`models.py`); the job path (queueing/jobs.py, reconciler.py, store/results.py) runs Core
statements on them, so a worker process never imports SQLAlchemy's ORM (~6 MB of RSS,
bench/memory.py). Migrations (`migrations/`) must match: tests/store/test_migrations.py
compares them.
"""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    false,
)

STATUSES = ("waiting", "active", "completed", "failed", "cancelled")
FINISHED = ("completed", "failed", "cancelled")
OWNER_ID_LENGTH = 255  # the longest user id (a token's `sub`) the rows can hold


def utcnow() -> datetime:
    return datetime.now(UTC)


metadata = MetaData()

extraction_job = Table(
    "extraction_job",
    metadata,
    Column("id", String(36), primary_key=True),  # = the RQ job id (uuid4)
    Column("owner_id", String(OWNER_ID_LENGTH), nullable=False, index=True),
    Column("file_id", String(36), nullable=False, unique=True),
    Column("storage_key", String(512), nullable=False),
    Column("original_name", String(255)),
    Column("content_type", String(64), nullable=False),
    Column("size_bytes", Integer, nullable=False),
    Column("method", String(32), nullable=False),
    Column("priority", String(16), nullable=False),
    Column("queue", String(64), nullable=False),
    Column("options", JSON, nullable=False, default=dict),
    Column("status", String(16), nullable=False, default="waiting", index=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("error", Text),
    Column("progress", JSON, nullable=False, default=dict),
    Column("result_metadata", JSON),
    Column("created_at", DateTime(timezone=True), nullable=False, default=utcnow),
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True), index=True),
    Column("wait_ms", Float),
    Column("processing_ms", Float),
    Column("worker_name", String(255)),  # the RQ worker that ran it last
    Column("callback_url", String(2048)),  # webhook POSTed when the job ends
    Column("results_deleted_at", DateTime(timezone=True)),  # by the owner or the retention purge
    # "My jobs" pages through one owner's jobs newest first (keyset on created_at, id).
    Index("ix_extraction_job_owner_created", "owner_id", "created_at", "id"),
)

contact = Table(
    "contact",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("job_id", ForeignKey("extraction_job.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("owner_id", String(OWNER_ID_LENGTH), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("name", String(255), nullable=False),
    Column("role", String(255)),
    Column("department", String(255)),
    Column("phone", String(32)),
    Column("phones", JSON, nullable=False, default=list),
    Column("email", String(320)),
    Column("character", String(255)),
    Column("company", String(255)),
    Column("confidence", Float, nullable=False, default=0.0),
    Column("page", Integer),
    Column("phone_ext", String(32)),
    Column("roles", JSON, default=list),
    Column("preferred", Boolean, nullable=False, default=False, server_default=false()),
    Column("sources", JSON, default=list),
    # Below the job's qualityThreshold: returned apart (results.belowThreshold), never dropped.
    Column("below_threshold", Boolean, nullable=False, default=False, server_default=false()),
)
