"""Records -> contacts: split shared rows, normalize fields, one contact per person, confidence.

A record may hold several people (`Key Grip / Best Boy | A / B`): names, roles, phones and
e-mails are split on `/` and handed out by position. Organisations, placeholders and
anything that is not a person are dropped here, taking their numbers with them. The same
person found twice (`Ana Ruiz` in the header, `RUIZ, Ana` in the crew list) becomes one
contact holding the union of what the sheet shows.
"""
from __future__ import annotations

import re

from callsheet.extraction.normalize.agents import split_care_of
from callsheet.extraction.normalize.bilingual import english_half, translation
from callsheet.extraction.normalize.emails import find_emails, is_generic_mailbox, is_partial_email
from callsheet.extraction.normalize.names import (
    is_organization,
    is_placeholder,
    looks_like_person,
    name_key,
    normalize_character,
    normalize_name,
)
from callsheet.extraction.normalize.ocr_names import lone_surname, mend_surname
from callsheet.extraction.normalize.phones import find_phones
from callsheet.extraction.normalize.roles import OCR_SPECKS, lexicon
from callsheet.extraction.pattern.confidence import contact_confidence
from callsheet.extraction.pattern.records import Record, is_contact_person, spells_name
from callsheet.extraction.types import Contact

_SPLIT = re.compile(r"\s*/\s*")
_SPACED_SLASH = re.compile(r"\s+/\s+")
_VENDOR = re.compile(r"^(?P<company>[^()]{3,}?)\s*\((?P<person>[^()]+)\)$")
_VALUE_SPLIT = re.compile(r"\s+/\s*|\s*/\s+|(?<!\d)/|/(?!\d)")
_CONT_WORDS = {"cont", "cont'd", "contd", "continued", "unit", "day", "only", "and"}
_LINKING = re.compile(r"^(?:of|to|for|de|du|des|la|le)\b", re.IGNORECASE)  # `Director of ...` is another job
_OCR_QUOTE = re.compile(r"(?<=[a-z])[’'`](?=[A-Z]\.)")  # OCR `Aiko’J.` for `Aiko J.`
_STAND_IN = re.compile(r"\bstand[\s-]?ins?\b|\bSI\b|\bphoto doubles?\b", re.IGNORECASE)
_CAST_ROLE = re.compile(  # `Cast — "Young Maya"`, `Cast (Det. Quill)`, `Talent: Mom`
    r"^\s*(?:cast|talent|actor|actress|performer)\b\s*[—–:\-]*\s*[(“\"'‘]?(?P<character>[^)”\"'’]*)[)”\"'’]?\s*$",
    re.IGNORECASE,
)


_ROLE_EDGES = f"{OCR_SPECKS}()"  # OCR's specks and rulings around a role cell, and its brackets


def _resolve_role(label: str, dept: str | None, bilingual: bool = False) -> str | None:
    lex = lexicon()
    label = label.strip(_ROLE_EDGES)
    if label.count("(") > label.count(")"):
        label += ")"  # `Best Boy (Grip)` keeps its qualifier
    if not label:
        return None
    match = lex.match_role(label, dept)
    if match:
        return match.role
    if _STAND_IN.search(label):
        return "Stand-In"
    for found in lex.find_roles(label, dept):
        rest = f"{label[:found.start]} {label[found.end:]}"
        words = [w for w in re.findall(r"[^\W\d_]{3,}", rest) if w.lower() not in _CONT_WORDS]
        if not words or (len(words) == 1 and not _LINKING.match(rest.strip())):
            return found.role  # `Key Grip (cont'd)`, `Gaffer - Unit 2`, `Camera Operator A`
        if bilingual and english_half(label, found.start, found.end):
            return found.role  # the French line over the English one in one cell
    return None  # `Director of Photo.` is not a Director: keep the printed label


