"""Labels printed in two languages at once: one job or department, not two.

Canadian, Belgian, Swiss or co-production sheets print every title twice (`NOM / NAME`,
`RÉGIE / LOCATIONS`, `Réalisateur·trice / Director`, or the French line over the English
one in the same cell). Two positions in one cell (`Line Producer / UPM`) look the same, so
a pair counts as a translation only when one half is English and the other is not: it has
a gender-inclusive ending (`·trice`, `(e)`), accented letters, or a word that only other
languages' labels use (`régie`, `machiniste`, `son`). The English half then says what the
label is, even where the other half is unknown or means something else elsewhere (`REGIE`
is German for directing).
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from callsheet.extraction.normalize.labels import fold_label, inclusive_spans
from callsheet.extraction.normalize.languages import language_files

__all__ = ["english_half", "is_foreign", "translation", "two_languages"]

_DOT_ENDING = re.compile(r"[^\W\d_][·•‧][^\W\d_]")  # `RÉALISATEUR·TRICE` in capitals too
_ROLES_JSON = Path(__file__).resolve().parent.parent / "roles.json"
_WORD = re.compile(r"[a-z']+")
# two halves of one title: a spaced slash or dash (`MACHINERIE – GRIP`); `MAQUILLAGE-COIFFURE` is one half
_HALVES = re.compile(r"\s+/\s+|\s+[–—-]\s+|\s*[–—]\s*")


def _words(source: dict) -> set[str]:
    labels: list[str] = []
    for role, spec in source.get("roles", {}).items():
        labels += [role, *(spec["aliases"] if isinstance(spec, dict) else spec)]
    for dept, headers in source.get("departments", {}).items():
        labels += [dept, *headers]
    labels += list(source.get("no_role", {}))
    return {w for label in labels for w in _WORD.findall(fold_label(label))}


@lru_cache(maxsize=1)
def _foreign_words() -> frozenset[str]:
    """Words of other languages' labels that no English label uses."""
    english = _words(json.loads(_ROLES_JSON.read_text(encoding="utf-8")))
    other: set[str] = set()
    for data in language_files():
        (english if data.get("language") == "en" else other).update(_words(data))
    return frozenset(w for w in other - english if len(w) > 1)


def is_foreign(text: str) -> bool:
    """True when a label is plainly not English (see the module docstring)."""
    if inclusive_spans(text) or _DOT_ENDING.search(text) or any(ch.isalpha() and not ch.isascii() for ch in text):
        return True
    return any(w in _foreign_words() for w in _WORD.findall(fold_label(text)))


def translation(halves: list[str], found: list[str | None]) -> str | None:
    """What a two-half label names when it is one label in two languages (`found` holds what
    each half alone names, None when unknown), or None: two positions, or no English half."""
    if len(halves) != 2:
        return None
    if found[0] and found[0] == found[1]:
        return found[0]
    foreign = [is_foreign(h) for h in halves]
    if foreign[0] == foreign[1]:
        return None
    return found[foreign.index(False)]


def two_languages(text: str) -> list[str]:
    """The two halves of a title printed in two languages, or [] (not two halves)."""
    halves = [h for h in _HALVES.split(text.strip()) if h.strip()]
    return halves if len(halves) == 2 else []


def english_half(text: str, start: int, end: int) -> bool:
    """True when `text[start:end]` (an English label found in a cell) is one half of the cell
    and the rest, before or after it, is the same label in another language: the French line
    over the English one (`PRENEUR·EUSE DE SON SOUND MIXER`)."""
    rest = (text[:start] if text[end:].strip(" /–—-") == "" else text[end:] if text[:start].strip() == "" else "")
    return bool(rest.strip(" /–—-")) and is_foreign(rest) and not is_foreign(text[start:end])
