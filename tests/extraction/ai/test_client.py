"""ai: the Anthropic client against the SDK's mock transport (httpx2), offline."""
from __future__ import annotations

import base64
import json
from pathlib import Path

import httpx2
import pymupdf
import pytest

from callsheet.extraction.ai import client as ai
from callsheet.extraction.errors import (
    MethodNotConfigured,
    PermanentError,
    ServiceUnavailable,
    TransientError,
)
from tests.fake_anthropic import error, message

CREW = [
    ("Director of Photography", "Ana Ruiz", "(310) 555-0142", "ana.ruiz@northlight.example"),
    ("1st AC", "Sam Lee", "310-555-0143", "sam.lee@northlight.example"),
    ("Gaffer", "Joe Brandt", "310.555.0145", "joe.brandt@northlight.example"),
]


def write_sheet(path: Path, pages: int = 1) -> Path:
    """A digital call sheet: header, then one crew row per line, on `pages` pages."""
    with pymupdf.open() as doc:
        for n in range(pages):
            page = doc.new_page(width=612, height=792)
            page.insert_text((72, 60), f"NORTHLIGHT PICTURES  Los Angeles, CA 90028  page {n + 1}", fontsize=10)
            for x, label in ((72, "POSITION"), (230, "NAME"), (330, "PHONE"), (430, "EMAIL")):
                page.insert_text((x, 90), label, fontsize=9)
            for i, (role, name, phone, email) in enumerate(CREW):
                y = 110 + 16 * i
                for x, text in ((72, role), (230, name), (330, phone), (430, email)):
                    page.insert_text((x, y), text, fontsize=8)
        doc.save(path)
    return path


def contact(name: str, role: str | None = None, phones: list[str] | None = None, email: str | None = None,
            page: int = 1, confidence: float = 0.95, **extra) -> dict:
    return {"name": name, "role": role, "roles": [], "department": extra.get("department"),
            "phones": phones or [], "email": email, "character": extra.get("character"),
            "company": None, "confidence": confidence, "page": page}


CREW_ANSWER = {"contacts": [contact(name, role, [phone], email) for role, name, phone, email in CREW]}


class Recorder:
    """A mock transport handler: answers from a list, keeps every request body."""

    def __init__(self, *replies) -> None:
        self.replies = list(replies)
        self.requests: list[dict] = []
        self.headers: list[httpx2.Headers] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(json.loads(request.content))
        self.headers.append(request.headers)
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        status, body = reply
        return httpx2.Response(status, json=body, headers={"request-id": "req_test"})


def settings(**overrides) -> ai.Settings:
    values = {"api_key": "sk-test", "max_retries": 0, "timeout": 5.0, **overrides}
    return ai.Settings(**values)


def run(path: Path, recorder: Recorder, options: dict | None = None, **overrides):
    conf = settings(**overrides)
    client = ai.make_client(conf, http_client=httpx2.Client(transport=httpx2.MockTransport(recorder)))
    from callsheet.extraction import document

    pages = document.load(path)
    numbers = list(range(1, len(pages) + 1))
    return ai.read_pages(path, pages, numbers, options or {}, conf, client)


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    return write_sheet(tmp_path / "sheet.pdf")


def test_request_holds_the_pdf_once_with_schema_model_and_a_budget_that_fits_the_page(sheet):
    recorder = Recorder((200, message(CREW_ANSWER, input_tokens=2100, output_tokens=420)))
    result = run(sheet, recorder, model="claude-test-model")
    (request,) = recorder.requests
    assert request["model"] == "claude-test-model"
    assert request["output_config"]["format"]["type"] == "json_schema"
    assert request["output_config"]["format"]["schema"]["required"] == ["contacts"]
    assert "call sheets" in request["system"]
    document, text = request["messages"][0]["content"]
    assert document["type"] == "document" and document["source"]["media_type"] == "application/pdf"
    assert "text layer" in text["text"]
    for printed in ("Ana Ruiz", "555-0142", "ana.ruiz@northlight.example"):  # the block carries the text
        assert printed not in text["text"]
    assert 512 < request["max_tokens"] < 2000  # four lines of text, not the whole AI_MAX_TOKENS
    assert recorder.headers[0]["authorization"] == "Bearer sk-test"
    people = {c.name: c for c in result.contacts}
    assert people["Ana Ruiz"].phone == "+13105550142"
    assert people["Ana Ruiz"].role == "Director of Photography"
    assert people["Ana Ruiz"].department == "Camera"
    assert people["Sam Lee"].role == "First Assistant Camera"
    assert people["Joe Brandt"].email == "joe.brandt@northlight.example"
    assert people["Ana Ruiz"].sources == ["ai"]
    assert result.metadata["usage"] == {"inputTokens": 2100, "outputTokens": 420, "requests": 1,
                                        "model": "claude-test-model"}
    assert result.metadata["ungroundedDropped"] == 0