def _roles(text: str, dept: str | None, bilingual: bool = False) -> list[str]:
    """Canonical roles of a role cell; `Producer / UPM` gives two, unknown labels none; in a
    table titled in two languages `Réalisateur·trice / Director` is one."""
    whole = _resolve_role(text, dept, bilingual)
    if "/" in text:  # spaced slashes part positions first: `Tonmeister / Tonassistenz/Angel` is two
        for splitter in (_SPACED_SLASH, _SPLIT):
            parts = splitter.split(text)
            each = [_resolve_role(p, dept) for p in parts]
            if bilingual and (one := translation(parts, each)):
                return [one]  # `Réalisateur·trice / Director`: one job in two languages
            if len(parts) > 1 and all(each):
                return list(dict.fromkeys(r for r in each if r))
    return [whole] if whole else []


def _join_email_lines(lines: list[str]) -> str:
    out = ""
    for line in lines:
        line = line.strip()
        if out and ((is_partial_email(out.split()[-1].rstrip("/")) and not out.rstrip().endswith("/"))
                    or line.startswith(".") or out.endswith(("@", ".", "-", "_"))):
            out += line
        else:
            out = f"{out} {line}".strip()
    return out


def _share(text: str, count: int, find, shared: bool = False) -> list[list]:
    """Hand out the values in `text` to `count` people: by `/` parts, else one each; a lone
    value is everyone's when `shared` (one number printed in a two-person row), else the
    first person's."""
    if count == 1:
        return [find(text)]
    parts = _VALUE_SPLIT.split(text)  # `0170/5555252` is one number: a tight slash between digits stays
    if len(parts) == count:
        return [find(p) for p in parts]
    values = find(text)
    if len(values) == count:
        return [[v] for v in values]
    if shared and len(values) == 1:
        return [list(values) for _ in range(count)]
    return [values] + [[] for _ in range(count - 1)]


def _by_owner(emails: list[list[str]], names: list[str]) -> list[list[str]]:
    """Addresses of a shared row given to the person whose name they spell, where one does;
    a shared mailbox (`info@`, `office@`) stays only with the person it names
    (`info@isaiahsandoval.example` is Isaiah Sandoval's own)."""
    if len(names) > 1:
        pool = [e for group in emails for e in group]
        owners: list[list[str]] = [[] for _ in names]
        rest = []
        for email in pool:
            hits = [i for i, n in enumerate(names) if spells_name(email, n)]
            (owners[hits[0]] if len(hits) == 1 else rest).append(email)
        if any(owners):
            emails = [o or ([rest.pop(0)] if rest else []) for o in owners]
    return [[e for e in group if not is_generic_mailbox(e, name)]
            for group, name in zip(emails, names, strict=True)]


def _vendor_contact(record: Record) -> None:
    """`Prime Glass Camera (Latoya Jefferson)`: a vendor row names its contact person, who is
    the contact (no role, no department); the company is not."""
    vendor = _VENDOR.match(record.name.strip())
    if vendor and is_contact_person(vendor["person"]):
        record.name, record.role, record.character, record.dept_header = vendor["person"], "", "", None
        record.kind = "vendor"
        record.evidence.add("vendor")


def _agents(record: Record, region: str) -> list[Contact]:
    """`c/o Simone Pruett, Bellhaven Talent 678-555-0183` on an actor's row: the agent is a
    contact (no role, department Other) and the number on that line is the agent's, not the
    actor's; the actor keeps any other number of the row."""
    agents = []
    care = split_care_of(record.name)
    if care:  # `Ana Ruiz c/o Bo Li, Agency 404-555-0193` in the name cell
        record.name = care.before
        record.phones = [care.after, *record.phones]
    for line in list(record.phones):
        care = split_care_of(line)
        if care is None:
            continue
        record.phones.remove(line)
        agent = Contact(name=care.agent, department="Other", page=record.page, sources=["care-of"])
        numbers = find_phones(care.after, region)
        if numbers:
            agent.phone, agent.phone_ext = numbers[0].e164, numbers[0].ext
        agent.confidence = 0.7 if numbers else 0.55
        agents.append(agent)
    return agents


def record_contacts(record: Record, region: str) -> list[Contact]:
    """The people in one record as contacts (none for organisations and placeholders)."""
    if record.name.endswith(")"):
        _vendor_contact(record)
    agents = _agents(record, region)
    return [*_people(record, region), *agents]


