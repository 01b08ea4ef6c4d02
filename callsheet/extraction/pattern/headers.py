"""Column headers of contact tables: which line is a header, and which column holds what.

A header line names its columns (`POSITION / NAME / PHONE / EMAIL / CALL`, `ACTOR / ROLE`,
`DEPT / POSITION / NAME / CELL`...) in any language of header_labels.json. Two titles of one
cell (`NOM / NAME`, `NAME / EMAIL`, `ROLE / CHARACTER`) are one column; in a ruled table the
columns start at the vertical rulings. Side-by-side tables repeat their header on one line
and are split where a column kind repeats. A table only counts when it has a name column and
a column that says something about the person (role, phone, e-mail, character).
"""
from __future__ import annotations

import itertools
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from callsheet.extraction.pattern.lines import Line


def _fold(text: str) -> str:
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", bare.strip().upper())


def _load_labels() -> dict[str, str]:
    """Column title -> kind, every language of header_labels.json (data, not code)."""
    data = json.loads((Path(__file__).with_name("header_labels.json")).read_text(encoding="utf-8"))
    labels: dict[str, str] = {}
    for kind, languages in data.items():
        if kind.startswith("_"):
            continue
        for titles in languages.values():
            for title in titles:
                labels.setdefault(_fold(title).rstrip("."), kind)
    return labels


_LABELS = _load_labels()
_MAX_WORDS = max(len(label.split()) for label in _LABELS)
_PERSON_WORDS = {label.split()[0] for label, kind in _LABELS.items() if kind in ("name", "actor", "last", "first")}
_LABEL_WORDS = {word for label in _LABELS for word in label.split()}
_PERSON_KINDS = {"name", "actor", "last"}
_INFO_KINDS = {"role", "phone", "email", "character", "dept"}


@dataclass(slots=True)
class Column:
    kind: str
    label: str
    x0: float
    x1: float = 1e9  # right boundary (the next column's left edge)
    width: float = 0.0  # width of the header label
    dual: bool = False  # ROLE / CHARACTER: each row's value is a role, or a character for cast rows


@dataclass(slots=True)
class TableHeader:
    """One table's columns, left to right, as found on a header line."""

    columns: list[Column]
    line: Line | None = None
    cast: bool = False  # the name column is ACTOR/CAST: ROLE means the character
    kinds: set[str] = field(default_factory=set)
    ruled: bool = False  # columns stand between vertical rulings: their edges are known
    bilingual: bool = False  # titles in two languages (`NOM / NAME`): so are its cells

    @property
    def x0(self) -> float:
        return self.columns[0].x0

    @property
    def x1(self) -> float:
        return self.columns[-1].x1

    def column_at(self, x: float) -> Column | None:
        for col in self.columns:
            if col.x0 <= x < col.x1:
                return col
        return None


@lru_cache(maxsize=8192)
def _norm(text: str) -> str:
    """Upper case without accents or a closing `:`/`.`, so `Tél.` reads as `TEL` and `Móvil` as `MOVIL`."""
    return _fold(text).rstrip(":").rstrip(".")


_JOINERS = ("/", "&", "|")
# Two labels of one column (`NOM / NAME`, `NAME / EMAIL`, `ROLE / CHARACTER`): the column is read
# as the first kind of this order that it holds; typed values (e-mails, numbers) find their own kind.
_PRECEDENCE = ("name", "actor", "last", "first", "character", "role", "dept", "phone", "email", "other")


def _combine(a: tuple, b: tuple) -> tuple:
    """One column from two labels printed together in a cell."""
    kinds = {a[0], b[0]}
    kind = next(k for k in _PRECEDENCE if k in kinds)
    label = f"{a[1]} / {b[1]}".strip(" /")
    dual = kinds == {"role", "character"}  # a talent/client table: a role, or for cast the character
    return (kind, label, min(a[2], b[2]), max(a[3], b[3]), dual or a[4] or b[4])


