"""OCR rules for photos and scans (issue 11 item 9): turned pages, EXIF orientation, one pass
for an upright page. Synthetic pages rendered with PyMuPDF, read by the real tesseract."""
from __future__ import annotations

import shutil
import struct

import pymupdf
import pytest

from callsheet.extraction import document, ocr, tesseract
from tests.extraction.scans import SHEET, shaded_page, text_page

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract not installed")

LINES = [*SHEET, "Gaffer   Maria Lopez   323 555 0149", "Key Grip   John Smith   323 555 0150"]


def _ruiz(page) -> pymupdf.Rect:
    (word,) = [w for w in page.words if w.text == "Ruiz"]
    return pymupdf.Rect(word.x0, word.y0, word.x1, word.y1)


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_a_turned_photo_is_read_upright(tmp_path, turn):
    path = tmp_path / "photo.png"
    text_page(LINES, rotate=turn).save(path)
    (page,) = document.load(path)
    assert (page.width, page.height) == (612, 792)  # portrait, as the sheet was printed
    box = _ruiz(page)
    assert 130 < box.x0 < 150 and 85 < box.y1 < 110  # where an upright reader sees it
    assert "0147" in {w.text for w in page.words}


def _spy(monkeypatch) -> list[tuple[list[str], int]]:
    """Every Tesseract call of the test with the size (pixels) of the image it read."""
    calls = []
    real = tesseract.run

    def run(args, workdir, budget):
        pix = pymupdf.Pixmap(str(workdir / args[0]))
        calls.append((args, pix.width * pix.height))
        return real(args, workdir, budget)

    monkeypatch.setattr(tesseract, "run", run)
    return calls


def _pages_read(calls) -> float:
    """How many times over the page (rendered at its long side) was read, orientation
    detection included."""
    return sum(size for _, size in calls) / (ocr.OCR_LONG_SIDE ** 2 * 612 / 792)


def test_an_upright_page_is_ocrd_in_one_pass(tmp_path, monkeypatch):
    calls = _spy(monkeypatch)
    path = tmp_path / "scan.png"
    text_page(LINES).save(path)
    (page,) = document.load(path)
    assert "Ruiz" in {w.text for w in page.words} and page.language == "eng"
    assert all(args[args.index("--psm") + 1] != "0" for args, _ in calls)  # no orientation detection
    assert _pages_read(calls) < 1.3  # its header, then the page


def test_a_turned_photo_is_read_about_once(tmp_path, monkeypatch):
    """Orientation detected on the header band, not the whole page: the old way read the page
    three times over (in English, its orientation, turned)."""
    calls = _spy(monkeypatch)
    path = tmp_path / "photo.png"
    text_page(LINES * 4, rotate=90).save(path)  # a sheet's worth of lines
    (page,) = document.load(path)
    assert {"Ruiz", "0147"} <= {w.text for w in page.words}
    assert _pages_read(calls) < 1.6


def _with_exif_orientation(jpeg: bytes, orientation: int) -> bytes:
    """`jpeg` with an EXIF APP1 segment holding only the Orientation tag."""
    ifd = struct.pack("<HHHIHHI", 1, 0x112, 3, 1, orientation, 0, 0)
    body = b"Exif\x00\x00" + b"II*\x00" + struct.pack("<I", 8) + ifd
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body + jpeg[2:]


def test_exif_orientation_of_a_phone_photo_is_applied(tmp_path):
    # the camera stored the pixels sideways (turned 90 degrees counter-clockwise) and says so in EXIF (6)
    sideways = text_page(LINES, rotate=270).tobytes("jpg")
    path = tmp_path / "photo.jpg"
    path.write_bytes(_with_exif_orientation(sideways, 6))
    (page,) = document.load(path)
    assert page.height > page.width
    assert 85 < _ruiz(page).y1 < 110


def test_tesseract_orientation_output_is_trusted_only_when_confident():
    osd = "Page number: 0\nOrientation in degrees: 90\nRotate: 270\nOrientation confidence: 5.50\nScript: Latin\n"
    assert ocr.parse_osd(osd) == 270
    assert ocr.parse_osd(osd.replace("5.50", "0.40")) == 0
    assert ocr.parse_osd("Too few characters") == 0


def test_a_photo_under_uneven_light_is_read_in_its_dark_half(tmp_path):
    """Sauvola's local threshold: a global one turns the darker right half of the page black."""
    rows = [f"Grip   {name}   323 555 01{i:02d}      Driver   Ned Stone   323 555 02{i:02d}"
            for i, name in enumerate(["Ana Ruiz", "Tom Baker", "Maria Lopez", "John Smith"])]
    path = tmp_path / "photo.png"
    shaded_page(rows).save(path)
    (page,) = document.load(path)
    right = {w.text for w in page.words if w.x0 > 300}
    assert {"Stone", "0200", "0203"} <= right


def test_a_german_sheet_is_read_with_the_german_model(tmp_path, monkeypatch):
    """English alone reads `Jurgen GréBer`, `Bjorn Miller`, `Wei`: the sheet's words choose German."""
    lines = ["TAGESDISPOSITION   Drehtag 3   Montag", "Treffpunkt: Krankenhaus Nord",
             "Regie   Jürgen Größer   0170 1234567", "Kamera   Björn Müller   0171 2345678",
             "Kostüm   Anja Weiß   0172 3456789"]
    path = tmp_path / "scan.png"
    text_page(lines, fontsize=12).save(path)
    calls = _spy(monkeypatch)
    (page,) = document.load(path)
    assert {"Jürgen", "Größer", "Müller", "Weiß"} <= {w.text for w in page.words}
    assert page.language == "deu+eng"
    assert _pages_read(calls) < 1.4  # only its header read in English first, not the page


def test_the_sheet_language_comes_from_its_clue_words():
    from callsheet.extraction import ocr_languages

    assert ocr_languages.sheet_language("Tagesdisposition Drehtag Treffpunkt Regie Kamera") == "de"
    assert ocr_languages.sheet_language("Director Ana Ruiz 323 555 0147") is None
    assert ocr_languages.for_text("Hoja de llamado  Dirección  Teléfono  Cámara  Vestuario").startswith("spa+")
