"""File -> pages of words with boxes: the PDF text layer, or Tesseract OCR for scans and photos.

Every method works from `Page`s of `Word`s, so this is the only module that knows about
file formats. Pages without a text layer and image uploads are OCR'd at `OCR_DPI` with one
Tesseract call per page; OCR word boxes are de-skewed so slightly rotated scans still give
horizontal lines.
"""
from __future__ import annotations

import math
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

import pymupdf

from callsheet.extraction.errors import OCRUnavailable, UnreadableDocument
from callsheet.extraction.rulings import page_rulings
from callsheet.extraction.types import Page, Word

OCR_DPI = 300
OCR_LONG_SIDE = 3300  # pixels for an image upload's long side (a Letter page at 300 dpi)
OCR_MAX_SIDE = 4400  # never render more than this many pixels on the long side (memory)
OCR_PSM = "11"  # sparse text: call sheets are boxes and columns, not paragraphs
OCR_TIMEOUT = 120
OCR_MIN_CONF = 0.3  # Tesseract words below this are nearly always noise, not text
MIN_TEXT_CHARS = 20  # fewer characters than this on a page means "no text layer"
# MuPDF's own errors (FzErrorFormat for a malformed page tree, FzErrorLibrary for a JPEG with a
# corrupt Huffman table...) derive from pymupdf.mupdf.FzErrorBase, which is not a RuntimeError.
MUPDF_ERROR = pymupdf.mupdf.FzErrorBase
DAMAGED_ERRORS = (RuntimeError, MUPDF_ERROR)
DAMAGED = "The document is damaged and its pages cannot be read."

_MAGIC = {
    b"%PDF": "pdf",
    b"\x89PNG": "png",
    b"\xff\xd8\xff": "jpg",
    b"II*\x00": "tif",
    b"MM\x00*": "tif",
}