def _segment_labels(words: list, height: float) -> tuple[list[tuple], int]:
    """Header labels (kind, label, x0, x1, dual) of one segment and how many words were no label."""
    out: list[tuple] = []
    i = unknown = 0
    joined = False
    while i < len(words):
        if words[i].text in _JOINERS:
            joined = bool(out)
            i += 1
            continue
        for n in range(min(_MAX_WORDS, len(words) - i), 0, -1):
            chunk = words[i : i + n]
            if n > 1 and any(b.x0 - a.x1 > 1.2 * height for a, b in itertools.pairwise(chunk)):
                continue
            label = _norm(" ".join(w.text for w in chunk))
            kind = _LABELS.get(label)
            if kind:
                here = (kind, label, chunk[0].x0, chunk[-1].x1, False)
                if out and joined:
                    out.append(_combine(out.pop(), here))
                elif out and out[-1][0] == kind != "other" and chunk[0].x0 - out[-1][3] < 1.2 * height:
                    # `PHONE NUMBER`, `MOBILE NO.`: two labels of one kind side by side are one column
                    prev = out.pop()
                    out.append((kind, f"{prev[1]} {label}", prev[2], chunk[-1].x1, prev[4]))
                else:
                    out.append(here)
                i += n
                break
        else:
            out.append(("other", "", words[i].x0, words[i].x1, False))
            unknown += 1
            i += 1
        joined = False
    return out, unknown


