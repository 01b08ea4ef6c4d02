"""Contact tables -> records: which lines belong to a table, and which lines make one row.

A table starts at a header line (headers.py) and ends at a wide vertical gap, a new header,
or a line whose text runs across its columns (a note under the table). Inside, a line with
text in the name column starts a row ("anchor"); lines without a name (wrapped roles,
second phone numbers, split e-mails) join the nearest anchor. Department header rows
(`CAMERA`, `GRIP (cont'd)`) and a department column set the department of rows below.
A table that ends a page continues on the next page when its columns line up again.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from callsheet.extraction.normalize.names import is_placeholder, looks_like_person
from callsheet.extraction.normalize.roles import lexicon
from callsheet.extraction.pattern.headers import TableHeader, fit_columns, parse_header
from callsheet.extraction.pattern.lines import Line, median_line_height
from callsheet.extraction.pattern.records import Record, inherit_role
from callsheet.extraction.types import Word

END_GAP = 3.2  # a vertical gap of this many line heights ends a table
_CONT = re.compile(r"\(?\bcont(?:['’]d|inued|d)?\b\.?\)?", re.IGNORECASE)  # `CAMERA (cont'd)`
CARRY_LINES = 4  # a table continued overleaf resumes within the first lines of the next page
_DIGITS = re.compile(r"\d")
_INITIAL = re.compile(r"^\w\.$")  # `EAMON E.` ends with an initial: the surname is on the next line


@dataclass(slots=True)
class _Row:
    words: list[Word]
    y0: float
    y1: float
    cells: dict[str, str] = field(default_factory=dict)

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(slots=True)
class _OpenTable:
    header: TableHeader
    rows: list[_Row] = field(default_factory=list)
    last_y1: float = 0.0
    closed: bool = False
    reach: float = 0.0  # how far left of the header the first column's cells may start


def _cells(header: TableHeader, words: list[Word]) -> dict[str, str]:
    cells: dict[str, list[str]] = {}
    for w in words:
        col = header.column_at(w.x0)
        if col is not None and col.kind != "other":
            # names hold no numbers: a phone under NAME means its column header was lost (OCR)
            kind = "phone" if col.kind == "name" and _typed(w.text) == "number" else col.kind
            cells.setdefault(kind, []).append(w.text)
    return {k: " ".join(v) for k, v in cells.items()}


def _typed(text: str) -> str:
    """`email`, `number` (a phone fragment) or "" for a word (`#1:` or `2nd` are words)."""
    return "email" if "@" in text else "number" if sum(map(str.isdigit, text)) >= 3 else ""


def _cell_starts(words: list[Word]) -> list[float]:
    """Left edges of a row's cells: its segments, and e-mails that touch the cell before them."""
    starts = [s.x0 for s in Line(words).segments()]
    return starts + [b.x0 for a, b in itertools.pairwise(words) if "@" in b.text and "@" not in a.text]


def _runs_across(header: TableHeader, words: list[Word], height: float) -> bool:
    """True when one run of closely spaced words covers two column boundaries (prose).

    A run also breaks where words turn into numbers or e-mails (`Makeup Artist 021 555 0368`):
    tight cells under centred labels touch, but a note does not switch to a phone mid-run.
    """
    bounds = [c.x0 for c in header.columns[1:]]
    types = [_typed(w.text) for w in words]
    start = 0
    for i in range(1, len(words) + 1):
        if i == len(words) or words[i].x0 - words[i - 1].x1 > 0.9 * height or types[i] != types[i - 1]:
            x0, x1 = words[start].x0, words[i - 1].x1
            if sum(1 for b in bounds if x0 + 2 < b < x1 - 2) >= 2:
                return True
            start = i
    return False


