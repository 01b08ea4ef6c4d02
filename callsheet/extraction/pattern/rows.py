"""Table rows -> records: which row lines make one person, the department sections, roles.

A line with text in the name column starts a row ("anchor"); lines without a name (wrapped
roles, second phone numbers, split e-mails) join the nearest anchor. Department header rows
(`CAMERA`, `GRIP (cont'd)`) and a department column set the department of rows below; an
unknown title row in capitals (`VENDORS`, `PRODUCTION SUPPORT`) starts a section too, so
roles never carry across it; a line tighter to the row above than rows are to each other is
that row's second line (`DIRECTOR` under `RÉALISATEUR·TRICE`), not a title.
"""
from __future__ import annotations

import itertools
import re

from callsheet.extraction.normalize.names import is_placeholder, looks_like_person
from callsheet.extraction.normalize.roles import lexicon
from callsheet.extraction.pattern.headers import TableHeader, fit_columns
from callsheet.extraction.pattern.lines import Line, typed
from callsheet.extraction.pattern.records import Record, inherit_role, is_contact_person
from callsheet.extraction.pattern.settings import SETTINGS
from callsheet.extraction.pattern.tables import OpenTable, Row
from callsheet.extraction.types import Word

_CONT = re.compile(r"\(?\bcont(?:['’]d|inued|d)?\b\.?\)?", re.IGNORECASE)  # `CAMERA (cont'd)`
_DIGITS = re.compile(r"\d")
_INITIAL = re.compile(r"^\w\.$")  # `EAMON E.` ends with an initial: the surname is on the next line

def _cells(header: TableHeader, words: list[Word]) -> dict[str, str]:
    cells: dict[str, list[str]] = {}
    lead = header.kinds.isdisjoint(("role", "character"))  # tables.py: positions left of its first column
    for w in words:
        col = header.column_at(w.x0)
        if col is None and lead and w.x1 <= header.x0:
            # a table whose role column has no title (or lost it to OCR) starts at NAME: what
            # stands left of it (tables.py took it only if it reads so) is the row's position,
            # or alone on its row a department
            cells.setdefault("role", []).append(w.text)
            continue
        if col is not None and col.kind != "other":
            # names hold no numbers: a phone under NAME means its column header was lost (OCR);
            # an address is an e-mail whatever the column (`NAME / EMAIL`, `CONTACT`)
            kind = typed(w.text)
            kind = "email" if kind == "email" else "phone" if col.kind == "name" and kind == "number" else col.kind
            cells.setdefault(kind, []).append(w.text)
    return {k: " ".join(v) for k, v in cells.items()}


def _cell_starts(words: list[Word]) -> list[float]:
    """Left edges of a row's cells: its segments, and e-mails that touch the cell before them."""
    starts = [s.x0 for s in Line(words).segments()]
    return starts + [b.x0 for a, b in itertools.pairwise(words) if "@" in b.text and "@" not in a.text]


def _is_continuation_name(row: Row, anchor: Row | None, record: Record | None, height: float) -> bool:
    """A wrapped name cell: `Mei-Lin Rosenfeld / Eleni` over `Esposito`."""
    if anchor is None or record is None or row.y0 - anchor.y1 > 0.8 * height:
        return False
    text, before = row.cells.get("name"), record.name
    if text is None:  # SURNAME | FIRST NAME tables: each cell is one word by design
        return False
    if before.rstrip().endswith(",") and "," in text:
        return False  # `WEISS,` over `LANG, Eva`: the surname's first name was lost, the next row is its own
    if before.rstrip().endswith(("/", "-", ",")) or text.startswith("/"):
        return True
    if len(text.split()) != 1:
        return False
    last = before.split("/")[-1].split()
    only_separators = all(v.strip() in ("/", "") for k, v in row.cells.items() if k != "name")
    return only_separators or len(last) == 1 or bool(_INITIAL.match(last[-1] if last else ""))



_NUMBERED = re.compile(r"^\s*#?\d{1,3}[.):]?\s+(?=\D)")  # `1. Hero`: the cast number before a character
_TITLE_HEAD = re.compile(r"\s+[—–-]\s+|:\s*")  # `CLIENT — GLENMORE`: the section, then its name


