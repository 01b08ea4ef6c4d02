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

from callsheet.extraction import ocr_languages, tesseract
from callsheet.extraction.errors import OCRUnavailable, UnreadableDocument
from callsheet.extraction.types import Page, Word

OCR_DPI = 300
OCR_LONG_SIDE = 3300  # pixels for an image upload's long side (a Letter page at 300 dpi)
OCR_MAX_SIDE = 4400  # never render more than this many pixels on the long side (memory)
OCR_PSM = "11"  # sparse text: call sheets are boxes and columns, not paragraphs
OCR_MIN_CONF = 0.3  # Tesseract words below this are nearly always noise, not text
# An upright page reads with a median word confidence of 80-96; a page turned 90 or 180
# degrees reads as noise (median ~45): only then is its orientation detected.
UPRIGHT_CONF = 70
MIN_WORDS_TO_JUDGE = 10
OSD_MIN_CONF = 2.0  # Tesseract's orientation confidence below this is a guess
LANGUAGE_SLACK = 5  # a reading in the sheet's language is kept unless its median confidence drops more
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

    One Tesseract pass reads an upright page in `lang` (Tesseract's `-l`, from an earlier
    page's `Page.language`; None: English). A page read in English whose words show another
    language (ocr_languages.py) is read again in it, and its language tells the next page. Only a page that reads badly
    (most words doubtful) gets Tesseract's orientation detection, and if it is turned (a
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
        passes = _Passes(Path(tmp), number, text_args(uneven), tesseract.page_budget())
        try:
            tsv = passes.read("page.pgm", lang or ocr_languages.DEFAULT)
        except tesseract.OverBudget as exc:
            out.unread = f"Page {number} was not read: {exc}; it holds more drawing or noise than text."
            return out
        image, out.language = "page.pgm", lang or ocr_languages.DEFAULT
        try:
            if reading_quality(tsv) < UPRIGHT_CONF:
                turn = passes.orientation("page.pgm")
                if turn:
                    render(page, is_image, Path(tmp) / "turned.pgm", turn)
                    turned = passes.read("turned.pgm", out.language)
                    if reading_quality(turned) > reading_quality(tsv):
                        tsv, image = turned, "turned.pgm"
                        if turn in (90, 270):
                            out.width, out.height = out.height, out.width
            if out.language == ocr_languages.DEFAULT and (better := ocr_languages.for_text(_text(tsv))) != out.language:
                again = passes.read(image, better)
                if reading_quality(again) >= reading_quality(tsv) - LANGUAGE_SLACK:
                    tsv, out.language = again, better
        except tesseract.OverBudget:
            pass  # the best reading so far stands
    out.words = deskew(parse_tsv(tsv, zoom))
    return out


class _Passes:
    """The Tesseract runs of one page, sharing its CPU budget."""

    def __init__(self, workdir: Path, number: int, args: list[str], budget: float) -> None:
        self.workdir, self.number, self.args, self.left = workdir, number, args, budget

    def _run(self, args: list[str]) -> tesseract.Finished:
        if self.left <= 0:
            raise tesseract.OverBudget(0, self.left)
        try:
            done = tesseract.run(args, self.workdir, self.left)
        except OSError as exc:
            raise UnreadableDocument(f"Page {self.number} could not be OCR'd: {exc}") from exc
        self.left -= done.cpu_seconds
        return done

    def read(self, image: str, lang: str) -> str:
        """Tesseract's TSV of `image`; UnreadableDocument if Tesseract fails on it."""
        done = self._run([image, "out", "-l", lang, *self.args, "tsv"])
        if done.returncode != 0:
            message = done.stderr.strip().splitlines()[-1:] or ["unknown error"]
            raise UnreadableDocument(f"Page {self.number} could not be OCR'd: {message[0]}")
        return (self.workdir / "out.tsv").read_text(encoding="utf-8", errors="replace")

    def orientation(self, image: str) -> int:
        """Degrees (clockwise) that turn the page upright by Tesseract's orientation detection;
        0 when unsure or with too little text."""
        done = self._run([image, "osd", "--psm", "0"])
        osd = self.workdir / "osd.osd"
        if done.returncode != 0 or not osd.exists():
            return 0
        return parse_osd(osd.read_text(errors="replace"))


def _text(tsv: str) -> str:
    return " ".join(cols[11] for row in tsv.splitlines()[1:] if len(cols := row.split("\t")) >= 12)


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
    fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
    try:
        turn, conf = int(fields["Rotate"].strip()), float(fields["Orientation confidence"].strip())
    except (KeyError, ValueError):
        return 0
    return turn if turn in (90, 180, 270) and conf >= OSD_MIN_CONF else 0


def reading_quality(tsv: str) -> float:
    """Median confidence (0..100) of the words Tesseract read; 0 with fewer than a few words
    (a sideways page often reads as none; on a blank one orientation detection ends at once)."""
    confs = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) >= 12 and cols[0] == "5" and cols[11].strip():
            confs.append(float(cols[10]))
    return statistics.median(confs) if len(confs) >= MIN_WORDS_TO_JUDGE else 0.0


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
