"""One contact per person: the same person found twice becomes one contact.

`Ana Ruiz` in the header and `RUIZ, Ana` in the crew list share a name key (names.py) and
merge into the first mention, which keeps the union of numbers, e-mails and roles. Two more
forms of one person: a name cut short (`Declan S.` beside `Declan S. McAllister`) and a
name misread by OCR or mistyped on the sheet (`WEISSEN BORN, Leonie` beside `Leonie
Weißenborn`, `Janik Groß` beside `Jannik Groß` with the same mobile number).
"""
from __future__ import annotations

import unicodedata
from difflib import SequenceMatcher

from callsheet.extraction.normalize.names import name_key
from callsheet.extraction.types import Contact

_SPECIAL = str.maketrans({"ß": "ss", "ẞ": "SS", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ı": "i", "æ": "ae"})
# two spellings of one person's name that share a number are this alike (`janikgross` /
# `jannikgross` 0.95, `roswithagrosewilde` / `roswithagrossewiide` 0.92); different people on one
# office line are not (`samlee` / `samli` 0.73)
MISREAD_SIMILARITY = 0.85


def merge(contacts: list[Contact]) -> list[Contact]:
    """One contact per person: later mentions add numbers, e-mail, roles to the first."""
    surnames = [c for c in contacts if c.name.endswith(",")]  # contacts.py: `WEISS,`, first name lost
    contacts = [c for c in contacts if not c.name.endswith(",")]
    by_key: dict[str, Contact] = {}
    out: list[Contact] = []
    for c in contacts:
        key = name_key(c.name)
        first = by_key.get(key)
        if first is None:
            by_key[key] = c
            out.append(c)
            continue
        if len(c.name.split()) > len(first.name.split()):
            first.name = c.name
        _absorb(first, c)
    out = _join_misreadings(_absorb_truncated(out))
    _give_surname_rows(surnames, out)
    for c in out:
        if len(c.phones) <= 1:
            c.phones = []
    return out


def _numbers(c: Contact) -> list[str]:
    return c.phones or ([c.phone] if c.phone else [])


def _absorb(first: Contact, c: Contact) -> None:
    """What `c` adds to `first`, the same person's earlier mention."""
    first.phones = list(dict.fromkeys([*_numbers(first), *_numbers(c)]))
    if not first.phone and c.phone:
        first.phone, first.phone_ext = c.phone, c.phone_ext
    first.email = first.email or c.email
    first.character = first.character or c.character
    if c.role and c.role != "Cast" and (not first.role or (first.role == "Cast" and not first.character)):
        first.role, first.department = c.role, c.department
    roles = list(dict.fromkeys([*(first.roles or ([first.role] if first.role else [])),
                                *(c.roles or ([c.role] if c.role else []))]))
    first.roles = roles if len(roles) > 1 else []
    first.confidence = round(min(0.99, max(first.confidence, c.confidence) + 0.05), 2)
    first.sources = sorted(set(first.sources) | set(c.sources))


def _absorb_truncated(contacts: list[Contact]) -> list[Contact]:
    """`Declan S.` (a name cut by a box edge or OCR) joins the one `Declan S. McAllister`."""
    out = []
    for c in contacts:
        tokens = c.name.casefold().split()
        if len([t for t in tokens if len(t.rstrip(".")) > 1]) >= 2:
            out.append(c)
            continue
        fuller = [o for o in contacts if o is not c and o.name.casefold().split()[: len(tokens)] == tokens
                  and len(o.name.split()) > len(tokens)]
        if len(fuller) != 1:
            out.append(c)
            continue
        _fill(fuller[0], c)
    return out


def _fill(target: Contact, part: Contact) -> None:
    """What a partial mention of `target` (a cut name, a surname alone) adds where `target` has nothing."""
    target.phones = list(dict.fromkeys([*_numbers(target), *_numbers(part)]))
    if not target.phone and part.phone:
        target.phone, target.phone_ext = part.phone, part.phone_ext
    target.email = target.email or part.email
    target.role, target.department = target.role or part.role, target.department or part.department


def _letters(name: str) -> str:
    """A normalized name's letters, folded: `Leonie Weissen Born` and `Leonie Weißenborn` are alike."""
    bare = unicodedata.normalize("NFKD", name.translate(_SPECIAL))
    return "".join(ch for ch in bare if ch.isalpha()).casefold()


def _same_person(a: Contact, b: Contact, letters: dict[int, str]) -> bool:
    """`b` is `a` spelt apart or misread: the same letters, or nearly the same letters and a
    number in common, with no role or e-mail that tells them apart."""
    x, y = letters[id(a)], letters[id(b)]
    if x[:1] != y[:1]:
        return False
    if a.email and b.email and a.email.casefold() != b.email.casefold():
        return False
    if a.role and b.role and a.role != b.role:
        return False
    if x == y:
        return True
    if not set(_numbers(a)) & set(_numbers(b)):
        return False
    return SequenceMatcher(None, x, y, autojunk=False).ratio() >= MISREAD_SIMILARITY


def _join_misreadings(contacts: list[Contact]) -> list[Contact]:
    """Later mentions of a person whose name was split or misread join the first mention."""
    letters = {id(c): _letters(c.name) for c in contacts}
    out: list[Contact] = []
    for c in contacts:
        first = next((o for o in out if _same_person(o, c, letters)), None)
        if first is None:
            out.append(c)
            continue
        _absorb(first, c)  # the first reading's name: which of two misreadings is right, nothing here tells
    return out


def _give_surname_rows(surnames: list[Contact], people: list[Contact]) -> None:
    """A row that kept only its surname (`WEISS,`) is the one person of that surname, if the
    sheet names exactly one whose role does not tell them apart; else it is nobody."""
    for row in surnames:
        surname = _letters(row.name)
        same = [p for p in people if _letters(p.name.split()[-1]) == surname and len(p.name.split()) > 1
                and not (p.role and row.role and p.role != row.role)]
        if len(same) == 1:
            _fill(same[0], row)

