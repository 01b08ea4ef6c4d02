"""How sure the reader is: each contact's confidence, and which pages read weakly.

A contact's confidence adds up the evidence that placed it (a table row, a label, a number,
an address, a role the lexicon knows) and loses what the reader doubted: a role label no
lexicon knows, a number printed on the row that did not read as a phone, a role taken from
the row above, a name of one word, OCR. A page is weak (metadata `weakPages`, so `hybrid`
sends it out) when its structure left something unread: no contact at all, a table header
with no rows, lone personal numbers, many labels or numbers not understood, or a low mean
confidence. A digital page read cleanly is never weak.
"""
from __future__ import annotations

from callsheet.extraction.pattern.records import Record
from callsheet.extraction.pattern.settings import SETTINGS
from callsheet.extraction.types import Contact, Word


def contact_confidence(record: Record, phones: bool, email: bool, role: bool, name_ok: bool, split: bool) -> float:
    """Confidence (0.05..0.99) of one contact read from `record`."""
    s = SETTINGS
    score = 0.45
    if "table" in record.evidence:
        score += 0.2
    if "label" in record.evidence:
        score += 0.15
    score += 0.15 * phones + 0.1 * email + 0.1 * role
    if record.kind == "cast" and record.character:
        score += 0.15
    if "inherited-role" in record.evidence:
        score -= 0.1
    if split:
        score -= 0.05
    if not name_ok:
        score -= 0.25
    score -= s.doubt_penalty * len(record.doubts)
    return round(max(0.05, min(score, 0.99)), 2)


def ocr_discount(contacts: list[Contact], words: list[Word]) -> None:
    """OCR misreads letters: a name or a digit may be slightly wrong, the more so on a page
    the engine itself read with less confidence (a photo more than a clean scan)."""
    s = SETTINGS
    mean = sum(w.conf for w in words) / len(words) if words else 0.0
    penalty = s.ocr_penalty + s.ocr_doubt_scale * max(0.0, s.ocr_clean_conf - mean)
    for c in contacts:
        c.confidence = round(max(0.05, c.confidence - penalty), 2)


def page_doubts(records: list[Record]) -> dict[str, int]:
    """How many of a page's records had a role label or a number the reader did not understand."""
    return {"unknownRoles": sum("unknown-role" in r.doubts for r in records),
            "unreadNumbers": sum("unread-number" in r.doubts for r in records)}


def is_weak(page_has_words: bool, found: list[Contact], stats: dict) -> bool:
    """True when a page's reading is uncertain enough to ask another method."""
    s = SETTINGS
    if not page_has_words:
        return False
    if not found:
        return True
    mean = sum(c.confidence for c in found) / len(found)
    doubted = max(s.weak_doubts, s.weak_doubt_share * len(found))
    return (mean < s.weak_confidence or stats.get("unmappedTables", 0) > 0
            or stats.get("unassigned", 0) >= s.weak_unassigned
            or stats.get("unknownRoles", 0) >= doubted or stats.get("unreadNumbers", 0) >= s.weak_doubts)
