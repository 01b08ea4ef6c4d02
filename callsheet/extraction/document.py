"""File -> pages of words with boxes: the PDF text layer, or Tesseract OCR for scans and photos.

Every method works from `Page`s of `Word`s, so this is the only module that knows about
file formats. Pages without a text layer and image uploads are OCR'd (ocr.py).
"""
from __future__ import annotations

from pathlib import Path

import pymupdf

from callsheet.extraction.errors import OCRUnavailable, UnreadableDocument
from callsheet.extraction.ocr import ocr_page
from callsheet.extraction.rulings import page_rulings
from callsheet.extraction.types import Page, Word

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
        lang = None  # the sheet's OCR languages, once a page has shown them
        for page in doc:
            words = [] if is_image else page.get_text("words")
            if sum(len(w[4]) for w in words) >= MIN_TEXT_CHARS:
                pages.append(_text_page(page, words))
            else:
                pages.append(ocr_page(page, is_image, lang))
                lang = pages[-1].language or lang
        return readable(pages)
    except (UnreadableDocument, OCRUnavailable):
        raise
    except DAMAGED_ERRORS as exc:
        raise UnreadableDocument(DAMAGED) from exc
    finally:
        doc.close()


def readable(pages: list[Page]) -> list[Page]:
    """`pages`, unless no page could be read at all: then the document fails with the reason."""
    if pages and all(p.unread for p in pages):
        raise UnreadableDocument(pages[0].unread if len(pages) == 1 else
                                 f"No page could be read. {pages[0].unread}")
    return pages


def unread_pages(pages: list[Page]) -> list[dict]:
    """`metadata.pagesUnread`: the pages that gave no words, and why."""
    return [{"page": p.number, "reason": p.unread} for p in pages if p.unread]


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