def _title_line(words: list[Word], height: float) -> bool:
    """Capitals only, several cells, no digits and no person: the titles of the next box."""
    if any(_DIGITS.search(w.text) or "@" in w.text for w in words):
        return False
    if not all(w.text.isupper() or not any(ch.isalpha() for ch in w.text) for w in words):
        return False
    segments = Line(words).segments()
    if len(segments) < 2:
        return False
    lex = lexicon()
    return not any(
        looks_like_person(s.text) or is_placeholder(s.text) or lex.match_role(s.text)
        or lex.match_department_header(s.text) for s in segments
    )


_TALENT_TITLE = re.compile(r"^(?:talent|cast|cast list|artistes?|performers?|cast members)$", re.IGNORECASE)


def _mark_talent(header: TableHeader, above: list[Line], height: float) -> None:
    """A `NAME / ROLE` table under a `TALENT` or `CAST` title lists actors: ROLE is the character."""
    if header.cast or "name" not in header.kinds:
        return
    for line in above:
        if header.line is not None and header.line.y0 - line.y1 > 2.5 * height:
            continue
        words = line.within(header.x0 - height, header.x1)
        if words and _TALENT_TITLE.match(" ".join(w.text for w in words).strip(" :.")):
            header.cast = True
            for col in header.columns:
                if col.kind == "role":
                    col.kind = "character"
            header.kinds = {c.kind for c in header.columns}


def _aligned(header: TableHeader, line: Line) -> bool:
    """A header-less line whose words start at two or more of the header's column edges."""
    edges = [c.x0 + 2 for c in header.columns]
    hits = {round(e) for w in line.words for e in edges if abs(w.x0 - e) < 2.5}
    return len(hits) >= 2


def find_tables(lines: list[Line], carry: list[TableHeader] | None = None) -> tuple[list[_OpenTable], set[int]]:
    """Tables on a page with their lines; `carry` are headers still open at the end of the
    previous page. Returns the tables and the ids of the words they consumed."""
    height = median_line_height(lines)
    tables: list[_OpenTable] = []
    active: list[_OpenTable] = []
    used: set[int] = set()
    pending_carry = list(carry or [])
    skipped: list[Line] = []
    for n, line in enumerate(lines):
        headers = parse_header(line)
        if headers:
            for header in headers:
                _mark_talent(header, lines[max(0, n - 2):n], height)
            pending_carry = []
            # a centred first label stands right of its left-aligned cells (SURNAME over a long surname)
            active = [_OpenTable(h, last_y1=line.y1, reach=0.0 if i else min(h.columns[0].width, 3 * height))
                      for i, h in enumerate(headers)]
            tables.extend(active)
            used.update(id(w) for w in line.words)
            continue
        if not active and pending_carry:
            if all(_aligned(h, line) or not line.within(h.x0, h.x1) for h in pending_carry) and any(
                _aligned(h, line) for h in pending_carry
            ):
                active = [_OpenTable(h, last_y1=line.y0) for h in pending_carry]
                for table in active:  # a `CAMERA (cont'd)` row just before the first aligned row
                    table.rows = [_Row(ln.words, ln.y0, ln.y1) for ln in skipped[-2:]
                                  if lexicon().match_department_header(ln.text)
                                  and ln.words[0].x0 >= table.header.x0 - 3]
                    used.update(id(w) for r in table.rows for w in r.words)
                tables.extend(active)
                pending_carry = []
            elif n >= CARRY_LINES:
                pending_carry = []  # the page starts with something else: the table ended overleaf
            else:
                skipped.append(line)  # a running title or a department row above the continued rows
        for table in active:
            if table.closed:
                continue
            words = line.within(table.header.x0 - table.reach, table.header.x1)
            if not words:
                continue
            if not table.rows and line.y0 - table.last_y1 < 0.5 * height and _title_line(words, height):
                used.update(id(w) for w in words)  # second line of a wrapped header
                table.last_y1 = line.y1
                continue
            if (line.y0 - table.last_y1 > END_GAP * height or _runs_across(table.header, words, height)
                    or _title_line(words, height)):
                table.closed = True
                continue
            table.rows.append(_Row(words, line.y0, line.y1))
            table.last_y1 = line.y1
            used.update(id(w) for w in words)
        active = [t for t in active if not t.closed]
    return tables, used


