"""What an upload really is, from its first bytes (never from its name or Content-Type)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from callsheet.errors import ApiError
from callsheet.extraction.limits import Limits, Refused, check_image

HEAD = 1024  # a PDF header may follow some junk within the first 1024 bytes
# Files that may carry a PDF inside their first bytes but are something else.
NOT_DOCUMENTS = (b"PK\x03\x04", b"PK\x05\x06", b"\x7fELF", b"MZ", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf", b"#!")


@dataclass(frozen=True)
class Kind:
    ext: str
    mime: str


PDF = Kind("pdf", "application/pdf")
SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", Kind("png", "image/png")),
    (b"\xff\xd8\xff", Kind("jpg", "image/jpeg")),
    (b"II*\x00", Kind("tif", "image/tiff")),
    (b"MM\x00*", Kind("tif", "image/tiff")),
)


def sniff(stream: BinaryIO, limits: Limits | None = None) -> Kind:
    """The kind of `stream` (rewound afterwards); ApiError 422/415 if empty or unsupported.

    An image is also checked against `limits` from its headers, every page of a TIFF (a
    decompression bomb or a 500-page TIFF is refused before anything decodes it): 422
    `image_too_large`, `too_many_pages`, or `unreadable_image` when its size cannot be read.
    A PDF's pages are counted by the worker (the web process does not load PyMuPDF).
    """
    head = stream.read(HEAD)
    stream.seek(0)
    if not head:
        raise ApiError(422, "The uploaded file is empty.", "empty_file")
    if not head.startswith(NOT_DOCUMENTS) and b"%PDF-" in head:
        return PDF
    for magic, kind in SIGNATURES:
        if head.startswith(magic):
            try:
                check_image(stream, limits or Limits.from_settings())
            except Refused as refused:
                raise ApiError(422, str(refused), refused.code) from None
            return kind
    raise ApiError(
        415, "Unsupported file type: send a PDF, PNG, JPEG or TIFF (checked by content).", "unsupported_file_type"
    )
