"""aws-textract: Blocks -> pages -> contacts, against botocore's Stubber (offline)."""
from __future__ import annotations

from pathlib import Path

import boto3
import pymupdf
import pytest
from botocore.stub import ANY, Stubber

from callsheet.extraction.errors import PermanentError, ServiceUnavailable
from callsheet.extraction.textract import client as textract
from callsheet.extraction.textract.blocks import page_from_blocks
from tests.extraction.textract.pages import crew_table_page, forms_page

LETTER = (612.0, 792.0)


@pytest.fixture
def blank_pdf(tmp_path: Path) -> Path:
    """A one-page PDF without text: Textract's answer is all the test knows of it."""
    path = tmp_path / "sheet.pdf"
    with pymupdf.open() as doc:
        doc.new_page(width=LETTER[0], height=LETTER[1])
        doc.save(path)
    return path


@pytest.fixture
def client():
    return boto3.client(
        "textract", region_name="us-west-2", aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret"
    )


class OnePagePdf:
    """Equal to the bytes of a PDF with exactly one page (Textract's synchronous limit)."""

    def __eq__(self, other: object) -> bool:
        with pymupdf.open(stream=other, filetype="pdf") as doc:
            return doc.page_count == 1


def words_of(page, text: str):
    return [w for w in page.words if w.text == text]


def test_table_cells_become_blocks_and_merged_cells_one_block():
    page, summary = page_from_blocks(crew_table_page().blocks, 1, *LETTER)
    assert page.source == "textract" and page.number == 1
    assert summary.tables == 1 and summary.merged_cells == 3 and summary.cells == 28
    (ana,) = words_of(page, "Ana")
    (ruiz,) = words_of(page, "Ruiz")
    (phone_area,) = words_of(page, "(310)")
    assert ana.block == ruiz.block != phone_area.block
    (camera,) = words_of(page, "CAMERA")
    (operator,) = words_of(page, "Operator")
    assert camera.block != operator.block
    # geometry: ratios scaled to points, top-left origin
    assert ana.x0 == pytest.approx((0.05 + 0.25 + 0.003) * LETTER[0])
    assert ana.y0 == pytest.approx((0.10 + 2 * 0.024 + 0.004) * LETTER[1])
    assert ana.conf == pytest.approx(0.991)


def test_form_key_and_value_share_a_block():
    page, summary = page_from_blocks(forms_page().blocks, 2, *LETTER)
    assert summary.key_values == 3
    (producer,) = words_of(page, "Producer:")
    (maya,) = words_of(page, "Maya")
    (omar,) = words_of(page, "Omar")
    assert producer.block == maya.block != omar.block
    assert page.number == 2


def test_extract_sends_single_pages_and_parses_with_pattern(blank_pdf, client):
    with Stubber(client) as stub:
        stub.add_response(
            "analyze_document",
            crew_table_page().response(),
            {"Document": {"Bytes": ANY}, "FeatureTypes": ["TABLES", "FORMS"]},
        )
        result = textract.extract(blank_pdf, {}, None, client=client)
        stub.assert_no_pending_responses()
    people = {c.name: c for c in result.contacts}
    assert {"Ana Ruiz", "Sam Lee", "Kim Park", "Joe Brandt"} <= set(people)
    assert people["Ana Ruiz"].phone == "+13105550142"
    assert people["Ana Ruiz"].email == "ana.ruiz@example.com"
    assert people["Joe Brandt"].phone == "+13105550145"
    assert "aws-textract" in people["Ana Ruiz"].sources
    assert result.metadata["method"] == "aws-textract"
    assert result.metadata["tables"] == 1 and result.metadata["mergedCells"] == 3


def test_each_page_of_a_pdf_is_one_call(tmp_path, client):
    path = tmp_path / "two.pdf"
    with pymupdf.open() as doc:
        doc.new_page(width=LETTER[0], height=LETTER[1])
        doc.new_page(width=LETTER[0], height=LETTER[1])
        doc.save(path)
    with Stubber(client) as stub:
        for page in (forms_page(), crew_table_page()):
            stub.add_response("analyze_document", page.response(),
                              {"Document": {"Bytes": OnePagePdf()}, "FeatureTypes": ["TABLES", "FORMS"]})
        pages, meta = textract.analyze_pages(path, client)
        stub.assert_no_pending_responses()
    assert [p.number for p in pages] == [1, 2]
    assert meta["textractPages"] == 2 and meta["keyValues"] == 3


@pytest.mark.parametrize("code,status", [
    ("ThrottlingException", 400),
    ("ProvisionedThroughputExceededException", 400),
    ("LimitExceededException", 400),
    ("InternalServerError", 500),
    ("ServiceUnavailable", 503),
])
def test_throttling_and_server_errors_are_transient(blank_pdf, client, code, status):
    with Stubber(client) as stub:
        stub.add_client_error("analyze_document", service_error_code=code, http_status_code=status)
        with pytest.raises(ServiceUnavailable):
            textract.analyze_pages(blank_pdf, client)


@pytest.mark.parametrize("code,status,hint", [
    ("InvalidParameterException", 400, "invalid"),
    ("UnsupportedDocumentException", 400, "PDF, PNG or JPEG"),
    ("BadDocumentException", 400, "corrupt"),
    ("DocumentTooLargeException", 400, "10 MB"),
    ("AccessDeniedException", 400, "textract:AnalyzeDocument"),
    ("UnrecognizedClientException", 400, "AWS_ACCESS_KEY_ID"),
])
def test_document_and_access_errors_are_permanent(blank_pdf, client, code, status, hint):
    with Stubber(client) as stub:
        stub.add_client_error("analyze_document", service_error_code=code, http_status_code=status)
        with pytest.raises(PermanentError, match=hint):
            textract.analyze_pages(blank_pdf, client)


def test_connection_failure_is_transient(blank_pdf, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    monkeypatch.setenv("AWS_ENDPOINT_URL_TEXTRACT", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    client = textract.make_client({"AWS_REGION": "us-west-2", "AWS_MAX_ATTEMPTS": "1"})
    assert client.meta.endpoint_url == "http://127.0.0.1:9"
    with pytest.raises(ServiceUnavailable):
        textract.analyze_pages(blank_pdf, client)


def test_client_settings():
    client = textract.make_client({"AWS_REGION": "eu-west-1", "AWS_RETRY_MODE": "adaptive", "AWS_MAX_ATTEMPTS": "3"})
    assert client.meta.region_name == "eu-west-1"
    assert client.meta.config.retries == {"mode": "adaptive", "total_max_attempts": 3}
    with pytest.raises(PermanentError, match="AWS_REGION"):
        textract.make_client({})
