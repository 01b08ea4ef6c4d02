"""People printed for someone else: an actor's agent (`c/o Agent Name, Agency 404-555-0193`)
and a vendor's contact person (`Company (Contact Person)`).

Both are contacts; the agency and the company are not. The number on a `c/o` line is the
agent's, not the actor's; a vendor's person has no crew position (role and department null).
"""
from __future__ import annotations

import re
from typing import NamedTuple

from callsheet.extraction.normalize.names import is_organization, looks_like_person, normalize_name
from callsheet.extraction.normalize.roles import lexicon

__all__ = ["CareOf", "split_care_of", "vendor_person"]

_CARE_OF = re.compile(r"(?<![\w/])(?:c\s?/\s?o|c\.\s?o\.|care\s+of|a/c)(?![\w/])[\s:.]*", re.IGNORECASE)
_AGENT_END = re.compile(r"[,;|·(\[]|\s[-–—]\s|\s(?=\+?\(?\d)")
_VENDOR = re.compile(r"^(?P<company>[^()]+?)\s*\((?P<person>[^()]+)\)\s*$")


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


def vendor_person(text: str) -> str | None:
    """`Reel Hearth Catering (Rashida Castellví)` -> `Rashida Castellví`; None when it is no such row.

    The part in parentheses must be a person and the part before it no person (`Ana Ruiz (Day 2)`
    and `Ana Ruiz (Key Grip)` are people with a note, not vendors).
    """
    m = _VENDOR.match((text or "").strip())
    if not m:
        return None
    person = normalize_name(m["person"])
    if not person or len(person.split()) < 2 or lexicon().match_role(m["company"]):
        return None  # `Gaffer (Ana Ruiz)` is the gaffer
    return person if is_organization(m["company"]) or not looks_like_person(m["company"]) else None
