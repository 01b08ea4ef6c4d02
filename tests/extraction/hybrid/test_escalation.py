"""hybrid: pattern first, the configured outside service on weak pages only, merged per person."""
from __future__ import annotations

import base64
from pathlib import Path

import boto3
import pymupdf
import pytest
from botocore.stub import Stubber

from callsheet.extraction import extract
from callsheet.extraction.hybrid import escalation as hybrid
from callsheet.extraction.hybrid.merge import merge_people
from callsheet.extraction.pattern import reader as pattern
from callsheet.extraction.types import Contact
from tests.extraction.ai.test_client import CREW, write_sheet
from tests.extraction.textract.pages import crew_table_page
from tests.fake_anthropic import FakeAnthropic, error, ok

SCANNED_CREW = [("Key Grip", "Orla Brennan", "(310) 555-0151"), ("Best Boy Grip", "Teo Marsh", "(310) 555-0152")]
SERVICE_SETTINGS = ("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                    "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION")


@pytest.fixture(autouse=True)
def no_services(monkeypatch):
    for name in SERVICE_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ANTHROPIC_MAX_RETRIES", "0")


@pytest.fixture
def fake_ai(monkeypatch):
    with FakeAnthropic() as server:
        monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test")
        monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
        yield server


@pytest.fixture
def scanned_second_page(tmp_path: Path, monkeypatch) -> Path:
    """Page 1 digital; page 2 a picture of a crew list, on a machine without Tesseract."""
    digital = write_sheet(tmp_path / "digital.pdf")
    with pymupdf.open() as scan_src:
        page = scan_src.new_page(width=612, height=792)
        for i, (role, name, phone) in enumerate(SCANNED_CREW):
            page.insert_text((72, 100 + 20 * i), f"{role}   {name}   {phone}", fontsize=11)
        picture = page.get_pixmap(dpi=100)
    path = tmp_path / "mixed.pdf"
    with pymupdf.open(digital) as doc:
        scan = doc.new_page(width=612, height=792)
        scan.insert_image(scan.rect, pixmap=picture)
        doc.save(path)
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract binary to be found
    return path


def test_confident_digital_sheet_makes_no_outside_call(tmp_path, fake_ai):
    path = write_sheet(tmp_path / "sheet.pdf")
    result = extract(path, "hybrid", {})
    assert fake_ai.requests == []
    assert result.metadata["methodsUsed"] == ["pattern"] and result.metadata["pagesEscalated"] == []
    assert [c.name for c in result.contacts] == [c.name for c in pattern.extract(path, {}).contacts]
    assert {c.name for c in result.contacts} >= {name for _, name, _, _ in CREW}


def test_page_without_text_goes_to_ai_and_is_merged(scanned_second_page, fake_ai):
    fake_ai.script.append(ok({"contacts": [
        {"name": name, "role": role, "roles": [], "department": "Grip", "phones": [phone], "email": None,
         "character": None, "company": None, "confidence": 0.9, "page": 2}
        for role, name, phone in SCANNED_CREW
    ]}))
    result = extract(scanned_second_page, "hybrid", {})
    assert len(fake_ai.requests) == 1
    (document,) = [b for b in fake_ai.requests[0]["messages"][0]["content"] if b["type"] == "document"]
    with pymupdf.open(stream=base64.b64decode(document["source"]["data"]), filetype="pdf") as sent:
        assert sent.page_count == 1  # only the weak page leaves the machine
    assert "page 2" in fake_ai.requests[0]["messages"][0]["content"][1]["text"]
    assert result.metadata["pagesEscalated"] == [2] and result.metadata["methodsUsed"] == ["pattern", "ai"]
    assert result.metadata["weakReasons"] == {"2": "no-text"}
    people = {c.name: c for c in result.contacts}
    assert people["Orla Brennan"].phone == "+13105550151"
    assert people["Orla Brennan"].sources == ["ai"]
    assert people["Orla Brennan"].confidence <= 0.3  # nothing on the page to check it against
    assert "pattern" in people["Ana Ruiz"].sources
    assert result.metadata["usage"]["requests"] == 1


def test_weak_pages_are_only_reported_without_a_service(scanned_second_page):
    result = extract(scanned_second_page, "hybrid", {})
    assert result.metadata["weakPages"] == [2] and result.metadata["pagesEscalated"] == []
    assert "no outside service" in result.metadata["escalation"]
    assert "Ana Ruiz" in {c.name for c in result.contacts}


def test_failing_service_degrades_to_pattern(scanned_second_page, fake_ai):
    fake_ai.script.append(error(529))
    result = extract(scanned_second_page, "hybrid", {})
    assert result.metadata["degraded"]["service"] == "ai"
    assert result.metadata["methodsUsed"] == ["pattern"]
    assert "Ana Ruiz" in {c.name for c in result.contacts}


def test_textract_when_ai_is_not_configured(scanned_second_page):
    client = boto3.client("textract", region_name="us-west-2", aws_access_key_id="AKIDEXAMPLE",
                          aws_secret_access_key="secret")
    with Stubber(client) as stub:
        stub.add_response("analyze_document", crew_table_page().response())
        result = hybrid.extract(scanned_second_page, {}, None, clients={"aws-textract": client})
        stub.assert_no_pending_responses()
    assert result.metadata["methodsUsed"] == ["pattern", "aws-textract"]
    people = {c.name: c for c in result.contacts}
    assert "aws-textract" in people["Kim Park"].sources and "pattern" not in people["Kim Park"].sources
    assert "pattern" in people["Ana Ruiz"].sources and "aws-textract" in people["Ana Ruiz"].sources


def test_merge_prefers_the_first_reading_and_never_merges_on_a_shared_office_phone():
    office = "+13105550100"
    text_layer = [Contact("Ana Ruiz", role="Director of Photography", phone="+13105550142",
                          email="ana@x.example", sources=["pattern"]),
                  Contact("Sam Lee", phone=office, sources=["pattern"])]
    model = [Contact("Ana Ruiz", role="Camera Operator", phone="+13105550199", email="ana@x.example",
                     character=None, sources=["ai"]),
             Contact("Kim Park", phone=office, sources=["ai"]),
             Contact("LEE, Sam", email="sam@x.example", sources=["ai"])]
    people = merge_people([*text_layer, *model])
    assert [p.name for p in people] == ["Ana Ruiz", "Sam Lee", "Kim Park"]
    ana, sam, _ = people
    assert ana.role == "Director of Photography" and ana.phone == "+13105550142"
    assert ana.phones == ["+13105550142", "+13105550199"] and ana.sources == ["ai", "pattern"]
    assert sam.email == "sam@x.example"


def test_on_ocr_pages_people_only_ocr_found_are_kept_apart_for_review():
    found = [Contact("Ana Ruiz", phone="+13105550142", page=1, sources=["pattern"]),
             Contact("Jacob Prescott", phone="+13235550181", page=2, sources=["pattern"]),
             Contact("Seat Diaper", page=2, sources=["pattern"])]
    extra = [Contact("Jacob Prescott", phone="+13235550181", email="jp@x.example", page=2, sources=["ai"])]
    people, unconfirmed, conflicts = hybrid._combine(found, extra, ocr={2})
    assert conflicts == 0
    assert [p.name for p in people] == ["Ana Ruiz", "Jacob Prescott"]
    assert people[1].sources == ["ai", "pattern"] and people[1].email == "jp@x.example"
    assert [c.name for c in unconfirmed] == ["Seat Diaper"]
