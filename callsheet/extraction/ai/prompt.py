"""What the model is told: the rules of a call-sheet contact, and one request's content.

The document goes as itself (a PDF `document` block or an `image` block) so the model sees
the layout, together with the numbered text lines the layout step already read, so that
small print stays exact and every contact can cite the lines it came from (grounding
checks the values against those words).
"""
from __future__ import annotations

import base64
from typing import Any

from callsheet.extraction.ai.grounding import TextLine

SYSTEM = """You extract the contacts of people from film, TV and commercial call sheets.

A contact is every named individual person printed on the sheet: key contacts in the header,
the crew list, the cast table, stand-ins, agency and client people, and the names in
"Prepared by / Approved by / Issued by" lines.

Not contacts: organisations, companies, places and their numbers (production office phone,
fax, generic mailboxes such as production@ or office@), hospitals, police, security,
vendors and rental houses written in a crew row's name column, talent agencies, placeholder
rows (TBD, TBA, open), character names, walkie channels.

Rules:
- One contact per person. A person listed twice (e.g. "Ana Ruiz" in the header and
  "RUIZ, Ana" in the crew list) is one contact holding everything printed for them.
- Copy names, numbers and e-mails exactly as printed; never invent, complete or correct
  them. Leave a field null (or the list empty) when the sheet does not print it.
- phones: only numbers printed on the person's own row or line, in reading order,
  including any extension as printed (e.g. "+1 (416) 555 0100 x204"). Never give a person
  the production office or a company number printed elsewhere.
- email: only an address printed on the person's own row or line.
- role: the position as printed; for cast use "Cast" and put the character in `character`;
  stand-ins are "Stand-In". When a row gives two positions for two people
  ("Key Grip / Best Boy | A / B"), the first person gets the first position.
- department: the department header the person is listed under, if any.
- The numbered text lines are the document's own text: take spellings and digits from them,
  and the layout (which cell belongs to which row and header) from the document itself.
- lines: the ids ("page:line") of the numbered text lines the contact was read from.
- confidence: 0 to 1, how sure you are that the row is read correctly.
"""


def user_content(
    sources: list[dict[str, Any]], lines: list[TextLine], pages: list[int], total_pages: int
) -> list[dict[str, Any]]:
    """Content blocks of one request: the pages themselves, then their numbered lines."""
    span = f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]}-{pages[-1]}"
    if len(sources) > 1:
        span += (f", sent as {len(sources)} overlapping horizontal strips, top to bottom (a person in "
                 "an overlap is still one contact)")
    if lines:
        numbered = "\n".join(f"[{line.id}] {line.text}" for line in lines)
        text = (
            f"This is {span} of a {total_pages}-page call sheet. Its text, line by line "
            f"(cells separated by ' | '), with line ids to cite:\n\n{numbered}\n\n"
            "List every person on these pages as JSON following the schema."
        )
    else:
        text = (
            f"This is {span} of a {total_pages}-page call sheet; it has no text layer, so "
            "read it from the image and leave `lines` empty.\n\n"
            "List every person on these pages as JSON following the schema."
        )
    return [*sources, {"type": "text", "text": text}]


def pdf_source(data: bytes) -> dict[str, Any]:
    return {
        "type": "document",
        "source": {"type": "base64", "media_type": "application/pdf", "data": _b64(data)},
    }


def image_source(data: bytes, media_type: str) -> dict[str, Any]:
    return {"type": "image", "source": {"type": "base64", "media_type": media_type, "data": _b64(data)}}


def _b64(data: bytes) -> str:
    return base64.standard_b64encode(data).decode("ascii")
