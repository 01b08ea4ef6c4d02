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
from callsheet.extraction.normalize.emails import find_emails, is_generic_mailbox, is_partial_email
from callsheet.extraction.normalize.names import (
    is_organization,
    is_placeholder,
    looks_like_person,
    name_key,
    normalize_character,
    normalize_name,
)
from callsheet.extraction.normalize.phones import PhoneMatch, find_phones
from callsheet.extraction.normalize.roles import lexicon
from callsheet.extraction.pattern.records import Record
from callsheet.extraction.types import Contact

_SPLIT = re.compile(r"\s*/\s*")
_VALUE_SPLIT = re.compile(r"\s+/\s*|\s*/\s+|(?<!\d)/|/(?!\d)")
_CONT_WORDS = {"cont", "cont'd", "contd", "continued", "unit", "day", "only", "and"}
_LINKING = re.compile(r"^(?:of|to|for|de|du|des|la|le)\b", re.IGNORECASE)  # `Director of ...` is another job
_OCR_QUOTE = re.compile(r"(?<=[a-z])[’'`](?=[A-Z]\.)")  # OCR `Aiko’J.` for `Aiko J.`
_STAND_IN = re.compile(r"\bstand[\s-]?ins?\b|\bSI\b|\bphoto doubles?\b", re.IGNORECASE)
_CAST_ROLE = re.compile(  # `Cast — "Young Maya"`, `Cast (Det. Quill)`, `Talent: Mom`
    r"^\s*(?:cast|talent|actor|actress|performer)\b\s*[—–:\-]*\s*[(“\"'‘]?(?P<character>[^)”\"'’]*)[)”\"'’]?\s*$",
    re.IGNORECASE,
)


def _resolve_role(label: str, dept: str | None) -> str | None:
    lex = lexicon()
    label = label.strip(" :-–—()")
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
    return None  # `Director of Photo.` is not a Director: keep the printed label


def _roles(text: str, dept: str | None) -> list[str]:
    """Canonical roles of a role cell; `Producer / UPM` gives two, unknown labels none."""
    whole = _resolve_role(text, dept)
    parts = _SPLIT.split(text) if "/" in text else [text]
    if len(parts) > 1:
        each = [_resolve_role(p, dept) for p in parts]
        if all(each):
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


def _share(text: str, count: int, find) -> list[list]:
    """Hand out the values in `text` to `count` people: by `/` parts, else one each, else all to the first."""
    if count == 1:
        return [find(text)]
    parts = _VALUE_SPLIT.split(text)  # `0170/5555252` is one number: a tight slash between digits stays
    if len(parts) == count:
        return [find(p) for p in parts]
    values = find(text)
    if len(values) == count:
        return [[v] for v in values]
    return [values] + [[] for _ in range(count - 1)]


def _confidence(record: Record, phones: list[PhoneMatch], email: str | None, role: str | None,
                name_ok: bool, split: bool) -> float:
    score = 0.45
    if "table" in record.evidence:
        score += 0.2
    if "label" in record.evidence:
        score += 0.15
    if phones:
        score += 0.15
    if email:
        score += 0.1
    if role:
        score += 0.1
    if record.kind == "cast" and record.character:
        score += 0.15
    if "inherited-role" in record.evidence:
        score -= 0.1
    if split:
        score -= 0.05
    if not name_ok:
        score -= 0.25
    return round(max(0.05, min(score, 0.99)), 2)


def record_contacts(record: Record, region: str) -> list[Contact]:
    """The people in one record as contacts (none for organisations and placeholders)."""
    if care := split_care_of(record.name) or split_care_of(" ".join(record.phones)):
        # `c/o Agent, Agency 404-555-0193`: the number is the agent's (department Other), the actor has none
        agent = Record(name=care.agent, page=record.page, y=record.y, x=record.x, role="Agent",
                       phones=record.phones, evidence=set(record.evidence))
        record.name, record.phones = (care.before if split_care_of(record.name) else record.name), []
        return record_contacts(record, region) + record_contacts(agent, region)
    names = [n for n in _SPLIT.split(record.name.strip(" /")) if n.strip()] if "/" in record.name else [record.name]
    dept = record.dept_header
    cast_role = _CAST_ROLE.match(record.role) if record.kind != "cast" else None
    if cast_role and (known := lexicon().match_role(record.role)) and known.role != "Cast":
        cast_role = None  # `Cast Driver` is a crew position, not an actor playing "Driver"
    if cast_role:
        record.kind, record.character = "cast", record.character or cast_role["character"].strip()
    roles = _roles(record.role, dept) if record.role and not cast_role else []
    count = len(names)
    phones = _share(" ".join(record.phones), count, lambda t: find_phones(t, region))
    lines = record.emails + [p for p in record.phones if "@" in p]  # an address in the phone cell is theirs too
    emails = _share(_join_email_lines(lines), count,
                    lambda t: [e for e in find_emails(t) if not is_generic_mailbox(e, record.name)])
    out = []
    for i, raw in enumerate(names):
        raw = _OCR_QUOTE.sub(" ", raw.strip())
        if not raw or is_placeholder(raw) or is_organization(raw) or not looks_like_person(raw):
            continue
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
        full = len([t for t in name.split() if len(t.rstrip(".")) > 1]) >= 2
        contact.confidence = _confidence(record, numbers, contact.email, contact.role, full, count > 1)
        contact.sources = sorted(record.evidence)
        out.append(contact)
    return out


def merge(contacts: list[Contact]) -> list[Contact]:
    """One contact per person: later mentions add numbers, e-mail, roles to the first."""
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
        first.phones = list(dict.fromkeys([*(first.phones or ([first.phone] if first.phone else [])),
                                           *(c.phones or ([c.phone] if c.phone else []))]))
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
    out = _absorb_truncated(out)
    for c in out:
        if len(c.phones) <= 1:
            c.phones = []
    return out


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
        target = fuller[0]
        target.phones = list(dict.fromkeys([*(target.phones or ([target.phone] if target.phone else [])),
                                            *(c.phones or ([c.phone] if c.phone else []))]))
        target.phone = target.phone or c.phone
        target.email = target.email or c.email
        target.role, target.department = target.role or c.role, target.department or c.department
    return out
