"""What an upload really is, from its first bytes (never from its name or Content-Type)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from callsheet.errors import ApiError

HEAD = 1024  # a PDF header may follow some junk within the first 1024 bytes


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


def sniff(stream: BinaryIO) -> Kind:
    """The kind of `stream` (rewound afterwards); ApiError 422/415 if empty or unsupported."""
    head = stream.read(HEAD)
    stream.seek(0)
    if not head:
        raise ApiError(422, "The uploaded file is empty.", "empty_file")
    if b"%PDF-" in head:
        return PDF
    for magic, kind in SIGNATURES:
        if head.startswith(magic):
            return kind
    raise ApiError(
        415, "Unsupported file type: send a PDF, PNG, JPEG or TIFF (checked by content).", "unsupported_file_type"
    )
