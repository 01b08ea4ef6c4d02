"""Images over the limits are refused at upload with a reason and a code (422), and again by
the worker with the same reason should one get through: every page of a TIFF, decoded bytes
and not just pixels, MAX_PAGES for TIFFs, and images whose size cannot be read."""
from __future__ import annotations

import struct
from pathlib import Path

import pytest

from tests import nasty_files as nasty
from tests.helpers import upload, work


def _answer(client, auth, data: bytes, name: str = "scan.tif") -> tuple[int, dict]:
    response = upload(client, auth.headers(), data=data, name=name, extractionMethod="pattern")
    return response.status_code, response.get_json()


def _refused(client, auth, app, data: bytes, code: str) -> str:
    status, body = _answer(client, auth, data)
    assert status == 422 and body["error"]["code"] == code, body
    assert not [p for p in Path(app.config["UPLOAD_DIR"]).rglob("*") if p.is_file()], "a refused upload was stored"
    return body["error"]["message"]


def test_a_tiff_hiding_a_huge_second_page_is_refused(client, auth, app):
    message = _refused(client, auth, app, nasty.tiff([(2550, 3300), (30000, 30000)], pixels=False), "image_too_large")
    assert message.startswith("Page 2 of the TIFF is 30000 x 30000 pixels (900 megapixels); the limit is 90")


def test_a_tiff_whose_first_page_header_is_far_into_the_file_is_measured(client, auth, app):
    message = _refused(client, auth, app, nasty.tiff([(30000, 30000)], first_ifd_at=200_000, pixels=False),
                       "image_too_large")
    assert "30000 x 30000" in message


def test_a_sixteen_bit_rgba_png_under_the_pixel_limit_is_refused_for_its_decoded_size(client, auth, app):
    message = _refused(client, auth, app, nasty.png_header(9400, 9400, bits=16, colour=6), "image_too_large")
    assert "MB once decoded" in message and "the limit is 200 MB" in message


def test_max_image_mb_is_a_setting(settings, redis_conn):
    from callsheet import create_app
    from tests.conftest import AuthActions

    app = create_app({**settings, "MAX_IMAGE_MB": 700})
    status, body = _answer(app.test_client(), AuthActions(app), nasty.png_header(9400, 9400, bits=16, colour=6))
    assert status == 202, body


def test_a_tiff_over_max_pages_is_refused(client, auth, app):
    message = _refused(client, auth, app, nasty.tiff([(8, 8)] * 500), "too_many_pages")
    assert message.startswith("The TIFF has more than 100 pages; the limit is 100.")


@pytest.mark.parametrize(
    "data",
    [b"II*\x00" + struct.pack("<I", 10_000_000) + b"\x00" * 64, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
     b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64],
    ids=["tiff-header-past-the-end", "png-without-header", "jpeg-without-frame-header"],
)
def test_an_image_whose_size_cannot_be_read_is_refused(client, auth, app, data):
    message = _refused(client, auth, app, data, "unreadable_image")
    assert "damaged: its size cannot be read" in message


@pytest.mark.parametrize(
    "data",
    [nasty.jpeg_after_segments(4000, 3000), nasty.tiff([(8, 8)] * 3), nasty.tiff([(8, 8)], first_ifd_at=100_000)],
    ids=["jpeg-after-200-kB-of-metadata", "three-page-tiff", "tiff-header-far-into-the-file"],
)
def test_ordinary_images_are_accepted(client, auth, data):
    status, body = _answer(client, auth, data)
    assert status == 202, body


def test_the_worker_fails_a_tiff_over_max_pages_with_the_same_reason(client, auth, app, monkeypatch):
    data = nasty.tiff([(8, 8)] * 30)
    status, body = _answer(client, auth, data)
    assert status == 202, body  # accepted under the web's MAX_PAGES (100) ...
    monkeypatch.setenv("MAX_PAGES", "20")  # ... but the worker's is lower (another deploy's setting)
    work(app)
    job = client.get(f"/api/extraction/job/{body['jobId']}", headers=auth.headers()).get_json()
    assert job["status"] == "failed" and job["attempts"] == 1, job
    assert job["error"].startswith("The TIFF has more than 20 pages; the limit is 20."), job["error"]
