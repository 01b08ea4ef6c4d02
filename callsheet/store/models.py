"""The web's ORM models, mapped onto the tables of `tables.py`: an extraction job (its id is
the RQ job id) and the contacts it found.

The columns come from the tables (`__table__`), so the schema is stated once. The base is
plain SQLAlchemy; the web binds it to Flask-SQLAlchemy (`extensions.db`). The job path uses
the Core tables instead, and a worker process never imports this module.
"""
from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase, Mapped, relationship

from callsheet.store import tables
from callsheet.store.tables import FINISHED, OWNER_ID_LENGTH, STATUSES, utcnow

__all__ = ["FINISHED", "OWNER_ID_LENGTH", "STATUSES", "Base", "Contact", "ExtractionJob", "utcnow"]


class Base(DeclarativeBase):
    metadata = tables.metadata


class ExtractionJob(Base):
    """One uploaded call sheet and its processing; `id` equals the RQ job id (uuid4)."""

    __table__ = tables.extraction_job

    contacts: Mapped[list[Contact]] = relationship(
        back_populates="job", cascade="all, delete-orphan", order_by="Contact.position"
    )

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


class Contact(Base):
    """One person found on a call sheet, owned by the job's owner."""

    __table__ = tables.contact

    job: Mapped[ExtractionJob] = relationship(back_populates="contacts")