def _people(record: Record, region: str) -> list[Contact]:
    names = [n for n in _SPLIT.split(record.name.strip(" /")) if n.strip()] if "/" in record.name else [record.name]
    dept = record.dept_header
    cast_role = _CAST_ROLE.match(record.role) if record.kind != "cast" else None
    if cast_role and (known := lexicon().match_role(record.role)) and known.role != "Cast":
        cast_role = None  # `Cast Driver` is a crew position, not an actor playing "Driver"
    if cast_role:
        record.kind, record.character = "cast", record.character or cast_role["character"].strip()
    roles = _roles(record.role, dept, "bilingual" in record.evidence) if record.role and not cast_role else []
    count = len(names)
    phones = _share(" ".join(record.phones), count, lambda t: find_phones(t, region), shared=True)
    lines = record.emails + [p for p in record.phones if "@" in p]  # an address in the phone cell is theirs too
    emails = _by_owner(_share(_join_email_lines(lines), count, find_emails), names)
    if record.role and not roles and record.kind not in ("cast", "vendor") and not _STAND_IN.search(record.role):
        record.doubts.add("unknown-role")  # a label printed for the person that no lexicon knows
    if not any(phones) and sum(ch.isdigit() for line in record.phones for ch in line) >= 7:
        record.doubts.add("unread-number")  # digits on the row that did not read as a phone
    out = []
    for i, raw in enumerate(names):
        raw = _OCR_QUOTE.sub(" ", raw.strip())
        lone = count == 1 and record.kind == "crew" and (phones[0] or emails[0]) and lone_surname(raw)
        if lone:
            name = f"{lone},"  # `WEISS,` whose first name OCR lost: merging.py gives the row to that person
        elif not raw or is_placeholder(raw) or is_organization(raw) or not looks_like_person(raw):
            continue
        else:
            name = normalize_name(raw)
        if not name:
            continue
        if count == 1:
            mine = roles
        else:
            mine = [roles[min(i, len(roles) - 1)]] if roles else []
        contact = Contact(name=name, page=record.page)
        if record.kind == "cast" and _STAND_IN.fullmatch(record.character.strip(" ()")):
            contact.role, contact.department = "Stand-In", "Cast"  # a cast row whose part is `Stand-In`
        elif record.kind == "cast":
            contact.role, contact.department = "Cast", "Cast"
            if record.character:
                contact.character = normalize_character(record.character)
        elif mine:
            contact.role, contact.roles = mine[0], mine if len(mine) > 1 else []
            contact.department = lexicon().department_of(mine[0]) or dept
        elif record.role:  # a label with no canonical role: role null, the job's or the section's department
            contact.department = lexicon().label_department(record.role, dept)
        numbers = phones[i]
        if numbers:
            contact.phone = numbers[0].e164
            contact.phone_ext = numbers[0].ext
            contact.phones = list(dict.fromkeys(p.e164 for p in numbers))
        if emails[i]:
            contact.email = emails[i][0]
            contact.name = mend_surname(contact.name, contact.email)  # `IGLE S, Arantxa`, OCR's loss
        full = len([t for t in name.split() if len(t.rstrip(".")) > 1]) >= 2
        contact.confidence = contact_confidence(record, bool(numbers), bool(contact.email), bool(contact.role),
                                                full, count > 1)
        contact.sources = sorted(record.evidence)
        out.append(contact)
    return out


def give_lone_addresses(lone: list, contacts: list[Contact]) -> int:
    """An address left alone on a page (its box broke across pages, its line strayed) goes to
    the one person of the sheet so far, without an address, whose name it spells. Returns how
    many found their person."""
    given = 0
    for item in lone:
        if item.kind != "email":
            continue
        found = find_emails(item.text)
        owners = {name_key(c.name): c for c in contacts if not c.email and found and spells_name(found[0], c.name)}
        if len(owners) == 1:
            owner = next(iter(owners.values()))
            owner.email = found[0]
            given += 1
    return given
