"""Size limits checked before a document is decoded: pages, and pixels (decompression bombs).

A 100 kB PNG can announce 30000 x 30000 pixels and take gigabytes once decoded, and a
small PDF can hold thousands of blank pages that would each be OCR'd. These checks read
only headers and the page tree, so they are cheap, and they fail with a reason a person
can act on (`UnreadableDocument`, never retried). `image_size` needs no PyMuPDF, so the
web process can use it at upload time; `check` runs in the worker before extraction.

Limits come from the environment: `MAX_PAGES` (default 100) and `MAX_IMAGE_PIXELS`
(default 90 megapixels, about Pillow's own bomb limit; a Letter page scanned at 600 dpi is
34 megapixels). A PDF page is measured as it would be rendered for OCR (300 dpi).
"""
from __future__ import annotations

import os
import struct
from collections.abc import Mapping
from pathlib import Path

from callsheet.extraction.errors import UnreadableDocument

DEFAULT_MAX_PAGES = 100
DEFAULT_MAX_IMAGE_PIXELS = 90_000_000
RENDER_DPI = 300
HEAD_BYTES = 64 * 1024  # JPEG SOF markers may follow large EXIF/ICC segments


def max_pages(env: Mapping[str, str] | None = None) -> int:
    env = os.environ if env is None else env
    return int(env.get("MAX_PAGES") or DEFAULT_MAX_PAGES)


def max_image_pixels(env: Mapping[str, str] | None = None) -> int:
    env = os.environ if env is None else env
    return int(env.get("MAX_IMAGE_PIXELS") or DEFAULT_MAX_IMAGE_PIXELS)


def _png_size(head: bytes) -> tuple[int, int] | None:
    if len(head) >= 24 and head[12:16] == b"IHDR":
        return struct.unpack(">II", head[16:24])
    return None


def _jpeg_size(head: bytes) -> tuple[int, int] | None:
    pos = 2
    while pos + 9 < len(head):
        if head[pos] != 0xFF:
            return None
        marker = head[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # markers without a length
            pos += 2
            continue
        (length,) = struct.unpack(">H", head[pos + 2:pos + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # start of frame
            height, width = struct.unpack(">HH", head[pos + 5:pos + 9])
            return width, height
        pos += 2 + length
    return None


def _tiff_size(head: bytes) -> tuple[int, int] | None:
    order = "<" if head[:2] == b"II" else ">"
    try:
        (offset,) = struct.unpack(order + "I", head[4:8])
        (count,) = struct.unpack(order + "H", head[offset:offset + 2])
        size: dict[int, int] = {}
        for i in range(count):
            tag, kind, _, value = struct.unpack(order + "HHI4s", head[offset + 2 + 12 * i:offset + 14 + 12 * i])
            if tag in (256, 257):
                fmt = order + ("H" if kind == 3 else "I")
                size[tag] = struct.unpack(fmt, value[: struct.calcsize(fmt)])[0]
    except struct.error:
        return None
    if 256 in size and 257 in size:
        return size[256], size[257]
    return None


def image_size(head: bytes) -> tuple[int, int] | None:
    """(width, height) announced by a PNG, JPEG or TIFF header; None if not found in `head`."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _png_size(head)
    if head.startswith(b"\xff\xd8"):
        return _jpeg_size(head)
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return _tiff_size(head)
    return None


def too_many_pixels(width: int, height: int, limit: int, what: str = "The image") -> UnreadableDocument | None:
    """The error to raise for a `width` x `height` image over `limit` pixels, else None."""
    if width * height <= limit:
        return None
    return UnreadableDocument(
        f"{what} is {width} x {height} pixels ({width * height / 1e6:.0f} megapixels); the limit is "
        f"{limit / 1e6:.0f} megapixels. Upload a smaller scan (300 dpi is plenty)."
    )


def check(path: Path, env: Mapping[str, str] | None = None) -> None:
    """Raise UnreadableDocument if the file at `path` is over the page or pixel limits."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError:
        return  # the extractor reports unreadable files
    pixels = max_image_pixels(env)
    size = image_size(head)
    if size is not None:
        error = too_many_pixels(*size, pixels)
        if error:
            raise error
        return
    if b"%PDF" in head[:1024]:
        _check_pdf(path, max_pages(env), pixels)


def _check_pdf(path: Path, pages_limit: int, pixels: int) -> None:
    import pymupdf

    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception:
        return  # damaged files are reported by the extractor, with its own message
    try:
        if doc.needs_pass:
            return
        if doc.page_count > pages_limit:
            raise UnreadableDocument(
                f"The PDF has {doc.page_count} pages; the limit is {pages_limit}. Upload the call sheet "
                "pages only."
            )
        scale = RENDER_DPI / 72
        for page in doc:
            what = f"Page {page.number + 1}"
            error = too_many_pixels(round(page.rect.width * scale), round(page.rect.height * scale), pixels, what)
            for image in page.get_images():
                error = error or too_many_pixels(image[2], image[3], pixels, f"An image on page {page.number + 1}")
            if error:
                raise error
    finally:
        doc.close()
