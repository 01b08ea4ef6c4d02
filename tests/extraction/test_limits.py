"""Page, pixel and decoded-size limits from headers alone (limits.py, image_headers.py): every
page of a TIFF wherever its header lies, bytes per pixel, and images whose size cannot be read.
The worker's check (`limits.check`, on a file) and the upload's (`check_image`, on a stream)
give the same reasons; files are built in the test (tests/nasty_files.py)."""
from __future__ import annotations

import io
import struct

import pymupdf
import pytest

from callsheet.extraction import image_headers, limits
from callsheet.extraction.limits import IMAGE_TOO_LARGE, TOO_MANY_PAGES, UNREADABLE_IMAGE, Limits, Refused
from tests import nasty_files as nasty


def _refused(tmp_path, data: bytes, env: dict | None = None) -> Refused:
    """The worker's refusal of `data`, checked to be the upload's too (same message and code)."""
    path = tmp_path / "upload"
    path.write_bytes(data)
    with pytest.raises(Refused) as worker:
        limits.check(path, env or {})
    with pytest.raises(Refused) as upload:
        limits.check_image(io.BytesIO(data), Limits.from_settings(env or {}))
    assert str(upload.value) == str(worker.value) and upload.value.code == worker.value.code
    return worker.value


def _accepted(tmp_path, data: bytes, env: dict | None = None) -> None:
    path = tmp_path / "upload"
    path.write_bytes(data)
    limits.check(path, env or {})
    limits.check_image(io.BytesIO(data), Limits.from_settings(env or {}))


def test_a_huge_second_page_of_a_tiff_is_refused(tmp_path):
    error = _refused(tmp_path, nasty.tiff([(2550, 3300), (30000, 30000)], pixels=False))
    assert error.code == IMAGE_TOO_LARGE
    assert str(error).startswith("Page 2 of the TIFF is 30000 x 30000 pixels (900 megapixels)")


def test_a_tiff_whose_first_page_header_lies_far_into_the_file_is_still_measured(tmp_path):
    far = 200_000  # past any fixed number of bytes read from the start
    error = _refused(tmp_path, nasty.tiff([(30000, 30000)], first_ifd_at=far, pixels=False))
    assert error.code == IMAGE_TOO_LARGE and "30000 x 30000" in str(error)
    _accepted(tmp_path, nasty.tiff([(8, 8)], first_ifd_at=far))


def test_sixteen_bit_rgba_under_the_pixel_limit_is_refused_for_its_decoded_size(tmp_path):
    side = 9400  # 88 megapixels, under the 90 megapixel limit, 8 bytes each
    error = _refused(tmp_path, nasty.png_header(side, side, bits=16, colour=6))
    assert error.code == IMAGE_TOO_LARGE
    assert "674 MB once decoded (9400 x 9400 pixels at 8 bytes each); the limit is 200 MB" in str(error)
    _accepted(tmp_path, nasty.png_header(side, side, bits=16, colour=6), {"MAX_IMAGE_MB": "700"})


@pytest.mark.parametrize(
    "data",
    [nasty.jpeg_header(8000, 6000), nasty.png_header(2550, 3300, colour=2), nasty.png_header(5100, 6600, colour=0),
     nasty.tiff([(5100, 6600)], bits=1, pixels=False)],
    ids=["48-MP-phone-photo", "letter-300-dpi-rgb", "letter-600-dpi-grey", "letter-600-dpi-1-bit-tiff"],
)
def test_ordinary_scans_and_photos_are_within_the_defaults(tmp_path, data):
    _accepted(tmp_path, data)


def test_a_jpeg_frame_header_after_large_metadata_is_found(tmp_path):
    _accepted(tmp_path, nasty.jpeg_after_segments(4000, 3000))
    error = _refused(tmp_path, nasty.jpeg_after_segments(40000, 30000))
    assert error.code == IMAGE_TOO_LARGE and "40000 x 30000" in str(error)


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (b"II*\x00" + struct.pack("<I", 10_000_000), "truncated"),
        (b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 0) + struct.pack("<I", 0), "no width or height"),
        (nasty.tiff([(8, 8)], pixels=False)[:-4] + struct.pack("<I", 8), "loops"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "IHDR"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 32, "length under 2"),
        (b"\xff\xd8\x00" + b"\x00" * 32, "does not start with a marker"),
        (b"\xff\xd8\xff\xda\x00\x08" + b"\x00" * 32, "no frame header"),
        (nasty.png_header(0, 100), "0 x 100"),
    ],
    ids=["tiff-header-past-the-end", "tiff-without-size", "tiff-chain-loops", "png-without-ihdr",
         "jpeg-zero-length", "jpeg-garbage", "jpeg-scan-before-frame", "png-zero-width"],
)
def test_an_image_whose_size_cannot_be_read_is_refused(tmp_path, data, detail):
    error = _refused(tmp_path, data)
    assert error.code == UNREADABLE_IMAGE and "damaged: its size cannot be read" in str(error)
    assert detail in str(error)


def test_a_tiff_with_hundreds_of_pages_is_refused_at_the_page_limit(tmp_path):
    data = nasty.tiff([(8, 8)] * 500)
    assert pymupdf.open(stream=data, filetype="tif").page_count == 500  # what the extractor would OCR
    error = _refused(tmp_path, data)
    assert error.code == TOO_MANY_PAGES
    assert str(error).startswith("The TIFF has more than 100 pages; the limit is 100.")
    _accepted(tmp_path, data, {"MAX_PAGES": "500"})


def test_the_header_walk_agrees_with_mupdf_on_real_tiffs():
    for data in (nasty.tiff([(10, 6), (7, 5), (9, 9)]), nasty.tiff([(10, 6), (7, 5)], samples=3, bits=16)):
        walked = list(image_headers.frames(io.BytesIO(data)))
        doc = pymupdf.open(stream=data, filetype="tif")
        assert len(walked) == doc.page_count
        for frame, page in zip(walked, doc, strict=True):  # MuPDF sizes a TIFF without a resolution at 96 dpi
            pix = page.get_pixmap(matrix=pymupdf.Matrix(96 / 72, 96 / 72))
            assert (pix.width, pix.height, pix.n) == (frame.width, frame.height, max(frame.samples, 3))


def test_limits_come_from_the_environment_or_an_apps_config(monkeypatch):
    monkeypatch.setenv("MAX_IMAGE_MB", "50")
    monkeypatch.setenv("MAX_PAGES", "7")
    assert Limits.from_settings() == Limits(pages=7, pixels=90_000_000, image_mb=50)
    assert Limits.from_settings({"MAX_PAGES": 3, "MAX_IMAGE_PIXELS": 10, "MAX_IMAGE_MB": 1.5}) == Limits(3, 10, 1.5)
    assert Limits.from_settings({}) == Limits()


def test_a_pdf_image_counts_its_decoded_bytes_too(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=50, height=50)  # rendered at 300 dpi: 208 x 208, 1 byte each
    page.insert_image(page.rect, stream=nasty.grey_jpeg(400, 300))
    path = tmp_path / "photo.pdf"
    doc.save(path)
    limits.check(path, {})
    expected = r"An image on page 1 takes 0\.3 MB once decoded \(400 x 300 pixels at 3 bytes each\)"
    with pytest.raises(Refused, match=expected):
        limits.check(path, {"MAX_IMAGE_MB": "0.1"})
