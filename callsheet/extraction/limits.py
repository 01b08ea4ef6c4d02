"""Size limits checked before a document is decoded: pages, pixels and decoded bytes (bombs).

A 100 kB PNG can announce 30000 x 30000 pixels and take gigabytes once decoded, a TIFF can
hide such a page behind a small first one, a 16-bit RGBA image takes 8 bytes a pixel, and
a small file can hold hundreds of pages that would each be OCR'd. These checks read only
headers (every page of a TIFF: `image_headers.py`) and a PDF's page tree, so they are
cheap, and they fail with a reason a person can act on (`Refused`, an `UnreadableDocument`:
never retried). `check_image` needs no PyMuPDF, so the web process runs it at upload
(api/sniffing.py answers 422 with `Refused.code`); `check` runs it again in the worker
before extraction, with the same reasons. An image whose size cannot be read is refused:
nothing can say it is small enough to decode.

Limits (`Limits.from_settings`: the environment, or an app's config with the same names):
`MAX_PAGES` (default 100, every multi-page format), `MAX_IMAGE_PIXELS` (default 90
megapixels, about Pillow's own bomb limit; a Letter page scanned at 600 dpi is 34) and
`MAX_IMAGE_MB` (default 200 MB decoded, a sample taking at least a byte: a 48-megapixel
phone photo in RGB (8000 x 6000) is 137 MB, a Letter page at 300 dpi in RGB 24 MB, a 16-bit RGBA image
just under the pixel limit 687 MB). A PDF page is measured as it would be rendered for
OCR (300 dpi); its embedded images count like image files.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from callsheet.extraction import image_headers
from callsheet.extraction.errors import UnreadableDocument
from callsheet.extraction.image_headers import Frame, HeaderError

DEFAULT_MAX_PAGES = 100
DEFAULT_MAX_IMAGE_PIXELS = 90_000_000
DEFAULT_MAX_IMAGE_MB = 200.0
MB = 1024 * 1024
RENDER_DPI = 300
IMAGE_TOO_LARGE, TOO_MANY_PAGES, UNREADABLE_IMAGE = "image_too_large", "too_many_pages", "unreadable_image"


@dataclass(frozen=True)
class Limits:
    """The page, pixel and decoded-size limits one check applies."""

    pages: int = DEFAULT_MAX_PAGES
    pixels: int = DEFAULT_MAX_IMAGE_PIXELS
    image_mb: float = DEFAULT_MAX_IMAGE_MB

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any] | None = None) -> Limits:
        """From `settings` (strings from the environment, the default, or an app's config)."""
        settings = os.environ if settings is None else settings
        return cls(
            pages=int(settings.get("MAX_PAGES") or DEFAULT_MAX_PAGES),
            pixels=int(settings.get("MAX_IMAGE_PIXELS") or DEFAULT_MAX_IMAGE_PIXELS),
            image_mb=float(settings.get("MAX_IMAGE_MB") or DEFAULT_MAX_IMAGE_MB),
        )


class Refused(UnreadableDocument):
    """A document over a limit, or an image whose size cannot be read; `code` names the reason
    in the upload's 422 answer (`image_too_large`, `too_many_pages`, `unreadable_image`)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def too_many_pages(count: int, limit: int, what: str, more: bool = False) -> Refused:
    return Refused(f"The {what} has {'more than ' * more}{count} pages; the limit is {limit}. Upload the call "
                   "sheet pages only.", TOO_MANY_PAGES)


def _mb(size: float) -> str:
    return f"{size / MB:.0f}" if size >= 10 * MB else f"{size / MB:.1f}"


def too_large(frame: Frame, limits: Limits, what: str = "The image") -> Refused | None:
    """The error for a page or image over the pixel or decoded-size limit, else None."""
    width, height = frame.width, frame.height
    if frame.pixels > limits.pixels:
        return Refused(
            f"{what} is {width} x {height} pixels ({frame.pixels / 1e6:.0f} megapixels); the limit is "
            f"{limits.pixels / 1e6:.0f} megapixels. Upload a smaller scan (300 dpi is plenty).", IMAGE_TOO_LARGE)
    if frame.decoded_bytes > limits.image_mb * MB:
        return Refused(
            f"{what} takes {_mb(frame.decoded_bytes)} MB once decoded ({width} x {height} pixels at "
            f"{frame.bytes_per_pixel} byte{'s' * (frame.bytes_per_pixel > 1)} each); the limit is "
            f"{_mb(limits.image_mb * MB)} MB. Save it as an 8-bit "
            "JPEG or PNG, or scan at 300 dpi.", IMAGE_TOO_LARGE)
    return None


def check_image(stream: BinaryIO, limits: Limits) -> None:
    """Raise `Refused` unless every page of the PNG, JPEG or TIFF in `stream` is within `limits`
    and its size can be read; `stream` is left rewound."""
    stream.seek(0)
    what = image_headers.kind(stream.read(8)) or "image"
    try:
        for number, frame in enumerate(image_headers.frames(stream), 1):
            if number > limits.pages:
                raise too_many_pages(limits.pages, limits.pages, what, more=True)
            error = too_large(frame, limits, f"Page {number} of the {what}" if number > 1 else "The image")
            if error:
                raise error
    except HeaderError as exc:
        raise Refused(f"The {what} image is damaged: its size cannot be read ({exc}). Upload another copy "
                      "of the call sheet.", UNREADABLE_IMAGE) from None
    finally:
        stream.seek(0)


def check(path: Path, env: Mapping[str, Any] | None = None) -> None:
    """Raise UnreadableDocument if the file at `path` is over the page or image limits."""
    limits = Limits.from_settings(env)
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
            if image_headers.kind(head):
                check_image(fh, limits)
                return
    except OSError:
        return  # the extractor reports unreadable files
    if b"%PDF" in head:
        _check_pdf(path, limits)


def _pdf_image(info: tuple) -> Frame:
    """An image of a PDF page (a `Page.get_images` row) as a Frame; colour spaces it cannot
    tell (ICC-based, most often RGB) count as RGB."""
    colorspace = str(info[5])
    samples = 1 if "Gray" in colorspace or colorspace == "Separation" else 4 if "CMYK" in colorspace else 3
    return Frame(info[2], info[3], samples, info[4] or 8)


def _check_pdf(path: Path, limits: Limits) -> None:
    import pymupdf

    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception:
        return  # damaged files are reported by the extractor, with its own message
    try:
        if doc.needs_pass:
            return
        if doc.page_count > limits.pages:
            raise too_many_pages(doc.page_count, limits.pages, "PDF")
        scale = RENDER_DPI / 72
        for page in doc:
            where = f"page {page.number + 1}"
            rendered = Frame(round(page.rect.width * scale), round(page.rect.height * scale))
            error = too_large(rendered, limits, where.capitalize())
            for image in page.get_images():
                error = error or too_large(_pdf_image(image), limits, f"An image on {where}")
            if error:
                raise error
    except pymupdf.mupdf.FzErrorBase:
        return  # a damaged page tree: the extractor says so (document.load)
    finally:
        doc.close()
