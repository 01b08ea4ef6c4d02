"""Scans and photos -> words with boxes: each page read by Tesseract about once (ocr_passes.py).

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

from callsheet.extraction import ocr_passes, tesseract
from callsheet.extraction.errors import OCRUnavailable
from callsheet.extraction.ocr_passes import MIN_WORDS_TO_JUDGE, UPRIGHT_CONF, reading_quality
from callsheet.extraction.types import Page, Word

OCR_DPI = 300
OCR_LONG_SIDE = 3300  # pixels for an image upload's long side (a Letter page at 300 dpi)
OCR_MAX_SIDE = 4400  # never render more than this many pixels on the long side (memory)
OCR_PSM = "11"  # sparse text: call sheets are boxes and columns, not paragraphs
OCR_MIN_CONF = 0.3  # Tesseract words below this are nearly always noise, not text
EVEN_SHARE = 0.5  # clean paper: one grey level (the paper's) covers at least this share of the image


def ocr_available() -> bool:
    """True when a Tesseract binary is installed."""
    return shutil.which("tesseract") is not None


def _ocr_zoom(page: pymupdf.Page, is_image: bool) -> float:
    if not is_image:
        return OCR_DPI / 72
    # image pages carry no physical size: aim at ~300 dpi for a Letter/A4 sheet, never shrink;
    # long sides compared, as a photo turned by its EXIF orientation has its sides swapped
    long_side = max(page.rect.width, page.rect.height)
    native = max((max(img[2], img[3]) for img in page.get_images()), default=0) or long_side
    zoom = max(native / long_side, OCR_LONG_SIDE / long_side)
    return min(zoom, OCR_MAX_SIDE / long_side)  # a 48-megapixel phone photo is not read at full size


def ocr_page(page: pymupdf.Page, is_image: bool = False, lang: str | None = None) -> Page:
    """OCR one page; word boxes in the coordinates of the page as a reader holds it.

    An upright page is read once, in two bands (ocr_passes.py), in `lang` (Tesseract's `-l`,
    from an earlier page's `Page.language`; None: the language its header's words show
    (ocr_languages.py), English without clues), and its language tells the next page. Only
    a page whose header reads badly (most words doubtful) gets Tesseract's orientation
    detection (of the header band; of the whole page if unsure), and if it is turned (a
    photo taken sideways, a sheet fed upside down) a reading of the turned image, kept if
    better. A page over its CPU budget (`OCR_PAGE_TIMEOUT`, for all its passes) comes back
    empty with `unread` saying why, so the rest of the document is kept; a killed or stalled
    OCR process raises `OCRInterrupted` (transient: the job is retried).
    """
    if not ocr_available():
        raise OCRUnavailable(
            f"Page {page.number + 1} has no text layer (a scan or photo) and no OCR engine is "
            "installed on the server. Install Tesseract (Debian/Ubuntu: apt-get install "
            "tesseract-ocr) or upload a PDF with selectable text."
        )
    number = page.number + 1
    out = Page(number=number, width=page.rect.width, height=page.rect.height, source="ocr")
    with tempfile.TemporaryDirectory(prefix="callsheet-ocr-") as tmp:
        zoom, uneven = render(page, is_image, Path(tmp) / "page.pgm")
        passes = ocr_passes.Passes(Path(tmp), number, text_args(uneven), tesseract.page_budget())
        reading = ocr_passes.Reading(passes, "page.pgm", lang)
        try:
            top = reading.sample()
        except tesseract.OverBudget as exc:
            return _unread(out, exc)
        judged = ocr_passes.word_count(top) >= MIN_WORDS_TO_JUDGE  # sideways lines read as no words
        try:
            if not judged or reading_quality(top) < UPRIGHT_CONF:
                turned = _turned(page, is_image, passes, reading.top_name, lang, whole=judged)
                if turned and reading_quality(turned.top) > (reading_quality(top) if judged else UPRIGHT_CONF):
                    reading, judged = turned, True
        except tesseract.OverBudget:
            pass  # the best reading so far stands
        try:
            tsv = reading.finish()
        except tesseract.OverBudget as exc:
            return _unread(out, exc)
        if not judged and reading_quality(tsv) < UPRIGHT_CONF:
            try:
                turned = _turned(page, is_image, passes, None, lang)
                if turned and reading_quality(whole := turned.finish()) > reading_quality(tsv):
                    reading, tsv = turned, whole
            except tesseract.OverBudget:
                pass
    out.language = reading.language
    if reading.turn in (90, 270):
        out.width, out.height = out.height, out.width
    out.words = deskew(parse_tsv(tsv, zoom))
    return out


def _unread(out: Page, exc: tesseract.OverBudget) -> Page:
    out.unread = f"Page {out.number} was not read: {exc}; it holds more drawing or noise than text."
    return out


def _turned(page: pymupdf.Page, is_image: bool, passes: ocr_passes.Passes, sample: str | None,
            lang: str | None, whole: bool = True) -> ocr_passes.Reading | None:
    """The page turned upright by orientation detection (of the header band `sample`; of the
    whole page when that is unsure and `whole`), its header read; None when it is upright or
    unsure. A header band with no words may be blank: the whole page is judged once read."""
    turn = passes.orientation(sample or "page.pgm")
    if turn is None and whole and sample not in (None, "page.pgm"):
        turn = passes.orientation("page.pgm")
    if not turn:
        return None
    render(page, is_image, passes.workdir / "turned.pgm", turn)
    turned = ocr_passes.Reading(passes, "turned.pgm", lang, turn)
    turned.sample()
    return turned


def text_args(uneven: bool = False) -> list[str]:
    """Tesseract's options for reading a page's text (also the bench's floor: bench/ocr.py):
    Sauvola's local thresholding for an image with uneven background (a phone photo's
    shading, a grey scan), Otsu's global threshold (Tesseract's default) for clean paper."""
    return ["--psm", OCR_PSM, *(["-c", "thresholding_method=2"] if uneven else [])]


def render(page: pymupdf.Page, is_image: bool, path: Path, turn: int = 0) -> tuple[float, bool]:
    """Write the page as the grey image OCR reads to `path`, turned `turn` degrees clockwise;
    the zoom used (pixels per point) and whether its background is uneven."""
    zoom = _ocr_zoom(page, is_image)
    pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom).prerotate(turn), colorspace=pymupdf.csGRAY)
    pix.save(path)  # PGM: uncompressed, no encoder buffer in this process
    uneven = _uneven(pix)
    del pix
    pymupdf.TOOLS.store_shrink(100)  # drop decoded images MuPDF keeps cached
    return zoom, uneven


def _uneven(pix: pymupdf.Pixmap) -> bool:
    """True when no grey level covers `EVEN_SHARE` of the image (looked at 1/8 size): paper
    under uneven light or a noisy scan, not clean paper with text."""
    small = pymupdf.Pixmap(pix)
    small.shrink(3)
    return small.color_topusage()[0] < EVEN_SHARE


def parse_osd(text: str) -> int:
    """`Rotate: 90` of Tesseract's OSD output when its orientation confidence is at least
    `OSD_MIN_CONF`; else 0."""
    return ocr_passes.osd_turn(text) or 0


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
