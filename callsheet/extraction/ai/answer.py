"""The shape of the model's answer: a JSON schema sent as structured output, and its check.

The schema asks for the contact fields `pattern` produces plus, per contact, the page it is
printed on. Structured output makes a malformed answer rare, not impossible (gateways,
truncation, older models), so `parse_answer` checks every field and raises
`TransientError` for anything off: a retry usually gets a well-formed answer.

`answer_budget` sizes `max_tokens` to the pages sent: an answer repeats a contact's printed
values plus some 60 tokens of JSON per contact, and a line holds one contact at the most,
so the pages' text and line count bound it; on DEV the answers use 10-60 % of it (the
densest phone lists the most). A page without text gets the whole AI_MAX_TOKENS, and an
answer cut short on one page is asked again with it (`client`).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from callsheet.extraction.errors import TransientError

_NULLABLE_STRING = {"type": ["string", "null"]}
_STRINGS = {"type": "array", "items": {"type": "string"}}

CONTACT_FIELDS: dict[str, dict[str, Any]] = {
    "name": {"type": "string", "description": "The person's name as printed."},
    "role": {**_NULLABLE_STRING, "description": "Position as printed (e.g. '1st AD'); Cast for actors."},
    "roles": {**_STRINGS, "description": "All positions printed for the person, when more than one."},
    "department": {**_NULLABLE_STRING, "description": "Department header the person is listed under."},
    "phones": {**_STRINGS, "description": "Every number printed for the person, as printed, in reading order."},
    "email": {**_NULLABLE_STRING, "description": "E-mail printed on the person's own row or line."},
    "character": {**_NULLABLE_STRING, "description": "Character played, for cast only."},
    "company": {**_NULLABLE_STRING, "description": "Agency, client or vendor the person belongs to, if printed."},
    "confidence": {"type": "number", "description": "0 to 1: how sure you are this row is read right."},
    "page": {"type": "integer", "description": "Page of the call sheet the person is printed on."},
}

ANSWER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["contacts"],
    "properties": {
        "contacts": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": list(CONTACT_FIELDS),
                "properties": CONTACT_FIELDS,
            },
        }
    },
}


@dataclass(slots=True)
class ModelContact:
    """One contact exactly as the model answered, before normalisation and grounding."""

    name: str
    role: str | None = None
    roles: list[str] = field(default_factory=list)
    department: str | None = None
    phones: list[str] = field(default_factory=list)
    email: str | None = None
    character: str | None = None
    company: str | None = None
    confidence: float = 0.5
    page: int | None = None


def parse_answer(text: str) -> list[ModelContact]:
    """The answer's JSON -> contacts; `TransientError` when it does not fit the schema."""
    try:
        data = json.loads(text)
    except (TypeError, ValueError) as exc:
        raise TransientError(f"The AI answer was not valid JSON ({exc}); retrying") from exc
    if not isinstance(data, dict) or not isinstance(data.get("contacts"), list):
        raise TransientError("The AI answer has no 'contacts' list; retrying")
    return [_contact(item, n) for n, item in enumerate(data["contacts"])]


def _contact(item: object, n: int) -> ModelContact:
    if not isinstance(item, dict):
        raise TransientError(f"AI contact #{n} is not an object; retrying")
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise TransientError(f"AI contact #{n} has no name; retrying")
    out = ModelContact(name=name.strip())
    for key in ("role", "department", "email", "character", "company"):
        value = item.get(key)
        if value is not None and not isinstance(value, str):
            raise TransientError(f"AI contact #{n}: '{key}' is not a string; retrying")
        setattr(out, key, value.strip() or None if isinstance(value, str) else None)
    for key in ("roles", "phones"):
        value = item.get(key, [])
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise TransientError(f"AI contact #{n}: '{key}' is not a list of strings; retrying")
        setattr(out, key, [v.strip() for v in value if v.strip()])
    confidence = item.get("confidence", 0.5)
    if isinstance(confidence, bool) or not isinstance(confidence, int | float):
        raise TransientError(f"AI contact #{n}: 'confidence' is not a number; retrying")
    out.confidence = max(0.0, min(1.0, float(confidence)))
    page = item.get("page")
    if page is not None and (isinstance(page, bool) or not isinstance(page, int)):
        raise TransientError(f"AI contact #{n}: 'page' is not a whole number; retrying")
    out.page = page
    return out


BUDGET_BASE = 512  # tokens: the answer's frame and a few contacts' worth of slack
BUDGET_PER_LINE = 80  # one contact per line at the most, some 60 tokens of JSON each, and room
CHARS_PER_TOKEN = 4


def answer_budget(lines: list[str], cap: int) -> int:
    """`max_tokens` for an answer about pages printing `lines` (no lines: `cap`)."""
    if not lines:
        return cap
    text_tokens = sum(len(line) for line in lines) // CHARS_PER_TOKEN
    return min(cap, BUDGET_BASE + 2 * text_tokens + BUDGET_PER_LINE * len(lines))