def test_pages_are_sent_in_chunks_of_ai_max_pages(tmp_path):
    path = write_sheet(tmp_path / "long.pdf", pages=5)
    recorder = Recorder(*[(200, message({"contacts": []}))] * 3)
    result = run(path, recorder, pages_per_request=2)
    assert len(recorder.requests) == 3
    sent = [pymupdf.open(stream=base64.b64decode(r["messages"][0]["content"][0]["source"]["data"]),
                         filetype="pdf").page_count for r in recorder.requests]
    assert sent == [2, 2, 1]
    assert "pages 3-4 of a 5-page" in recorder.requests[1]["messages"][0]["content"][1]["text"]
    assert result.metadata["usage"]["requests"] == 3


def test_truncated_answer_splits_the_chunk(tmp_path):
    path = write_sheet(tmp_path / "two.pdf", pages=2)
    recorder = Recorder((200, message('{"contacts": [{"name": "Ana', stop_reason="max_tokens")),
                        (200, message(CREW_ANSWER)), (200, message({"contacts": []})))
    result = run(path, recorder)
    assert len(recorder.requests) == 3
    assert "Ana Ruiz" in {c.name for c in result.contacts}


@pytest.mark.parametrize("answer", [
    "not json at all",
    '{"people": []}',
    '{"contacts": [{"name": 42}]}',
    '{"contacts": [{"name": "Ana Ruiz", "phones": "310-555-0142"}]}',
    '{"contacts": [{"name": "Ana Ruiz", "confidence": "high"}]}',
])
def test_malformed_answer_is_retryable(sheet, answer):
    with pytest.raises(TransientError):
        run(sheet, Recorder((200, message(answer))))


@pytest.mark.parametrize("status", [429, 500, 503, 529])
def test_rate_limits_overload_and_server_errors_are_transient(sheet, status):
    with pytest.raises(ServiceUnavailable):
        run(sheet, Recorder(error(status)))


@pytest.mark.parametrize("exc", [httpx2.ReadTimeout("slow"), httpx2.ConnectError("refused")])
def test_timeouts_and_connection_errors_are_transient(sheet, exc):
    with pytest.raises(ServiceUnavailable):
        run(sheet, Recorder(exc))


@pytest.mark.parametrize("status,hint", [
    (400, "pattern"),
    (401, "ANTHROPIC_API_KEY"),
    (403, "permissions"),
    (404, "ANTHROPIC_MODEL"),
    (413, "AI_MAX_PAGES"),
])
def test_request_and_key_errors_are_permanent_with_advice(sheet, status, hint):
    with pytest.raises(PermanentError, match=hint) as info:
        run(sheet, Recorder(error(status)))
    assert not isinstance(info.value, TransientError)


def test_sdk_retries_at_most_once(sheet):
    recorder = Recorder(error(529), error(529))
    with pytest.raises(ServiceUnavailable):
        run(sheet, recorder, max_retries=1)
    assert len(recorder.requests) == 2


def test_refusal_is_permanent(sheet):
    with pytest.raises(PermanentError, match="declined"):
        run(sheet, Recorder((200, message({"contacts": []}, stop_reason="refusal"))))


def test_settings_from_env():
    with pytest.raises(MethodNotConfigured, match="ANTHROPIC_API_KEY"):
        ai.Settings.from_env({})
    conf = ai.Settings.from_env({"ANTHROPIC_API_KEY": "k", "AI_MAX_PAGES": "3",
                                 "ANTHROPIC_BASE_URL": "http://gateway.local"})
    assert conf.model == ai.DEFAULT_MODEL and conf.pages_per_request == 3 and conf.max_retries == 1
    assert str(ai.make_client(conf).base_url) == "http://gateway.local"


def test_default_model_is_listed_and_not_deprecated():
    from typing import get_args

    from anthropic._data import DEPRECATED_MODELS
    from anthropic.types.model import Model

    listed = {m for arg in get_args(Model) for m in get_args(arg)}
    assert ai.DEFAULT_MODEL in listed and ai.DEFAULT_MODEL not in DEPRECATED_MODELS


def test_large_image_is_sent_in_legible_strips(tmp_path):
    sheet = write_sheet(tmp_path / "sheet.pdf")
    with pymupdf.open(sheet) as doc:
        photo = tmp_path / "photo.png"
        doc[0].get_pixmap(dpi=200).save(photo)  # 1700 x 2200 px, 3.7 megapixels
    recorder = Recorder((200, message(CREW_ANSWER)))
    result = run(photo, recorder)
    content = recorder.requests[0]["messages"][0]["content"]
    images = [block for block in content if block["type"] == "image"]
    assert len(images) == 4
    strips = [pymupdf.Pixmap(base64.b64decode(b["source"]["data"])) for b in images]
    assert all(s.width == 1700 and s.width * s.height <= 1_250_000 for s in strips)
    assert sum(s.height for s in strips) >= 2200
    assert "4 overlapping horizontal strips" in content[-1]["text"]
    assert "Ana Ruiz" in {c.name for c in result.contacts}  # grounded in the OCR text