def file_kind(path: Path) -> str:
    """'pdf', 'png', 'jpg' or 'tif' from the file's first bytes; UnreadableDocument otherwise."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise UnreadableDocument(f"The file could not be read: {exc.strerror}.") from exc
    for magic, kind in _MAGIC.items():
        if head.startswith(magic) or (kind == "pdf" and magic in head):
            return kind
    raise UnreadableDocument(
        "This file is not a PDF or an image (PNG, JPEG, TIFF); upload the call sheet as a PDF."
    )


def open_document(path: Path) -> pymupdf.Document:
    """Open a PDF or image; corrupt, empty and password-protected files raise UnreadableDocument."""
    kind = file_kind(path)
    doc = None
    try:
        doc = pymupdf.open(path, filetype=kind)
        locked = doc.needs_pass
        pages = 0 if locked else doc.page_count
    except Exception as exc:  # PyMuPDF raises several types for damaged files (FzErrorBase, RuntimeError)
        if doc is not None:
            doc.close()
        raise UnreadableDocument(f"The {kind.upper()} file is damaged and cannot be opened.") from exc
    if locked:
        doc.close()
        raise UnreadableDocument("The PDF is password-protected; upload an unlocked copy.")
    if pages == 0:
        doc.close()
        raise UnreadableDocument("The document has no pages.")
    return doc


def load(path: Path) -> list[Page]:
    """All pages of the document at `path` as words with boxes (OCR where there is no text)."""
    doc = open_document(Path(path))
    try:
        is_image = not doc.is_pdf
        pages = []
        for page in doc:
            words = [] if is_image else page.get_text("words")
            if sum(len(w[4]) for w in words) >= MIN_TEXT_CHARS:
                pages.append(_text_page(page, words))
            else:
                pages.append(_ocr_page(page, is_image))
        return pages
    except (UnreadableDocument, OCRUnavailable):
        raise
    except DAMAGED_ERRORS as exc:
        raise UnreadableDocument(DAMAGED) from exc
    finally:
        doc.close()


def _upright(page: pymupdf.Page, words: list[tuple]) -> list[tuple]:
    """Words of a page shown rotated (/Rotate) whose text runs along the rotation: turn their
    boxes to the orientation a reader sees, so lines are horizontal again."""
    if not page.rotation or sum(1 for w in words if w[3] - w[1] > w[2] - w[0]) * 2 <= len(words):
        return words
    matrix = page.rotation_matrix
    out = []
    for w in words:
        r = (pymupdf.Rect(w[:4]) * matrix).normalize()
        out.append((r.x0, r.y0, r.x1, r.y1, *w[4:]))
    return out


def _mailto_words(page: pymupdf.Page, words: list[tuple], links: list[dict]) -> list[tuple]:
    """A link `mailto:ana@x.com` over text that does not show the address (`Email`, `Ana`):
    the address replaces the linked words, so the layout sees it where it is printed."""
    for link in links:
        uri = link.get("uri") or ""
        if not uri.lower().startswith("mailto:") or "from" not in link:
            continue
        area = link["from"]
        inside = [w for w in words if pymupdf.Rect(w[:4]).intersects(area)]
        if not inside or any("@" in w[4] for w in inside):
            continue
        address = uri[7:].split("?")[0]
        first = min(inside, key=lambda w: w[0])
        box = pymupdf.Rect(inside[0][:4])
        for w in inside[1:]:
            box |= pymupdf.Rect(w[:4])
        words = [w for w in words if w not in inside]
        words.append((box.x0, box.y0, box.x1, box.y1, address, *first[5:]))
    return words


def _text_page(page: pymupdf.Page, words: list[tuple]) -> Page:
    raw_links = page.get_links()
    if raw_links:
        words = _mailto_words(page, words, raw_links)
    upright = _upright(page, words)
    turned, words = upright is not words, upright
    links = [link["uri"] for link in raw_links if link.get("uri")]
    return Page(
        number=page.number + 1,
        width=page.rect.width,
        height=page.rect.height,
        words=[Word(w[0], w[1], w[2], w[3], w[4], w[5], w[6]) for w in words],
        links=links,
        rulings=page_rulings(page, turned),
    )


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


def _ocr_page(page: pymupdf.Page, is_image: bool = False) -> Page:
    """OCR one page with a single Tesseract call; word boxes in page coordinates."""
    if not ocr_available():
        raise OCRUnavailable(
            f"Page {page.number + 1} has no text layer (a scan or photo) and no OCR engine is "
            "installed on the server. Install Tesseract (Debian/Ubuntu: apt-get install "
            "tesseract-ocr) or upload a PDF with selectable text."
        )
    zoom = _ocr_zoom(page, is_image)
    with tempfile.TemporaryDirectory(prefix="callsheet-ocr-") as tmp:
        image = Path(tmp) / "page.pgm"  # uncompressed: no encoder buffer in this process
        pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), colorspace=pymupdf.csGRAY)
        pix.save(image)
        del pix
        pymupdf.TOOLS.store_shrink(100)  # drop decoded images MuPDF keeps cached
        try:
            proc = subprocess.run(
                ["tesseract", str(image), "stdout", "--psm", OCR_PSM, "tsv"],
                capture_output=True, timeout=OCR_TIMEOUT, check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise UnreadableDocument(f"Page {page.number + 1} could not be OCR'd: {exc}") from exc
    if proc.returncode != 0:
        message = proc.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["unknown error"]
        raise UnreadableDocument(f"Page {page.number + 1} could not be OCR'd: {message[0]}")
    words = parse_tsv(proc.stdout.decode("utf-8", errors="replace"), zoom)
    return Page(
        number=page.number + 1,
        width=page.rect.width,
        height=page.rect.height,
        words=deskew(words),
        source="ocr",
    )


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


def page_png(path: Path, number: int, dpi: int = 150) -> bytes:
    """PNG bytes of page `number` (1-based), for methods that send images (AI, Textract)."""
    doc = open_document(Path(path))
    try:
        return doc[number - 1].get_pixmap(dpi=dpi).tobytes("png")
    finally:
        doc.close()


def page_pdf(path: Path, number: int) -> bytes:
    """A one-page PDF holding page `number` (1-based) of the document."""
    doc = open_document(Path(path))
    try:
        if doc.is_pdf:
            single = pymupdf.open()
            single.insert_pdf(doc, from_page=number - 1, to_page=number - 1)
        else:
            single = pymupdf.open("pdf", doc.convert_to_pdf(number - 1, number - 1))
        try:
            return single.tobytes()
        finally:
            single.close()
    finally:
        doc.close()


def page_count(path: Path) -> int:
    """Number of pages, without reading their text."""
    doc = open_document(Path(path))
    try:
        return doc.page_count
    finally:
        doc.close()
