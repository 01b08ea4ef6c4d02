"""An actor's agent, printed on the actor's row: `c/o Agent Name, Agency 404-555-0193`.

The agent is a contact (no canonical role, department Other), the agency is not, and the
number on the `c/o` line is the agent's, not the actor's.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from callsheet.extraction.normalize.names import is_organization, normalize_name

__all__ = ["CareOf", "split_care_of"]

_CARE_OF = re.compile(r"(?<![\w/])(?:c\s?/\s?o|c\.\s?o\.|care\s+of|a/c)(?![\w/])[\s:.]*", re.IGNORECASE)
_AGENT_END = re.compile(r"[,;|·(\[]|\s[-–—]\s|\s(?=\+?\(?\d)")


class CareOf(NamedTuple):
    """What a `c/o` line says: the text before it, the agent's name, the rest (agency, number)."""

    before: str
    agent: str
    after: str


def split_care_of(text: str) -> CareOf | None:
    """`Ana Ruiz c/o Bo Li, Agency (404) 555-0193` -> ("Ana Ruiz", "Bo Li", ", Agency (404) 555-0193").

    None when the text has no `c/o` or no person follows it (`c/o Agency`).
    """
    if not text or ("/" not in text and "care" not in text.lower() and "c." not in text.lower()):
        return None
    m = _CARE_OF.search(text)
    if not m:
        return None
    rest = text[m.end():]
    end = _AGENT_END.search(rest)
    head = rest[: end.start()] if end else rest
    agent = normalize_name(head.strip()) if head.strip() and not is_organization(head) else None
    if not agent:
        return None
    return CareOf(text[: m.start()].strip(), agent, rest[len(head):])

