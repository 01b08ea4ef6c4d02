"""Contact tables: which lines belong to a table (rows.py turns its rows into records).

A table starts at a header line (headers.py) and ends at a wide vertical gap, a new header,
a line whose text runs across its columns (a note under the table), or a line whose cells
mostly start off the table's grid (another layout right under it). In a ruled table the
columns start at the vertical rulings. A table that ends a page continues on the next page
when its columns line up again.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from callsheet.extraction.normalize.names import is_placeholder, looks_like_person
from callsheet.extraction.normalize.roles import OCR_SPECKS, lexicon
from callsheet.extraction.pattern.headers import TableHeader, parse_header, snap_to_rulings
from callsheet.extraction.pattern.lines import Line, median_line_height, typed
from callsheet.extraction.pattern.settings import SETTINGS
from callsheet.extraction.types import Ruling, Word

_DIGITS = re.compile(r"\d")


@dataclass(slots=True)
class Row:
    words: list[Word]
    y0: float
    y1: float
    cells: dict[str, str] = field(default_factory=dict)

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(slots=True)
class OpenTable:
    header: TableHeader
    rows: list[Row] = field(default_factory=list)
    last_y1: float = 0.0
    closed: bool = False
    reach: float = 0.0  # how far left of the header the first column's cells may start
    carried: bool = False  # continued from the previous page (its header is printed there)
    starts: list[float] = field(default_factory=list)  # where the cells of its rows start
    lead: bool = False  # leftmost, and no title for a position: positions may stand left of it


def _lead_words(table: OpenTable, line: Line) -> list[Word]:
    """Words left of a table with no position column, when they read as a position or a
    department (`Szenenbild | WENDLAND, Mareike` under `NAME | HANDY`, its title lost)."""
    left = [w for w in line.words if w.x1 <= table.header.x0 - table.reach and any(c.isalpha() for c in w.text)]
    if not left:
        return []
    text = " ".join(w.text for w in left).strip(OCR_SPECKS)  # `1 “Motiv. Aufnahmeleitung`: OCR specks
    lex = lexicon()
    return left if lex.match_role(text) or lex.match_department_header(text) else []


def _off_grid(table: OpenTable, words: list[Word], height: float) -> bool:
    """True when most cells of a line start where no column or earlier row's cell does: the
    table has ended and another layout begins right under it (crew columns under a cast table)."""
    segments = Line(words).segments()
    if len(table.rows) < 2 or len(segments) < 3:
        return False
    known = [c.x0 + 2 for c in table.header.columns] + table.starts
    novel = sum(1 for s in segments if all(abs(s.x0 - k) > SETTINGS.grid_tolerance * height for k in known))
    return 2 * novel > len(segments)


def _runs_across(header: TableHeader, words: list[Word], height: float) -> bool:
    """True when one run of closely spaced words covers two column boundaries (prose).

    A run also breaks where words turn into numbers or e-mails (`Makeup Artist 021 555 0368`):
    tight cells under centred labels touch, but a note does not switch to a phone mid-run.
    """
    bounds = [c.x0 for c in header.columns[1:]]
    types = [typed(w.text) for w in words]
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


def _vertical_edges(rulings: list[Ruling], line: Line) -> list[float]:
    return sorted(r.x0 for r in rulings if not r.horizontal and r.y0 - 1 <= line.yc <= r.y1 + 1)


def find_tables(lines: list[Line], carry: list[TableHeader] | None = None,
                rulings: list[Ruling] | None = None, height: float | None = None) -> tuple[list[OpenTable], set[int]]:
    """Tables on a page with their lines; `carry` are headers still open at the end of the
    previous page, `rulings` those of the region (a ruled table's column edges), `height`
    the page's text height. Returns the tables and the ids of the words they consumed."""
    height = height or median_line_height(lines)
    tables: list[OpenTable] = []
    active: list[OpenTable] = []
    used: set[int] = set()
    pending_carry = list(carry or [])
    skipped: list[Line] = []
    for n, line in enumerate(lines):
        headers = parse_header(line)
        if headers:
            edges = _vertical_edges(rulings or [], line)
            for header in headers:
                _mark_talent(header, lines[max(0, n - 2):n], height)
                if len(edges) >= 2:
                    snap_to_rulings(header, edges)
            pending_carry = []
            for table in active:  # `NOM | POSTE` over `NAME | POSITION`: one header in two languages
                if not table.rows and line.y0 - table.last_y1 < 1.5 * height:
                    tables.remove(table)
                    for header in headers:
                        header.bilingual = True
            # a centred first label stands right of its left-aligned cells (SURNAME over a long surname)
            active = [OpenTable(h, last_y1=line.y1,
                                 reach=0.0 if i or h.ruled else min(h.columns[0].width, 3 * height),
                                 lead=not i and h.kinds.isdisjoint(("role", "character")))
                      for i, h in enumerate(headers)]
            tables.extend(active)
            used.update(id(w) for w in line.words)
            continue
        if not active and pending_carry:
            if all(_aligned(h, line) or not line.within(h.x0, h.x1) for h in pending_carry) and any(
                _aligned(h, line) for h in pending_carry
            ):
                active = [OpenTable(h, last_y1=line.y0, carried=True) for h in pending_carry]
                for table in active:  # a `CAMERA (cont'd)` row just before the first aligned row
                    table.rows = [Row(ln.words, ln.y0, ln.y1) for ln in skipped[-2:]
                                  if lexicon().match_department_header(ln.text)
                                  and ln.words[0].x0 >= table.header.x0 - 3]
                    used.update(id(w) for r in table.rows for w in r.words)
                tables.extend(active)
                pending_carry = []
            elif n >= SETTINGS.carry_lines:
                pending_carry = []  # the page starts with something else: the table ended overleaf
            else:
                skipped.append(line)  # a running title or a department row above the continued rows
        for table in active:
            if table.closed:
                continue
            words = line.within(table.header.x0 - table.reach, table.header.x1)
            if table.lead:
                words = _lead_words(table, line) + words
            if not words:
                continue
            if not table.rows and line.y0 - table.last_y1 < 0.5 * height and _title_line(words, height):
                used.update(id(w) for w in words)  # second line of a wrapped header
                table.last_y1 = line.y1
                continue
            if (line.y0 - table.last_y1 > SETTINGS.table_end_gap * height or _runs_across(table.header, words, height)
                    or _title_line(words, height) or _off_grid(table, words, height)):
                table.closed = True
                continue
            table.rows.append(Row(words, line.y0, line.y1))
            table.starts.extend(s.x0 for s in Line(words).segments())
            table.last_y1 = line.y1
            used.update(id(w) for w in words)
        active = [t for t in active if not t.closed]
    return [t for t in tables if t.rows or not t.carried], used  # a table overleaf that took no row was not


def open_headers(tables: list[OpenTable], page_height: float, lines: list[Line],
                 height: float | None = None) -> list[TableHeader]:
    """Headers of tables that run to the bottom of the page (they may continue overleaf)."""
    if not tables or not lines:
        return []
    body_bottom = max((ln.y1 for ln in lines if ln.y1 < page_height * 0.93), default=page_height)
    height = height or median_line_height(lines)
    return [t.header for t in tables if not t.closed and t.rows and t.last_y1 >= body_bottom - 4 * height]
