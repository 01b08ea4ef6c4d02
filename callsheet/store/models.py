"""Database rows: an extraction job (its id is the RQ job id) and the contacts it found.

The database is the source of truth for what a user sees; Redis is transport. Results are
read from here, so they outlive RQ's result TTL.
"""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from callsheet.extensions import db

STATUSES = ("waiting", "active", "completed", "failed", "cancelled")
FINISHED = ("completed", "failed", "cancelled")
OWNER_ID_LENGTH = 255  # the longest user id (a token's `sub`) the rows can hold


def utcnow() -> datetime:
    return datetime.now(UTC)


class ExtractionJob(db.Model):
    """One uploaded call sheet and its processing; `id` equals the RQ job id (uuid4)."""

    __tablename__ = "extraction_job"
    # "My jobs" pages through one owner's jobs newest first (keyset on created_at, id).
    __table_args__ = (Index("ix_extraction_job_owner_created", "owner_id", "created_at", "id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    owner_id: Mapped[str] = mapped_column(String(OWNER_ID_LENGTH), index=True)
    file_id: Mapped[str] = mapped_column(String(36), unique=True)
    storage_key: Mapped[str] = mapped_column(String(512))
    original_name: Mapped[str | None] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(32))
    priority: Mapped[str] = mapped_column(String(16))
    queue: Mapped[str] = mapped_column(String(64))
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="waiting", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    progress: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result_metadata: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    wait_ms: Mapped[float | None] = mapped_column(Float)
    processing_ms: Mapped[float | None] = mapped_column(Float)
    worker_name: Mapped[str | None] = mapped_column(String(255))  # the RQ worker that ran it last
    callback_url: Mapped[str | None] = mapped_column(String(2048))  # webhook POSTed when the job ends
    results_deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # owner or retention

    contacts: Mapped[list[Contact]] = relationship(
        back_populates="job", cascade="all, delete-orphan", order_by="Contact.position"
    )

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


class Contact(db.Model):
    """One person found on a call sheet, owned by the job's owner."""

    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[str] = mapped_column(
        ForeignKey("extraction_job.id", ondelete="CASCADE"), index=True
    )
    owner_id: Mapped[str] = mapped_column(String(OWNER_ID_LENGTH), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(255))
    role: Mapped[str | None] = mapped_column(String(255))
    department: Mapped[str | None] = mapped_column(String(255))
    phone: Mapped[str | None] = mapped_column(String(32))
    phones: Mapped[list[str]] = mapped_column(JSON, default=list)
    email: Mapped[str | None] = mapped_column(String(320))
    character: Mapped[str | None] = mapped_column(String(255))
    company: Mapped[str | None] = mapped_column(String(255))
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    page: Mapped[int | None] = mapped_column(Integer)
    phone_ext: Mapped[str | None] = mapped_column(String(32))
    roles: Mapped[list[str] | None] = mapped_column(JSON, default=list)
    preferred: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    sources: Mapped[list[str] | None] = mapped_column(JSON, default=list)
    # Below the job's qualityThreshold: returned apart (results.belowThreshold), never dropped.
    below_threshold: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    job: Mapped[ExtractionJob] = relationship(back_populates="contacts")
