"""Free text -> records: key-contact blocks, crew lists without headers, phone lists, cards.

Outside tables a line is read left to right as items: role labels (`Director:`, `1st AD`),
names, phones, e-mails, other labels (`Fax:`, `ER:`). A name takes the role printed just
before it; a name without one takes the role label printed above it (cards) or the role
of the person directly above it in the same column (`Grip  A` / `B`). Numbers and e-mails
alone on a line belong to the person just above them (wrapped blocks), never across a
non-person label such as `Office:` or `Nearest hospital`.
"""
from __future__ import annotations

from dataclasses import dataclass

from callsheet.extraction.normalize.emails import is_generic_mailbox
from callsheet.extraction.normalize.phones import find_phones
from callsheet.extraction.normalize.roles import lexicon
from callsheet.extraction.pattern.bands import RULED_ROW
from callsheet.extraction.pattern.items import Item, segment_items
from callsheet.extraction.pattern.lines import Line, median_line_height
from callsheet.extraction.pattern.records import Record, inherit_role, spells_name
from callsheet.extraction.pattern.settings import SETTINGS


@dataclass(slots=True)
class _Entry:
    record: Record
    role_x0: float
    name_x0: float
    x1: float
    y0: float
    y1: float


def free_records(lines: list[Line], used: set[int], page: int, region: str,
                 height: float | None = None) -> tuple[list[Record], list[Item]]:
    """Records from every word not consumed by a table, and the lone phones/e-mails that
    look personal (outside any organisation's line) but were left without a person;
    `height` is the page's text height (the lines' own when not given)."""
    height = height or median_line_height(lines)
    entries: list[_Entry] = []
    role_labels: list[tuple[Item, float]] = []  # role-only labels and their line's y1 (cards)
    depts: list[tuple[Item, float]] = []
    orphans: list[tuple[Item, float, float]] = []
    blockers: list[tuple[float, float, float, float]] = []  # labels and prose: no number reaches across
    for line in lines:
        words = [w for w in line.words if id(w) not in used]
        if not words:
            continue
        sub = line if len(words) == len(line.words) else Line(words, line.index)  # reuse cached segments
        segments = sub.segments()
        line_items = [(n, it) for n, seg in enumerate(segments) for it in segment_items(seg.words, region)]
        current: _Entry | None = None
        current_seg = -1  # the segment the current entry last took an item from
        ruled = words[0].block == RULED_ROW  # a ruled row laid out as one line (bands.py): all of it is one row
        pending: Item | None = None
        blocked = False
        names_on_line = any(it.kind == "name" for _, it in line_items)
        for seg_no, it in line_items:
            if it.kind == "role":
                pending, current, blocked = it, None, False
                if not names_on_line:
                    role_labels.append((it, sub.y1))
            elif it.kind == "name":
                dept = _dept_above(depts, it.x0 if pending is None else pending.x0, sub.y0, height)
                record = Record(name=it.text, page=page, y=sub.y0, x=it.x0, dept_header=dept, kind="key")
                record.role = it.role or (pending.text if pending else "")
                if pending is not None or it.role:
                    record.evidence.add("label")
                elif current is not None and seg_no == current_seg and "/" in current.record.role:
                    inherit_role(current.record, record)  # `KEY GRIP / BEST BOY: Ana Ruiz ... & Li Wei`
                    record.dept_header = record.dept_header or current.record.dept_header
                role_x0 = pending.x0 if pending else it.x0
                current = _Entry(record, role_x0, it.x0, it.x1, sub.y0, sub.y1)
                current_seg = seg_no
                entries.append(current)
                pending, blocked = None, False
            elif it.kind in ("phone", "email"):
                complete = current is not None and bool(current.record.phones or current.record.emails) and not ruled
                if complete and current is not None and seg_no != current_seg and (
                        it.x0 - current.x1 > SETTINGS.far_value_gap * height
                        or (it.x0 - current.x1 > height and _under_other(entries, current, it, sub.y0, height))):
                    current = None  # a number right of a complete entry, under another one: its box
                if current is not None:
                    (current.record.phones if it.kind == "phone" else current.record.emails).append(it.text)
                    current.x1 = max(current.x1, it.x1)
                    current_seg = seg_no
                elif not blocked and pending is None:
                    orphans.append((it, sub.y0, sub.y1))
            elif it.kind == "dept":
                depts.append((it, sub.y1))
                current, pending, blocked = None, None, True  # `Production Office: 555-0100` is no one's
                if it.role and names_on_line:
                    pending = Item("role", it.role, it.x0, it.x1)
            else:
                current, pending, blocked = None, None, True
                blockers.append((sub.y0, sub.y1, it.x0, it.x1))
    lone = _attach_orphans(entries, orphans, blockers, height)
    _fill_roles(entries, role_labels, height)
    return [e.record for e in entries if _has_evidence(e.record)], lone


def _under_other(entries: list[_Entry], current: _Entry, item: Item, y0: float, height: float) -> bool:
    """True when `item` sits in the column of another person on the line above."""
    return any(e is not current and e.role_x0 > current.x1 and e.role_x0 - 2 <= item.x0 <= e.x1
               and 0 < y0 - e.y0 < 2 * height for e in entries)