def _label_runs(line: Line) -> list[tuple[str, str, float, float]] | None:
    """The longest run of neighbouring segments that reads as column labels, or None.

    A header may share its line with other text (a schedule box to its left), so the run
    is taken from segments, not from the whole line; a one-word unknown label (`MU/HAIR/WA`)
    is tolerated inside a run, not at its ends.
    """
    parsed = [_segment_labels(seg.words, line.height) for seg in line.segments()]
    best: list = []
    i = 0
    while i < len(parsed):
        j = i
        while j < len(parsed) and parsed[j][1] <= max(1, len(parsed[j][0]) // 3):
            j += 1
        run = parsed[i:j]
        while run and not any(k != "other" or lab for k, lab, *_ in run[0][0]):
            run = run[1:]
        while run and not any(k != "other" or lab for k, lab, *_ in run[-1][0]):
            run = run[:-1]
        labels = [lab for seg, _bad in run for lab in seg]
        unknown = sum(bad for _seg, bad in run)
        if not (unknown and (len(labels) < 4 or 3 * unknown > len(labels))) and len(labels) > len(best):
            best = labels
        i = j + 1
    return best or None


def _descriptors_after_contacts(group: list) -> list:
    """A table's columns that describe a person (role, character, department) after its
    phone and e-mail columns belong to the table beside it (`... EMAIL | ROLE / CHARACTER |
    NAME ...`): taken off `group` and returned, to start the next table."""
    moved = []
    while group and group[-1][0] in ("role", "character", "dept") and any(k in ("phone", "email") for k, *_ in group):
        moved.insert(0, group.pop())
    return moved


def _lost_name_title(runs: list[tuple]) -> list[tuple] | None:
    """`FUNKTION | me | HANDY | E-MAIL`: OCR read the NAME title as specks. Unknown labels
    between the position column and the first phone or e-mail column are that name column;
    without them, or without a position and a contact column, the line is no header."""
    kinds = [kind for kind, *_ in runs]
    if "role" not in kinds:
        return None
    start = kinds.index("role") + 1
    end = start
    while end < len(runs) and kinds[end] == "other" and not runs[end][1]:
        end += 1
    if end == start or end == len(runs) or kinds[end] not in ("phone", "email"):
        return None
    name = ("name", "NAME", runs[start][2], runs[end - 1][3], False)
    return [*runs[:start], name, *runs[end:]]


def parse_header(line: Line) -> list[TableHeader]:
    """The tables whose header is `line` (several when tables stand side by side), or []."""
    upper = [_norm(w.text) for w in line.words]
    person = any(u in _PERSON_WORDS for u in upper)
    read = line.words and all(w.conf < 1 for w in line.words)  # OCR: a title may be unreadable
    if not (person or read) or sum(u in _LABEL_WORDS for u in upper) < (2 if person else 3):
        return []  # most lines: no column label for a person, so no contact table starts here
    runs = _label_runs(line)
    if runs and not person:
        runs = _lost_name_title(runs)
    if not runs or len(runs) < 2:
        return []
    groups: list[list[tuple[str, str, float, float]]] = [[]]
    for run in runs:
        if run[0] == "name" and run[1].startswith(("CONTACT", "KONTAKT", "CONTATTO", "CONTACTO", "CONTATO")) \
                and {"name", "actor"} & {k for k, *_ in groups[-1]}:
            run = ("phone", *run[1:])  # NAME | CONTACT: the contact column holds the number
        if run[0] != "other" and run[0] in {kind for kind, *_ in groups[-1]}:
            groups.append(_descriptors_after_contacts(groups[-1]))  # the next table starts here
        groups[-1].append(run)
    tables = []
    for group in groups:
        kinds = {kind for kind, *_ in group}
        if not kinds & _PERSON_KINDS or (not kinds & _INFO_KINDS and "first" not in kinds):
            continue
        # ACTOR / ROLE, or a CHARACTER column beside the names: a cast table
        cast = ("actor" in kinds and "name" not in kinds) or (
            "character" in kinds and "role" not in kinds and not any(r[4] for r in group))
        whole_name = "last" in kinds and not kinds & {"first", "name", "actor"}  # French `NOM` alone
        columns = []
        for kind, label, x0, x1, dual in group:
            if cast and kind == "role":
                kind = "character"
            if kind == "actor" or (whole_name and kind == "last"):
                kind = "name"
            columns.append(Column(kind, label, x0 - 2, width=x1 - x0, dual=dual and not cast))
        for a, b in itertools.pairwise(columns):
            a.x1 = b.x0
        # `POSTE / POSITION`, `TÉL. / PHONE`: two titles of one kind in several columns
        twice = sum(1 for _kind, label, *_ in group if " / " in label and _LABELS.get(label.split(" / ")[0])
                    == _LABELS.get(label.split(" / ")[-1]))
        tables.append(TableHeader(columns, line, cast, {c.kind for c in columns}, bilingual=twice >= 2))
    for a, b in itertools.pairwise(tables):
        a.columns[-1].x1 = b.x0
    return tables


def snap_to_rulings(header: TableHeader, edges: list[float]) -> None:
    """A ruled table's columns start at the vertical ruling left of their label; labels
    that share a cell (`NAME / EMAIL` on two lines, `ROLE` over `CHARACTER`) are one column."""
    first, last = header.columns[0].x0 + 3, header.columns[-1].x0 + header.columns[-1].width
    inner = sum(1 for e in edges if first < e < last)
    if inner < max(1, (len(header.columns) - 1) // 2):
        return  # only a box around the header (a shaded bar): no grid of cells
    columns: list[Column] = []
    for col in header.columns:
        left = [e for e in edges if e <= col.x0 + 3]
        x0 = max(left) if left else col.x0
        if columns and abs(columns[-1].x0 - x0) < 0.5:
            prev = columns[-1]
            kind, label, _, _, dual = _combine((prev.kind, prev.label, 0, 0, prev.dual),
                                               (col.kind, col.label, 0, 0, col.dual))
            prev.kind, prev.label, prev.dual = kind, label, dual and not header.cast
            prev.width = col.x0 + col.width - prev.x0
            continue
        col.x0 = x0
        columns.append(col)
    for a, b in itertools.pairwise(columns):
        a.x1 = b.x0
    header.columns = columns
    header.kinds = {c.kind for c in columns}
    header.ruled = True


def fit_columns(header: TableHeader, starts: list[float]) -> None:
    """Move column edges to where the body's cells really start.

    Header labels are often centred over their column while the cells are left-aligned:
    each label takes the most frequent cell start at or left of its centre (and right of
    the previous label's), so `CAST` centred over names starting further left still owns them.
    """
    if not starts or header.ruled:
        return
    clusters: list[list[float]] = []
    for x in sorted(starts):
        if clusters and x - clusters[-1][-1] <= 3:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    support = max(2, len(starts) // 40)
    edges = [(min(c), len(c)) for c in clusters if len(c) >= support]
    previous = -1e9
    for col in header.columns:
        centre = col.x0 + 2 + col.width / 2
        fits = [(e, n) for e, n in edges if previous < e <= centre + 2]
        if fits:
            # well supported starts only; of those the one nearest the label (a left-aligned label
            # sits on it, a centred one just right of it)
            most = max(n for _, n in fits)
            col.x0 = min((e for e, n in fits if 4 * n >= most), key=lambda e: abs(e - col.x0 - 2)) - 2
        previous = col.x0 + 2
    for a, b in itertools.pairwise(header.columns):
        a.x1 = b.x0
