"""AI cost: the page text goes once, the answer budget fits the pages, tokens are counted."""
from __future__ import annotations

import pymupdf

from callsheet.extraction.ai import client as ai
from callsheet.extraction.ai.answer import answer_budget
from tests.extraction.ai.test_client import CREW_ANSWER, Recorder, run, write_sheet
from tests.fake_anthropic import FakeAnthropic, message, ok
from tests.fake_tokens import image_tokens, input_breakdown, text_tokens


def test_budget_grows_with_the_pages_and_stops_at_the_setting():
    short = answer_budget(["Gaffer | Ana Ruiz | (310) 555-0142"] * 5, 16000)
    long = answer_budget(["Gaffer | Ana Ruiz | (310) 555-0142"] * 50, 16000)
    assert 512 < short < long < 16000
    assert answer_budget(["x" * 100] * 500, 16000) == 16000
    assert answer_budget([], 16000) == 16000  # no text: nothing to size it by


def test_an_answer_cut_short_on_one_page_is_asked_again_with_the_whole_budget(tmp_path):
    path = write_sheet(tmp_path / "one.pdf")
    recorder = Recorder((200, message('{"contacts": [{"name": "Ana', stop_reason="max_tokens")),
                        (200, message(CREW_ANSWER)))
    result = run(path, recorder, max_tokens=12000)
    first, second = recorder.requests
    assert first["max_tokens"] < 12000 and second["max_tokens"] == 12000
    assert "Ana Ruiz" in {c.name for c in result.contacts}


def test_a_scan_gets_its_ocr_text_and_a_text_layer_page_none(tmp_path):
    digital = write_sheet(tmp_path / "digital.pdf")
    with pymupdf.open(digital) as doc:
        picture = doc[0].get_pixmap(dpi=150)
    scan = tmp_path / "scan.pdf"
    with pymupdf.open() as doc:
        doc.new_page(width=612, height=792).insert_image(pymupdf.Rect(0, 0, 612, 792), pixmap=picture)
        doc.save(scan)
    sent = {}
    for name, path in (("digital", digital), ("scan", scan)):
        recorder = Recorder((200, message(CREW_ANSWER)))
        run(path, recorder)
        sent[name] = recorder.requests[0]["messages"][0]["content"][-1]["text"]
    assert "Ana Ruiz" not in sent["digital"] and "text layer" in sent["digital"]
    assert "no text layer" in sent["scan"] and "Ana Ruiz" in sent["scan"]  # what OCR read


def test_the_local_server_counts_tokens_by_its_stated_rule(tmp_path):
    path = write_sheet(tmp_path / "sheet.pdf")
    with FakeAnthropic(counting=True) as server:
        server.script.append(ok(CREW_ANSWER))
        settings = ai.Settings(api_key="sk-test", base_url=server.url, max_retries=0)
        client = ai.make_client(settings)
        counted = client.messages.count_tokens(model=settings.model,
                                               messages=[{"role": "user", "content": "a" * 400}])
        assert counted.input_tokens == text_tokens("a" * 400) == 100
        from callsheet.extraction import document

        result = ai.read_pages(path, document.load(path), [1], {}, settings, client)
    parts = input_breakdown(server.requests[-1])
    assert parts["image"] == image_tokens(6120, 7920) > 1500  # one page's picture, at the API's largest size
    assert parts["pdf_text"] > 0 and parts["system"] > 0
    assert result.metadata["usage"]["inputTokens"] == sum(parts.values())
    assert result.metadata["usage"]["outputTokens"] == text_tokens(message(CREW_ANSWER)["content"][0]["text"])
