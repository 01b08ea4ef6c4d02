"""A fake model for the local Messages-API server: it answers the truth of the pages it is sent.

It reads a request the way the real model would: the text of every page of the PDF
`document` block, or, for a page without a text layer and for images, the numbered lines
of the prompt (the OCR text); with neither, it "sees" every true contact. It answers, per
person of the truth whose name is printed on those pages, every field the request's
answer schema asks for. Benchmarks add their noise on top (`bench/ai_grounding.py`).
"""
from __future__ import annotations

import base64
import re
from typing import Any

from callsheet.extraction.ai.grounding import name_grounded
from callsheet.extraction.ai.printed import document_text
from callsheet.extraction.types import Page, Word
from tests.fake_anthropic import ok, prompt_text

_SPAN = re.compile(r"\bpages? (\d+)(?:-(\d+))?\b")


def page_texts(request: dict[str, Any]) -> dict[int, list[str]]:
    """The text lines of every page a request holds, by page number (empty: nothing to read)."""
    text = prompt_text(request)
    numbered: dict[int, list[str]] = {}  # "[page 2]" then its lines (or "[2:14] line", earlier prompts)
    page = None
    for line in text.splitlines():
        header, cited = re.fullmatch(r"\[page (\d+)\]", line), re.match(r"\[(\d+):\d+\] (.*)", line)
        if header:
            page = int(header.group(1))
        elif cited:
            numbered.setdefault(int(cited.group(1)), []).append(cited.group(2))
        elif page is not None and line.strip():
            numbered.setdefault(page, []).append(line)
        elif not line.strip():
            page = None
    span = _SPAN.search(text)
    first = int(span.group(1)) if span else 1
    pages: dict[int, list[str]] = {}
    content = request["messages"][0]["content"]
    for block in content:
        if block.get("type") == "document":
            import pymupdf

            data = base64.b64decode(block["source"]["data"])
            with pymupdf.open(stream=data, filetype="pdf") as doc:
                for i, page in enumerate(doc):
                    pages[first + i] = page.get_text().splitlines()
    if not pages:
        last = int(span.group(2) or span.group(1)) if span else first
        pages = {n: [] for n in range(first, last + 1)}
    for number in pages:
        if not any(line.strip() for line in pages[number]):
            pages[number] = numbered.get(number, [])
    return pages


def _text_page(lines: list[str]) -> Page:
    words = [Word(0, 12.0 * i, 10, 12.0 * i + 10, token) for i, line in enumerate(lines) for token in line.split()]
    return Page(number=1, width=612, height=792, words=words)


def present(truth: list[dict], request: dict[str, Any]) -> list[tuple[int, dict]]:
    """(page, contact) for every true contact printed in the request, once, at the first page
    that prints it (a model lists a person once), in the order of the truth."""
    pages = [(number, document_text([_text_page(lines)]) if lines else None)
             for number, lines in page_texts(request).items()]
    out = []
    for contact in truth:
        page = next((n for n, doc in pages if doc is None or name_grounded(contact["name"], doc)), None)
        if page is not None:
            out.append((page, contact))
    return out


def schema_fields(request: dict[str, Any]) -> dict[str, Any]:
    """The properties of one contact in the request's answer schema."""
    schema = request["output_config"]["format"]["schema"]
    return schema["properties"]["contacts"]["items"]["properties"]


def answer_contact(fields: dict[str, Any], page: int, name: str, role: str | None = None,
                   roles: list[str] | None = None, department: str | None = None,
                   phones: list[str] | None = None, email: str | None = None,
                   character: str | None = None, confidence: float = 0.95) -> dict[str, Any]:
    """One contact of the answer, with exactly the fields the schema asks for."""
    values = {"name": name, "role": role, "roles": roles or [], "department": department,
              "phones": phones or [], "email": email, "character": character, "company": None,
              "confidence": confidence, "lines": [], "page": page}
    return {key: values.get(key) for key in fields}


def truth_fields(contact: dict) -> dict[str, Any]:
    """A truth contact's values as the model would copy them."""
    return {"role": contact["role"], "roles": contact.get("roles", []), "department": contact["department"],
            "phones": contact.get("phones") or ([contact["phone"]] if contact["phone"] else []),
            "email": contact["email"], "character": contact["character"]}


class TruthModel:
    """Answers every request with the true contacts of its pages, nothing invented."""

    def __init__(self, truth: list[dict]) -> None:
        self.truth = truth

    def __call__(self, request: dict[str, Any]) -> tuple[int, dict]:
        fields = schema_fields(request)
        found = present(self.truth, request)
        answer = [answer_contact(fields, page, c["name"], **truth_fields(c)) for page, c in found]
        return ok({"contacts": answer})
