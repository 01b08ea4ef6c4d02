"""What an upload really is, from its first bytes (never from its name or Content-Type)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from callsheet.errors import ApiError
from callsheet.extraction.limits import HEAD_BYTES, image_size, too_many_pixels

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


def sniff(stream: BinaryIO, max_pixels: int | None = None) -> Kind:
    """The kind of `stream` (rewound afterwards); ApiError 422/415 if empty, unsupported or
    an image over `max_pixels` (a decompression bomb is refused before anything decodes it)."""
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    if not head:
        raise ApiError(422, "The uploaded file is empty.", "empty_file")
    if not head.startswith(NOT_DOCUMENTS) and b"%PDF-" in head[:HEAD]:
        return PDF
    for magic, kind in SIGNATURES:
        if head.startswith(magic):
            size = image_size(head)
            error = too_many_pixels(*size, max_pixels) if size and max_pixels else None
            if error:
                raise ApiError(422, str(error), "image_too_large")
            return kind
    raise ApiError(
        415, "Unsupported file type: send a PDF, PNG, JPEG or TIFF (checked by content).", "unsupported_file_type"
    )
