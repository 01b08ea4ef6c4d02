"""One free-text line -> items, left to right: role labels (`Director:`, `1st AD`), names
(with a role printed beside them: `Ana Ruiz (2nd AD)`; several: `A / B`, `A & B`, a comma list
of `Name (Role)`; a vendor's `Company (Contact Person)`), phones, e-mails, department titles
and other labels (`Fax:`, `ER:`, a place after `Location:`). Call times and status codes
(`6:30A`, `W/N`) say nothing of who and are skipped. `blocks` then assembles the items of
many lines into records.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from callsheet.extraction.normalize.emails import EMAIL_IN_TEXT
from callsheet.extraction.normalize.names import is_organization, is_placeholder, looks_like_person
from callsheet.extraction.normalize.phones import find_phones
from callsheet.extraction.normalize.roles import lexicon
from callsheet.extraction.pattern.records import is_contact_person

_EDGE = " \t·•|,;:–—-()[]/*‘’“”\"'`~&"
_COMPANY_LABEL = re.compile(r"^(?:production(?:\s+company)?|prod\.?\s+co\.?|soci[ée]t[ée] de production|studio)$",
                            re.IGNORECASE)
# labels whose value is a place, whatever it looks like: `Location 2: Dunmore Farmhouse, 2083 ...`
_PLACE_LABEL = re.compile(
    r"^(?:(?:set\s+|shooting\s+|filming\s+)?locations?|loc\.?|address|addr\.?|(?:unit\s+|crew\s+)?base(?:camp)?"
    r"|(?:crew\s+)?parking|site|set|studio|stage|(?:nearest\s+)?(?:hospital|a\s?&\s?e|er|urgent care)"
    r"|lieu(?:\s+de\s+tournage)?|d[ée]cor|adresse|localisation|localizaci[oó]n|locaci[oó]n|direcci[oó]n|decorado"
    r"|motiv|drehort|anschrift|krankenhaus|luogo|indirizzo|ambiente|ospedale|hospital|morada|local)"
    r"(?:\s*(?:\d+|[a-z]))?$", re.IGNORECASE)
_BY = re.compile(r"^(?:prepared|approved|issued|compiled|updated|checked)\s+by\b:?\s*", re.IGNORECASE)
_STAND_IN = re.compile(r"\bstand[\s-]?ins?\b|\bSI\b|\bphoto doubles?\b", re.IGNORECASE)
# `6:30A`, `05:30`, `7:00 AM`, `6h30`, `O/C`, `W/N`, `Per AD`: a row's call, printed anywhere in the row
_CALL_TIME = re.compile(
    r"(?<![\w:/.])(?:\d{1,2}[:h.]\d{2}\s?(?:[AaPp]\.?[Mm]?\.?)?|\d{1,2}\s?[AaPp]\.?[Mm]\.?|O/C|W/N|per AD)(?![\w:/])",
    re.IGNORECASE)
_BAR, _AMPERSAND = re.compile(r"\s\|\s"), re.compile(r"\s&\s")
_LISTED = re.compile(r"\s*(?P<name>[^,;()]+?)\s*\((?P<role>[^()]+)\)\s*(?:[,;]\s*|$)")
_VENDOR = re.compile(r"(?P<company>[^()—–:|]{3,}?)\s*\((?P<person>[^()]+)\)")
_TRAILING_ROLE = re.compile(  # `Ana Ruiz (2nd AD)`, `Lars Halvorsen, 2nd AD`, `Ana Ruiz – Director`
    r"^(?P<name>[^(),–—]+?)\s*(?:\((?P<paren>[^)]*)\)?|,\s*(?P<comma>.+)|\s[-–—]\s+(?P<dash>.+))$")


@dataclass(slots=True)
class Item:
    kind: str  # role | name | phone | email | label | dept | text
    text: str
    x0: float
    x1: float
    role: str = ""  # for names: a role printed with the name ("Ana Ruiz (2nd AD)")


def _span_x(words: list, offsets: list[int], start: int, end: int) -> tuple[float, float]:
    first = last = None
    for w, off in zip(words, offsets, strict=False):
        if off < end and off + len(w.text) > start:
            first = first or w
            last = w
    if first is None:
        return words[0].x0, words[-1].x1
    return first.x0, last.x1


Locate = Callable[[int, int], tuple[float, float]]


def _name_items(piece: str, at: int, locate: Locate, dept_header: str | None) -> list[Item]:
    """Items of a text piece (no phones or e-mails in it) that starts at offset `at` of its segment."""
    lex = lexicon()
    piece = _CALL_TIME.sub(lambda m: " " * len(m.group()), piece)  # call times, status codes: not who
    if " | " in piece or " & " in piece:  # fields of a pasted line; `A & B`: two people
        cut = _BAR.search(piece) or _AMPERSAND.search(piece)
        left, right = (piece[: cut.start()].strip(_EDGE), piece[cut.end():].strip(_EDGE)) if cut else ("", "")
        if cut and "&" in cut.group() and not (_people(left) and _people(right)):
            cut = None  # `Boltline Lighting & Grip`: one name with an ampersand
        if cut and left and right:
            return [*_name_items(piece[: cut.start()], at, locate, dept_header),
                    *_name_items(piece[cut.end():], at + cut.end(), locate, dept_header)]
    at += len(piece) - len(piece.lstrip(_EDGE))
    piece = _strip_edges(piece)
    if not piece or (len(piece) <= 2 and not piece[:1].isupper() and not piece.isdigit()):
        return []  # specks and stray marks, not words
    x0, x1 = locate(at, at + len(piece))
    by = _BY.match(piece)
    if by:
        return [Item("label", "by", x0, x1), *_name_items(piece[by.end():], at + by.end(), locate, dept_header)]
    if ":" in piece:
        label, rest = piece.split(":", 1)
        head = _label_item(label, *locate(at, at + len(label)), dept_header)
        tail = _name_items(rest, at + len(label) + 1, locate, dept_header)
        if _COMPANY_LABEL.match(label.strip(_EDGE)) or _PLACE_LABEL.match(label.strip(_EDGE)):
            # `Production : Lumière Basse` names the company, `Location 2: Dunmore Farmhouse` a place
            tail = [Item("label", t.text, t.x0, t.x1) if t.kind == "name" else t for t in tail]
        return [head, *tail]
    dept = lex.match_department_header(piece)
    if dept and (piece.isupper() or len(piece.split()) == 1):
        # `GRIP` over a list is a header; `HMU  Ana Ruiz` is a role: the reader decides
        return [Item("dept", dept, x0, x1, role=piece if lex.match_role(piece, dept_header) else "")]
    if lex.match_role(piece, dept_header):
        return [Item("role", piece, x0, x1)]
    roles = lex.find_roles(piece, dept_header)
    if roles and roles[0].start == 0:
        rest = piece[roles[0].end:]
        if rest.strip(_EDGE):
            head = Item("role", roles[0].label, *locate(at, at + roles[0].end))
            tail = _name_items(rest, at + roles[0].end, locate, dept_header)
            if rest.lstrip().startswith("/") and tail and tail[0].kind == "role":
                tail[0].text = f"{head.text} / {tail[0].text}"  # `Costume Designer / Costume Sup.`
                tail[0].x0 = head.x0
                return tail
            return [head, *tail]
    if piece.count("(") > 1 and ("," in piece or ";" in piece):
        listed = _listed(piece, at, locate, dept_header)
        if listed:
            return listed
    vendor = _VENDOR.search(piece) if piece.endswith(")") or ") " in piece else None
    if vendor and is_contact_person(vendor["person"]):
        # `Picture Cars — Chrome & Rust (Solène Létourneau)`: the vendor's contact person
        return [Item("name", f"{vendor['company'].strip()} ({vendor['person'].strip()})", x0, x1)]
    trailing = _TRAILING_ROLE.match(piece) if len(piece) < 120 else None
    if trailing and _people(trailing["name"]):
        role = (trailing["paren"] or trailing["comma"] or trailing["dash"] or "").strip(_EDGE)
        if _is_role(role, dept_header):
            return [Item("name", trailing["name"].strip(), x0, x1, role=role)]  # `Li Wei (Gaffer)`
    if len(piece) > 60 or len(piece.split()) > 7:
        return [Item("text", piece, x0, x1)]  # prose (scene descriptions, notes), not a name
    if _people(piece) and not (piece.endswith(")") and "(" in piece):  # `Li Wei (Gaffer)`: below
        return [Item("name", piece, x0, x1)]
    if trailing and _people(trailing["name"]):
        return [Item("name", trailing["name"].strip(), x0, x1)]
    if is_placeholder(piece) or is_organization(piece):
        return [Item("label", piece, x0, x1)]
    return [Item("text", piece, x0, x1)]


def _listed(piece: str, at: int, locate: Locate, dept_header: str | None) -> list[Item]:
    """`Rubén Trujillo (Transpo Captain), Ruolan Lucero (Driver)`: a department's people as one
    comma list, each with the role in parentheses; [] unless the whole piece reads so."""
    out: list[Item] = []
    end = 0
    for m in _LISTED.finditer(piece):
        if m.start() != end or not (looks_like_person(m["name"]) and _is_role(m["role"].strip(), dept_header)):
            return []
        out.append(Item("name", m["name"].strip(), *locate(at + m.start("name"), at + m.end("name")),
                        role=m["role"].strip()))
        end = m.end()
    return out if end >= len(piece.rstrip(_EDGE)) and len(out) > 1 else []


def _people(text: str) -> bool:
    """A person, or several (`Lester Fernandes / Philippa Huxley`: every part a full name)."""
    if "/" not in text:
        return looks_like_person(text)
    parts = [p.strip() for p in text.split("/")]
    return len(parts) > 1 and all(looks_like_person(p) for p in parts)


def _is_role(text: str, dept_header: str | None) -> bool:
    """A role label, or one role per person (`Key Grip / Best Boy Grip`)."""
    if not text:
        return False
    lex = lexicon()
    if lex.match_role(text, dept_header) or _STAND_IN.search(text):
        return True
    parts = [p.strip() for p in text.split("/")]  # `Best Boy` needs its header: the reader resolves it
    return len(parts) > 1 and all(lex.match_role(p, dept_header) or lex.is_role_label(p) for p in parts)


def _strip_edges(text: str) -> str:
    """Text without stray marks at its ends, keeping the `)` that closes `Best Boy (Grip)`."""
    core = text.strip(_EDGE)
    if core.count("(") > core.count(")") and text.rstrip(_EDGE.replace(")", "")).endswith(")"):
        core += ")"
    return core


def _label_item(label: str, x0: float, x1: float, dept_header: str | None) -> Item:
    label = _strip_edges(label)
    lex = lexicon()
    if _is_role(label, dept_header):  # `KEY PA / SET PA:` one person's two positions
        return Item("role", label, x0, x1)
    roles = lex.find_roles(label, dept_header)
    if roles and roles[-1].end >= len(label.rstrip()) - 1:
        return Item("role", roles[-1].label, x0, x1)
    return Item("label", label, x0, x1)


def segment_items(words: list, region: str, dept_header: str | None = None) -> list[Item]:
    """Classify the words of one segment into items, left to right."""
    offsets, pos = [], 0
    for w in words:
        offsets.append(pos)
        pos += len(w.text) + 1
    text = " ".join(w.text for w in words)

    def locate(start: int, end: int) -> tuple[float, float]:
        return _span_x(words, offsets, start, end)

    digits = sum(map(str.isdigit, text))
    mail = "@" in text or ("at" in text.lower() and EMAIL_IN_TEXT.search(text) is not None)
    if digits < 7 and not mail:
        if not any(ch.isalpha() for ch in text):
            return []  # times, scene numbers, page counts: nothing about a person
        return _name_items(text, 0, locate, dept_header)
    spans = [(m.start, m.end, "phone", m.raw) for m in find_phones(text, region)] if digits >= 7 else []
    spans += [(m.start(), m.end(), "email", m.group()) for m in EMAIL_IN_TEXT.finditer(text)] if mail else []
    if len(spans) > 1:
        spans = sorted(s for s in spans if not any(o[0] < s[0] < o[1] for o in spans if o is not s))
    items: list[Item] = []
    cursor = 0
    for start, end, kind, raw in spans:
        if start < cursor:
            continue
        if text[cursor:start].strip(_EDGE):
            items += _name_items(text[cursor:start], cursor, locate, dept_header)
        items.append(Item(kind, raw, *locate(start, end)))
        cursor = end
    if text[cursor:].strip(_EDGE):
        items += _name_items(text[cursor:], cursor, locate, dept_header)
    return items
