"""document.py: files -> pages of words; bad files and missing OCR fail with a clear message."""
from __future__ import annotations

import math
import shutil

import pymupdf
import pytest

from callsheet.extraction import document, ocr
from callsheet.extraction.errors import OCRUnavailable, UnreadableDocument
from callsheet.extraction.types import Word
from tests import nasty_files as nasty
from tests.extraction.pattern.sheets import pdf

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract not installed")


def test_text_layer_words_and_mailto_links(tmp_path):
    path = pdf(tmp_path / "a.pdf", [[(100, [(40, "Director"), (150, "Ana Ruiz"), (300, "323 555 0147")])]],
               links=[(0, "mailto:ana@example.com")])
    (page,) = document.load(path)
    assert page.number == 1 and page.source == "text"
    assert [w.text for w in page.words] == ["Director", "Ana", "Ruiz", "323", "555", "0147"]
    assert page.links == ["mailto:ana@example.com"]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"%PDF-1.7\n garbage garbage", "damaged"), (b"name,phone\nAna,555\n", "not a PDF"), (b"", "not a PDF")],
)
def test_unreadable_files_say_why(tmp_path, content, message):
    path = tmp_path / "upload.pdf"
    path.write_bytes(content)
    with pytest.raises(UnreadableDocument, match=message):
        document.load(path)


@pytest.mark.parametrize("method", ["pattern", "hybrid"])
@pytest.mark.parametrize(
    "make", [nasty.corrupt_huffman_jpeg, nasty.malformed_page_tree_pdf], ids=["jpeg-bogus-huffman", "pdf-bad-page-tree"]
)
@needs_tesseract
def test_mupdf_errors_are_a_damaged_document(tmp_path, make, method):
    """MuPDF raises FzErrorLibrary / FzErrorFormat (not RuntimeErrors) while the pages are read."""
    from callsheet.extraction import extract

    path = tmp_path / "upload"
    path.write_bytes(make())
    with pytest.raises(UnreadableDocument, match=r"^The document is damaged and its pages cannot be read\.$") as caught:
        extract(path, method)
    assert isinstance(caught.value.__cause__, pymupdf.mupdf.FzErrorBase)


def test_password_protected_pdf_is_unreadable(tmp_path):
    path = pdf(tmp_path / "plain.pdf", [[(100, [(40, "Director Ana Ruiz 323 555 0147")])]])
    doc = pymupdf.open(path)
    locked = tmp_path / "locked.pdf"
    doc.save(locked, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    with pytest.raises(UnreadableDocument, match="password"):
        document.load(locked)


def _scan(tmp_path, text_rows):
    """An image-only PDF: a page of text rendered to pixels and placed as a picture."""
    source = pdf(tmp_path / "source.pdf", [text_rows], fontsize=14)
    pix = pymupdf.open(source)[0].get_pixmap(dpi=200)
    scan = pymupdf.open()
    page = scan.new_page(width=612, height=792)
    page.insert_image(page.rect, stream=pix.tobytes("png"))
    path = tmp_path / "scan.pdf"
    scan.save(path)
    png = tmp_path / "scan.png"
    pix.save(png)
    return path, png


def test_scan_without_ocr_engine_fails_with_what_to_do(tmp_path, monkeypatch):
    path, _ = _scan(tmp_path, [(100, [(40, "Director Ana Ruiz")])])
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    with pytest.raises(OCRUnavailable, match=r"no text layer.*tesseract-ocr"):
        document.load(path)


@needs_tesseract
def test_scanned_pdf_and_image_are_read_with_ocr(tmp_path):
    path, png = _scan(tmp_path, [(100, [(40, "Director"), (200, "Ana Ruiz"), (380, "323 555 0147")])])
    for file in (path, png):
        (page,) = document.load(file)
        assert page.source == "ocr"
        text = " ".join(w.text for w in page.words)
        assert "Ruiz" in text and "0147" in text
        assert all(0 < w.conf <= 1 for w in page.words)
        ruiz = next(w for w in page.words if w.text == "Ruiz")
        assert 0 < ruiz.x0 < page.width and 80 < ruiz.y1 < 110  # page coordinates, not pixels


def test_deskew_levels_a_rotated_line():
    angle = math.radians(1.2)
    words = []
    for i in range(8):  # six OCR lines of eight words, rotated about the origin
        for line in range(6):
            x, y = 50 + 120 * i, 100 + 40 * line
            rx, ry = x * math.cos(angle) - y * math.sin(angle), x * math.sin(angle) + y * math.cos(angle)
            words.append(Word(rx, ry - 5, rx + 30, ry + 5, f"w{i}", 1, line))
    assert ocr.skew_angle(words) == pytest.approx(angle, abs=0.002)
    level = ocr.deskew(words)
    first_line = [(w.y0 + w.y1) / 2 for w in level if w.line == 0]
    assert max(first_line) - min(first_line) < 0.5


def test_tesseract_tsv_becomes_words_in_points():
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "5\t1\t2\t1\t1\t1\t300\t600\t120\t40\t96.5\tRUIZ,\n"
        "5\t1\t2\t1\t1\t2\t440\t600\t50\t40\t12.0\t~\n"
        "4\t1\t2\t1\t1\t0\t300\t600\t300\t40\t-1\t\n"
    )
    (word,) = ocr.parse_tsv(tsv, zoom=300 / 72)
    assert word.text == "RUIZ," and word.x0 == pytest.approx(72) and word.conf == pytest.approx(0.965)


def test_page_images_and_single_page_pdfs(tmp_path):
    path = pdf(tmp_path / "two.pdf", [[(100, [(40, "one")])], [(100, [(40, "two")])]])
    assert document.page_count(path) == 2
    assert document.page_png(path, 2, dpi=50).startswith(b"\x89PNG")
    single = pymupdf.open("pdf", document.page_pdf(path, 2))
    assert single.page_count == 1 and "two" in single[0].get_text()


def test_rotated_landscape_page_reads_as_horizontal_lines(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.set_rotation(90)  # a landscape sheet drawn sideways in a portrait page
    for i, text in enumerate(["Director: Ana Ruiz 323 555 0147", "Producer: Li Wei 323 555 0148"]):
        page.insert_text(pymupdf.Point(50, 100 + 20 * i) * page.derotation_matrix, text, fontsize=10, rotate=90)
    doc.save(tmp_path / "landscape.pdf")
    (loaded,) = document.load(tmp_path / "landscape.pdf")
    assert (loaded.width, loaded.height) == (792, 612)
    first = [w for w in loaded.words if w.text in ("Director:", "Ana", "Ruiz")]
    assert len({round(w.y0) for w in first}) == 1 and first[0].x0 < first[1].x0 < first[2].x0
