"""The lexicon's languages: what each language prints on a call sheet, one data file each.

`lexicon/<code>.json` holds, for one language, facts about jobs and sheets that are true on
any sheet in that language: position labels (both genders) -> canonical role, labels that
have no canonical role (and the department they belong to), department headers,
phone labels and extension words, shared-mailbox words, name particles, and the
words and countries that tell the sheet's language and country. Code reads these; adding
a language is adding a file.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["Language", "language_files", "languages", "merged"]

_DIR = Path(__file__).resolve().parent / "lexicon"
_MERGED_DICTS = ("departments", "roles", "no_role", "phone_labels", "context_default")
_MERGED_LISTS = ("context_dependent", "extensions", "mailboxes", "particles", "vendors", "org_words", "legal_forms",
                 "placeholders", "not_names", "qualifiers")


@dataclass(frozen=True, slots=True)
class Language:
    """One language's clues for telling where a sheet comes from."""

    code: str
    countries: tuple[str, ...]  # where the language is a production's language; the first is the default
    clues: tuple[str, ...]  # words printed on call sheets in this language (folded, lower case)


@lru_cache(maxsize=1)
def _files() -> tuple[dict, ...]:
    return tuple(json.loads(p.read_text(encoding="utf-8")) for p in sorted(_DIR.glob("*.json")))


def language_files() -> tuple[dict, ...]:
    """Each language's data as its file holds it (`language` says which)."""
    return _files()


@lru_cache(maxsize=1)
def languages() -> tuple[Language, ...]:
    """Every language with country and word clues, in file order."""
    out = []
    for data in _files():
        if data.get("countries"):
            out.append(Language(data["language"], tuple(data["countries"]),
                                tuple(w.casefold() for w in data.get("clues", []))))
    return tuple(out)


@lru_cache(maxsize=1)
def merged() -> dict:
    """All languages' data in one dict (English first, then the others alphabetically).

    Dicts of lists are concatenated per key, dicts of values keep the first language's value,
    lists are concatenated.
    """
    files = sorted(_files(), key=lambda d: (d.get("language") != "en", d.get("language", "")))
    out: dict = {key: {} for key in _MERGED_DICTS} | {key: [] for key in _MERGED_LISTS}
    for data in files:
        for key in _MERGED_DICTS:
            for name, value in data.get(key, {}).items():
                if isinstance(value, list):
                    out[key].setdefault(name, [])
                    out[key][name] = out[key][name] + [v for v in value if v not in out[key][name]]
                else:
                    out[key].setdefault(name, value)
        for key in _MERGED_LISTS:
            out[key].extend(data.get(key, []))
    return out

