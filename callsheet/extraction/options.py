"""User options applied to any method's result: quality threshold and role preferences.

`qualityThreshold` (0..1) moves contacts whose confidence is below it to `below_threshold`:
nothing is silently dropped. `rolePreferences` (list of role labels such as "1st AD" or
"Director") flags contacts whose canonical role matches one (word boundaries, aliases
understood) as `preferred` and puts them first, in the order of the preferences.
"""
from __future__ import annotations

from typing import Any

from callsheet.extraction.normalize.roles import lexicon
from callsheet.extraction.types import Contact, ExtractionResult


def threshold(options: dict[str, Any]) -> float:
    """The quality threshold in 0..1 (0 when unset or not a number)."""
    value = options.get("qualityThreshold", 0) or 0
    try:
        return min(max(float(value), 0.0), 1.0)
    except (TypeError, ValueError):
        return 0.0


def preferences(options: dict[str, Any]) -> list[str]:
    """Role preferences as a clean list of labels (a comma-separated string is accepted)."""
    value = options.get("rolePreferences") or []
    if isinstance(value, str):
        value = value.split(",")
    return [str(v).strip() for v in value if str(v).strip()]


def _rank(contact: Contact, prefs: list[str]) -> int | None:
    lex = lexicon()
    roles = contact.roles or ([contact.role] if contact.role else [])
    for i, pref in enumerate(prefs):
        if any(lex.matches_preference(role, pref) for role in roles):
            return i
    return None


def apply_options(result: ExtractionResult, options: dict[str, Any]) -> ExtractionResult:
    """Split by threshold and order by preference, in place; returns `result`."""
    limit = threshold(options)
    prefs = preferences(options)
    keep, below = [], list(result.below_threshold)
    for contact in result.contacts:
        (keep if contact.confidence >= limit else below).append(contact)
    if prefs:
        ranked = []
        for order, contact in enumerate(keep):
            rank = _rank(contact, prefs)
            contact.preferred = rank is not None
            ranked.append((rank if rank is not None else len(prefs), order, contact))
        keep = [c for *_, c in sorted(ranked, key=lambda t: (t[0], t[1]))]
    result.contacts, result.below_threshold = keep, below
    result.metadata["qualityThreshold"] = limit
    if prefs:
        result.metadata["rolePreferences"] = prefs
    return result
