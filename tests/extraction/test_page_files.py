"""Images sent to an outside service (the AI method): upright, as OCR reads them."""
from __future__ import annotations

import pymupdf

from callsheet.extraction import page_files
from tests.extraction.scans import text_page
from tests.extraction.test_ocr_rules import LINES, _with_exif_orientation


def test_a_photo_turned_by_its_exif_orientation_is_sent_upright(tmp_path):
    sideways = text_page(LINES, rotate=270, dpi=50).tobytes("jpg")  # landscape pixels, EXIF 6: turn them
    path = tmp_path / "photo.jpg"
    path.write_bytes(_with_exif_orientation(sideways, 6))
    data, media_type = page_files.image_bytes(path, 5_000_000)
    sent = pymupdf.Pixmap(data)
    assert media_type == "image/jpeg" and sent.height > sent.width


def test_an_upright_photo_is_sent_as_it_is(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(_with_exif_orientation(text_page(LINES, dpi=50).tobytes("jpg"), 1))
    assert page_files.image_bytes(path, 5_000_000) == (path.read_bytes(), "image/jpeg")
