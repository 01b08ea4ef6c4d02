"""Data shared by every extraction method: words with boxes in, contacts out.

PyMuPDF, OCR and Textract all produce `Page`s of `Word`s, so one layout-to-contacts
logic (pattern) serves them all.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class Word:
    """One word on a page, coordinates in PDF points, origin top-left."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    block: int = 0
    line: int = 0
    conf: float = 1.0  # 0..1; OCR and Textract give less than 1


@dataclass(slots=True, frozen=True)
class Ruling:
    """A drawn line on a page, or the edge of a shaded area: horizontal when y0 == y1,
    vertical when x0 == x1. Tables, boxes and cards are found from these (pattern/regions.py)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return self.y0 == self.y1


@dataclass(slots=True)
class Page:
    number: int  # 1-based
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    source: str = "text"  # "text" (text layer), "ocr", "textract"
    links: list[str] = field(default_factory=list)  # URIs (mailto:...) found on the page
    rulings: list[Ruling] = field(default_factory=list)  # text-layer pages only; [] for OCR and Textract
    unread: str | None = None  # why the page gave no words (OCR over its budget): metadata.pagesUnread
    language: str | None = None  # OCR pages: Tesseract's languages that read it (`deu+eng`)


@dataclass(slots=True)
class Contact:
    """One person; field names follow the corpus truth format."""

    name: str
    role: str | None = None
    department: str | None = None
    phone: str | None = None  # E.164 of the first printed number
    phones: list[str] = field(default_factory=list)
    phone_ext: str | None = None
    email: str | None = None
    character: str | None = None
    roles: list[str] = field(default_factory=list)
    company: str | None = None
    confidence: float = 0.0
    page: int | None = None
    preferred: bool = False
    sources: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class ExtractionResult:
    contacts: list[Contact] = field(default_factory=list)
    below_threshold: list[Contact] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "contacts": [c.to_dict() for c in self.contacts],
            "belowThreshold": [c.to_dict() for c in self.below_threshold],
            "metadata": self.metadata,
        }
