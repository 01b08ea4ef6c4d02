"""Scans and photos -> words with boxes: one Tesseract call per page.

Pages without a text layer and image uploads are rendered at `OCR_DPI` (image uploads at
about that for a Letter page) and OCR'd; OCR word boxes are de-skewed so slightly rotated
scans still give horizontal lines.
"""
from __future__ import annotations

import math
import shutil
import statistics
import tempfile
from pathlib import Path

import pymupdf

from callsheet.extraction import tesseract
from callsheet.extraction.errors import OCRUnavailable, UnreadableDocument
from callsheet.extraction.types import Page, Word

OCR_DPI = 300
OCR_LONG_SIDE = 3300  # pixels for an image upload's long side (a Letter page at 300 dpi)
OCR_MAX_SIDE = 4400  # never render more than this many pixels on the long side (memory)
OCR_PSM = "11"  # sparse text: call sheets are boxes and columns, not paragraphs
OCR_MIN_CONF = 0.3  # Tesseract words below this are nearly always noise, not text


def ocr_available() -> bool:
    """True when a Tesseract binary is installed."""
    return shutil.which("tesseract") is not None


def _ocr_zoom(page: pymupdf.Page, is_image: bool) -> float:
    if not is_image:
        return OCR_DPI / 72
    # image pages carry no physical size: aim at ~300 dpi for a Letter/A4 sheet, never shrink
    native = max((img[2] for img in page.get_images()), default=0) or page.rect.width
    long_side = max(page.rect.width, page.rect.height)
    zoom = max(native / page.rect.width, OCR_LONG_SIDE / long_side)
    return min(zoom, OCR_MAX_SIDE / long_side)  # a 48-megapixel phone photo is not read at full size


def ocr_page(page: pymupdf.Page, is_image: bool = False) -> Page:
    """OCR one page with a single Tesseract call; word boxes in page coordinates.

    A page over its CPU budget (`OCR_PAGE_TIMEOUT`) comes back empty with `unread` saying why,
    so the rest of the document is kept; a killed or stalled OCR process raises
    `OCRInterrupted` (transient: the job is retried).
    """
    if not ocr_available():
        raise OCRUnavailable(
            f"Page {page.number + 1} has no text layer (a scan or photo) and no OCR engine is "
            "installed on the server. Install Tesseract (Debian/Ubuntu: apt-get install "
            "tesseract-ocr) or upload a PDF with selectable text."
        )
    number = page.number + 1
    out = Page(number=number, width=page.rect.width, height=page.rect.height, source="ocr")
    budget = tesseract.page_budget()
    with tempfile.TemporaryDirectory(prefix="callsheet-ocr-") as tmp:
        workdir = Path(tmp)
        zoom = render(page, is_image, workdir / "page.pgm")
        try:
            tsv = _tsv(workdir, "page.pgm", budget, number)
        except tesseract.OverBudget as exc:
            out.unread = f"Page {number} was not read: {exc}; it holds more drawing or noise than text."
            return out
    out.words = deskew(parse_tsv(tsv, zoom))
    return out


def text_args() -> list[str]:
    """Tesseract's options for reading a page's text (also the bench's floor: bench/ocr.py)."""
    return ["--psm", OCR_PSM]


def render(page: pymupdf.Page, is_image: bool, path: Path) -> float:
    """Write the page as the grey image OCR reads to `path`; the zoom used (pixels per point)."""
    zoom = _ocr_zoom(page, is_image)
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), colorspace=pymupdf.csGRAY)
    pix.save(path)  # PGM: uncompressed, no encoder buffer in this process
    del pix
    pymupdf.TOOLS.store_shrink(100)  # drop decoded images MuPDF keeps cached
    return zoom


def _tsv(workdir: Path, image: str, budget: float, number: int) -> str:
    """Tesseract's TSV for `image` (in `workdir`); UnreadableDocument if Tesseract fails on it."""
    try:
        done = tesseract.run([image, "out", *text_args(), "tsv"], workdir, budget)
    except OSError as exc:
        raise UnreadableDocument(f"Page {number} could not be OCR'd: {exc}") from exc
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()[-1:] or ["unknown error"]
        raise UnreadableDocument(f"Page {number} could not be OCR'd: {message[0]}")
    return (workdir / "out.tsv").read_text(encoding="utf-8", errors="replace")


def parse_tsv(tsv: str, zoom: float) -> list[Word]:
    """Tesseract TSV -> words in page points; `line` numbers one text line across blocks."""
    words = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        left, top, width, height = (float(c) / zoom for c in cols[6:10])
        line = int(cols[2]) * 10000 + int(cols[3]) * 100 + int(cols[4])
        conf = max(float(cols[10]), 0.0) / 100
        if conf < OCR_MIN_CONF:
            continue  # dot leaders and speckles read as letters
        words.append(Word(left, top, left + width, top + height, cols[11].strip(), int(cols[2]), line, conf))
    return words


def skew_angle(words: list[Word]) -> float:
    """Median slope (radians) of OCR text lines, from the first to the last word of each line."""
    lines: dict[tuple[int, int], list[Word]] = {}
    for w in words:
        lines.setdefault((w.block, w.line), []).append(w)
    slopes = []
    for members in lines.values():
        first = min(members, key=lambda w: w.x0)
        last = max(members, key=lambda w: w.x1)
        dx = (last.x0 + last.x1) / 2 - (first.x0 + first.x1) / 2
        if dx > 80:
            slopes.append(((last.y0 + last.y1) / 2 - (first.y0 + first.y1) / 2) / dx)
    return math.atan(statistics.median(slopes)) if len(slopes) >= 5 else 0.0


def deskew(words: list[Word]) -> list[Word]:
    """Rotate word boxes so the text lines of a slightly rotated scan become horizontal."""
    angle = skew_angle(words)
    if abs(angle) < 0.002:
        return words
    cos, sin = math.cos(-angle), math.sin(-angle)
    out = []
    for w in words:
        cx, cy = (w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2
        nx, ny = cx * cos - cy * sin, cx * sin + cy * cos
        dx, dy = nx - cx, ny - cy
        out.append(Word(w.x0 + dx, w.y0 + dy, w.x1 + dx, w.y1 + dy, w.text, w.block, w.line, w.conf))
    return out