def open_headers(tables: list[_OpenTable], page_height: float, lines: list[Line]) -> list[TableHeader]:
    """Headers of tables that run to the bottom of the page (they may continue overleaf)."""
    if not tables or not lines:
        return []
    body_bottom = max((ln.y1 for ln in lines if ln.y1 < page_height * 0.93), default=page_height)
    height = median_line_height(lines)
    return [t.header for t in tables if not t.closed and t.rows and t.last_y1 >= body_bottom - 4 * height]


def _is_continuation_name(row: _Row, anchor: _Row | None, record: Record | None, height: float) -> bool:
    """A wrapped name cell: `Mei-Lin Rosenfeld / Eleni` over `Esposito`."""
    if anchor is None or record is None or row.y0 - anchor.y1 > 0.8 * height:
        return False
    text, before = row.cells.get("name"), record.name
    if text is None:  # SURNAME | FIRST NAME tables: each cell is one word by design
        return False
    if before.rstrip().endswith(("/", "-", ",")) or text.startswith("/"):
        return True
    if len(text.split()) != 1:
        return False
    last = before.split("/")[-1].split()
    only_separators = all(v.strip() in ("/", "") for k, v in row.cells.items() if k != "name")
    return only_separators or len(last) == 1 or bool(_INITIAL.match(last[-1] if last else ""))



def table_records(table: _OpenTable, page: int, height: float) -> list[Record]:
    """Rows of one table as records (anchors plus the lines that continue them)."""
    lex = lexicon()
    fit_columns(table.header, [x for row in table.rows for x in _cell_starts(row.words)])
    for row in table.rows:
        row.cells = _cells(table.header, row.words)
    records: list[Record] = []
    anchors: list[tuple[_Row, Record]] = []
    loose: list[tuple[_Row, int]] = []  # non-anchor rows and their section number
    section = 0
    dept: str | None = None
    above: Record | None = None  # the row above in this department section
    kind = "cast" if table.header.cast else "crew"
    for row in table.rows:
        cells = row.cells
        if cells.get("dept"):
            dept = lex.match_department_header(cells["dept"]) or dept
        text = " ".join(v for k, v in cells.items() if k != "dept")
        if len(cells) == 1 and not _DIGITS.search(text) and "@" not in text:
            header = lex.match_department_header(text)
            wrapped = bool(anchors) and "role" in cells and lex.match_role(f"{anchors[-1][1].role} {text}")
            bare = _CONT.sub("", text).strip()
            if header and not wrapped and (lex.match_role(bare) is None or bare.isupper()):
                dept, section, above = header, section + 1, None
                continue
        name = cells.get("name", "")
        if "last" in cells or "first" in cells:
            name = f"{cells.get('first', '')} {cells.get('last', '')}".strip()
        previous, prev_record = anchors[-1] if anchors else (None, None)
        if name and not _is_continuation_name(row, previous, prev_record, height):
            role = cells.get("role", "")
            record = Record(name=name, page=page, y=row.y0, x=table.header.x0, role=role, dept_header=dept, kind=kind)
            record.evidence.add("table")
            if not role and above is not None and above.role and kind == "crew":
                inherit_role(above, record)
            record.add_line(phones=cells.get("phone", ""), emails=cells.get("email", ""),
                            character=cells.get("character", ""))
            records.append(record)
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
    return records


def _attach(loose: list[tuple[_Row, int]], anchors: list[tuple[_Row, Record]]) -> None:
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


def _retype_talent(table: _OpenTable, records: list[Record]) -> None:
    """A NAME/ROLE table without phones whose ROLE values are not crew jobs lists cast."""
    if table.header.cast or not records or table.header.kinds & {"phone", "email"}:
        return
    lex = lexicon()
    known = sum(1 for r in records if r.role and lex.match_role(r.role))
    if known * 3 < len(records):
        for r in records:
            r.character, r.role, r.kind = r.role, "", "cast"