def _dept_above(depts: list[tuple[Item, float]], x0: float, y0: float, height: float) -> str | None:
    best = None
    for item, y1 in depts:
        if y1 <= y0 + 1 and abs(item.x0 - x0) < 1.2 * height and (best is None or y1 > best[1]):
            best = (item, y1)
    return best[0].text if best else None


def _attach_orphans(entries: list[_Entry], orphans: list[tuple[Item, float, float]],
                    blockers: list[tuple[float, float, float, float]], height: float) -> list[Item]:
    """Give lone numbers and e-mails to the person just above, unless a label or a line of
    prose stands between them (`Acme Films` / `Tel ...` under a title); a line whose address
    spells the name of one person on the line above (or just below) is that person's, wherever it starts.
    Returns the personal-looking ones that found nobody."""
    lone: list[Item] = []
    named: dict[int, _Entry] = {}  # an orphan address -> the one person above it names
    lines: dict[float, set[int]] = {}  # orphan line (its top) -> the people its addresses name
    for item, y0, y1 in orphans:
        if item.kind != "email":
            continue
        # the person above, or just below: a spreadsheet's row printed the name at the foot of its
        # cell and the number and address at the top (`+34 650 555 235 ana.ruiz@…` / `Conductor RUIZ, Ana`)
        near = [e for e in entries if (e.y0 < y0 and y0 - e.y1 < SETTINGS.named_address_reach * height)
                or (e.y0 >= y1 - 1 and e.y0 - y1 < SETTINGS.named_address_reach * height)]
        hits = [e for e in near if spells_name(item.text, e.record.name)]
        if len(hits) == 1:
            named[id(item)] = hits[0]
            lines.setdefault(y0, set()).add(id(hits[0]))
    by_id = {id(e): e for e in entries}
    for item, y0, _y1 in orphans:
        owner = named.get(id(item))
        if owner is None and item.kind == "phone" and len(lines.get(y0, ())) == 1:
            owner = by_id[next(iter(lines[y0]))]  # the number beside the address of one person
        xc = (item.x0 + item.x1) / 2
        reach = SETTINGS.orphan_reach * height
        above = [e for e in entries
                 if e.y0 < y0 and y0 - e.y1 < reach and e.role_x0 - 2 <= xc <= e.x1 + 2 * height
                 and not any(e.y1 - 1 < (b0 + b1) / 2 < y0 and bx0 < item.x1 and item.x0 < bx1
                             for b0, b1, bx0, bx1 in blockers)]
        entry = owner or (max(above, key=lambda e: e.y0) if above else None)
        if entry is None:
            if _personal(item):
                lone.append(item)
            continue
        (entry.record.phones if item.kind == "phone" else entry.record.emails).append(item.text)
        entry.x1 = max(entry.x1, item.x1)
    return lone


def _personal(item: Item) -> bool:
    """A lone number or address that looks like a person's (not an office, fax or mailbox)."""
    if item.kind == "email":
        return not is_generic_mailbox(item.text.removeprefix("mailto:"))
    found = find_phones(item.text, "US")
    return bool(found) and found[0].label in (None, "cell")


def _fill_roles(entries: list[_Entry], role_labels: list[tuple[Item, float]], height: float) -> None:
    """Names printed without a role: a role label just above (cards) or the person above."""
    for i, entry in enumerate(entries):
        record = entry.record
        if record.role:
            continue
        cands = sorted(((it, y1) for it, y1 in role_labels
                        if y1 <= entry.y0 + 1 and entry.y0 - y1 < SETTINGS.label_above_reach * height
                        and it.x0 < entry.x1 and entry.name_x0 < it.x1), key=lambda c: c[1])
        if cands:
            record.role = _stacked_label(cands, height)
            record.evidence.add("label")
            continue
        below = _label_below(entry, entries, role_labels, height)
        if below is not None:
            record.role = below.text
            record.evidence.add("label")
            continue
        above = [e for e in entries[:i]
                 if abs(e.name_x0 - entry.name_x0) < 3 and 0 < entry.y0 - e.y0 < 1.7 * height]
        if above and above[-1].record.role:
            inherit_role(above[-1].record, record)
            record.dept_header = record.dept_header or above[-1].record.dept_header


def _label_below(entry: _Entry, entries: list[_Entry], role_labels: list[tuple[Item, float]],
                 height: float) -> Item | None:
    """Cards that print the role under the name (`Ana Ruiz` / `Director`): the label on the
    next line, unless a name right under that label claims it (role-over-name cards)."""
    for item, y1 in role_labels:
        if not (0 < y1 - entry.y1 < 1.6 * height and item.x0 < entry.x1 and entry.name_x0 < item.x1):
            continue
        claimed = any(0 <= e.y0 - y1 + 1 < height and item.x0 < e.x1 and e.name_x0 < item.x1 for e in entries)
        if not claimed:
            return item
    return None


def _stacked_label(cands: list[tuple[Item, float]], height: float) -> str:
    """The label right above a name, joined with the label lines stacked over it."""
    text, bottom = cands[-1][0].text, cands[-1][1]
    for item, y1 in reversed(cands[:-1]):
        joined = f"{item.text} {text}"
        if bottom - y1 < 2 * height and lexicon().match_role(joined):
            text, bottom = joined, y1
    return text


def _has_evidence(record: Record) -> bool:
    return bool(record.role or record.phones or record.emails or "label" in record.evidence)