def _section_title(text: str, row: Row, header: TableHeader) -> bool:
    """A row holding only a title in capitals in the first column (`VENDORS`, `PRODUCTION
    SUPPORT`): a section of the table, even when no lexicon knows it."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 3 or not all(c.isupper() for c in letters):
        return False
    if len(header.columns) > 1 and row.words[0].x0 >= header.columns[1].x0:
        return False
    return not (looks_like_person(text) or is_placeholder(text))


def _title_department(text: str) -> str | None:
    lex = lexicon()
    return lex.match_department_header(text) or lex.match_department_header(_TITLE_HEAD.split(text)[0])


def _stand_in(value: str) -> bool:
    """A cast-department position that is no character (Stand-In, photo double)."""
    known = lexicon().match_role(value) if value else None
    return known is not None and known.department == "Cast" and known.role != "Cast"


def _role_or_character(value: str, dept: str | None, role: str, sections: bool) -> tuple[str, str, str]:
    """A ROLE / CHARACTER cell: a crew or client role, or (in a cast section or a table
    without sections) the character an actor plays. Returns (role, character, kind)."""
    known = lexicon().match_role(value)
    if known and known.role != "Cast":
        return value, "", "crew"
    if dept == "Cast" or not (sections or dept):
        return role, value, "cast"
    return value, "", "crew"


def _tight_rows(rows: list[Row], height: float) -> set[int]:
    """Rows touching the row above, closer than rows of people are to theirs: the second line
    of a cell (`Réalisateur·trice` over `Director`), never a department or section title."""
    gaps = sorted(b.y0 - a.y1 for a, b in itertools.pairwise(rows) if b.cells.get("name"))
    if len(gaps) < 2:
        return set()
    typical = gaps[len(gaps) // 4]  # people just under people; a title row sits further down
    return {i + 1 for i, (a, b) in enumerate(itertools.pairwise(rows))
            if b.y0 - a.y1 < min(typical - SETTINGS.cell_line_tightness * height, 0.0)}  # lines of a cell touch


def table_records(table: OpenTable, page: int, height: float) -> list[Record]:
    """Rows of one table as records (anchors plus the lines that continue them)."""
    lex = lexicon()
    fit_columns(table.header, [x for row in table.rows for x in _cell_starts(row.words)])
    for row in table.rows:
        row.cells = _cells(table.header, row.words)
    records: list[Record] = []
    anchors: list[tuple[Row, Record]] = []
    loose: list[tuple[Row, int]] = []  # non-anchor rows and their section number
    sections: list[int] = []  # each record's section
    section = 0
    dept: str | None = None
    above: Record | None = None  # the row above in this department section
    kind = "cast" if table.header.cast else "crew"
    dual = any(c.dual for c in table.header.columns)
    tight = _tight_rows(table.rows, height)
    for n, row in enumerate(table.rows):
        cells = row.cells
        if cells.get("dept"):
            dept = lex.match_department_header(cells["dept"], table.header.bilingual) or dept
        text = " ".join(v for k, v in cells.items() if k != "dept")
        if len(cells) == 1 and not _DIGITS.search(text) and "@" not in text and n not in tight:
            header = lex.match_department_header(text, table.header.bilingual)
            wrapped = bool(anchors) and "role" in cells and lex.match_role(f"{anchors[-1][1].role} {text}")
            bare = _CONT.sub("", text).strip()
            if header and not wrapped and (lex.match_role(bare) is None or bare.isupper()):
                dept, section, above = header, section + 1, None
                continue
            if not wrapped and _section_title(bare, row, table.header):
                dept, section, above = _title_department(bare), section + 1, None
                continue
        name = cells.get("name", "")
        if name and not any(ch.isalpha() for ch in name):
            name = ""  # a ruling OCR read as `|` in the name column: the row's data belongs to a neighbour
        if "last" in cells or "first" in cells:
            name = f"{cells.get('first', '')} {cells.get('last', '')}".strip()
        previous, prev_record = anchors[-1] if anchors else (None, None)
        if name and not _is_continuation_name(row, previous, prev_record, height):
            role, character, row_kind = cells.get("role", ""), _NUMBERED.sub("", cells.get("character", "")), kind
            if dual and character:
                role, character, row_kind = _role_or_character(character, dept, role, section > 0)
            elif row_kind == "cast" and _stand_in(character):
                role, character, row_kind = character, "", "crew"  # `Stand-In` where the character goes
            record = Record(name=name, page=page, y=row.y0, x=table.header.x0, role=role, dept_header=dept,
                            kind=row_kind)
            record.evidence.add("table")
            if table.header.bilingual:
                record.evidence.add("bilingual")
            if not role and above is not None and above.role and row_kind == "crew":
                inherit_role(above, record)
            record.add_line(phones=cells.get("phone", ""), emails=cells.get("email", ""), character=character)
            records.append(record)
            sections.append(section)
            anchors.append((row, record))
            above = record
            continue
        if name and prev_record is not None:
            anchors.append((row, prev_record))  # later wrapped lines may be nearest to this one
            prev_record.name = f"{prev_record.name} {name}"
            prev_record.add_line(role=cells.get("role", ""), phones=cells.get("phone", ""),
                                 emails=cells.get("email", ""), character=cells.get("character", ""))
            continue
        loose.append((row, section))
    _attach(loose, anchors)
    _retype_talent(table, records)
    return _without_companies(records, sections)


_CONTACT_PERSON = re.compile(r"\(([^()]+)\)\s*$")


def _without_companies(records: list[Record], sections: list[int]) -> list[Record]:
    """In a section of vendor rows (`Company (Contact Person)`), a row naming no contact
    person and no known position is a company (`Starwagons Plus`), not a person."""
    vendors: dict[int, int] = {}
    for record, section in zip(records, sections, strict=True):
        person = _CONTACT_PERSON.search(record.name)
        if section and person and is_contact_person(person.group(1)):
            vendors[section] = vendors.get(section, 0) + 1
    lex = lexicon()
    return [r for r, section in zip(records, sections, strict=True)
            if vendors.get(section, 0) < 2 or _CONTACT_PERSON.search(r.name) or lex.match_role(r.role, r.dept_header)]


def _attach(loose: list[tuple[Row, int]], anchors: list[tuple[Row, Record]]) -> None:
    """Give each continuation line to the nearest row (ties go to the row above)."""
    if not anchors:
        return
    for row, _section in loose:
        best = min(anchors, key=lambda a: (abs(a[0].yc - row.yc), a[0].yc > row.yc))
        record = best[1]
        role = row.cells.get("role", "")
        if role and best[0].yc > row.yc:
            record.role = f"{role} {record.role}".strip()
            role = ""
        record.add_line(role=role, phones=row.cells.get("phone", ""), emails=row.cells.get("email", ""),
                        character=row.cells.get("character", ""))


def _retype_talent(table: OpenTable, records: list[Record]) -> None:
    """A NAME/ROLE table without phones whose ROLE values are not crew jobs lists cast."""
    if table.header.cast or not records or table.header.kinds & {"phone", "email"}:
        return
    lex = lexicon()
    known = sum(1 for r in records if r.role and lex.match_role(r.role))
    if known * 3 < len(records):
        for r in records:
            r.character, r.role, r.kind = r.role, "", "cast"
