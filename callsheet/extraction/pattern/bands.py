"""Region -> lines, where a ruled row is one line however its cells are aligned.

Spreadsheet and word-processor tables print tall rows whose cells are top-, centre- or
bottom-aligned (an e-mail a little above its name) and wrap long cells (`Director of` /
`Photography`, an address cut mid-domain). Between two row separators of a region, the
lines of one row are laid out again as a single line: each cell's words in reading order,
inside the cell's own span, so the table and free-text stages read one row as one line.
A band is left as it is when it holds several rows (unruled rows between two rules: names
stacked in one column, or two lines that are each a whole entry) or too many lines.
"""
from __future__ import annotations

import bisect
import re

from callsheet.extraction.normalize.emails import is_partial_email
from callsheet.extraction.normalize.names import looks_like_person
from callsheet.extraction.pattern.lines import Line, Segment, build_lines, cell_runs, median_line_height
from callsheet.extraction.pattern.regions import Region
from callsheet.extraction.pattern.settings import SETTINGS
from callsheet.extraction.types import Word

RULED_ROW = -1  # the `block` of words laid out from a ruled row: readers know the line is one row


def separators(region: Region) -> list[float]:
    """Heights of the horizontal rulings that cross most of the region: its row borders."""
    width = region.x1 - region.x0
    ys = sorted(r.y0 for r in region.rulings
                if r.horizontal and r.x1 - r.x0 >= SETTINGS.separator_cover * width)
    return ys


_CONTINUED = ("/", "-", "&", ",", "+")  # a cell line ending so goes on below: `BOUDREAUX /` over `SHUANG FANG`


_WORD = re.compile(r"[^\W\d_]{2,}")


def _is_entry(line: Line) -> bool:
    """A line holding a whole entry in one run of text: words (a role, a name) and a number or
    address (`Director: Ana Ruiz · 555-0100`); a wrapped cell's line (`o 555-0100 ext. 2`) is not."""
    for seg in line.segments():
        text = " ".join(w.text for w in seg.words if "@" not in w.text)
        contact = len(text) < len(seg.text) or sum(ch.isdigit() for ch in text) >= 7
        if contact and len(_WORD.findall(text)) >= 2:
            return True
    return False


def _is_several_rows(band: list[Line]) -> bool:
    """True when the band holds rows of its own: names stacked in one column on different
    lines (a name continuing the cell above, `A /` over `B`, does not count), or more lines
    than a row wraps to."""
    if len(band) > SETTINGS.band_max_lines or sum(map(_is_entry, band)) > 1:
        return True
    seen: list[tuple[Segment, bool]] = []  # segments so far, top to bottom, and whether a name
    for line in band:
        for seg in line.segments():
            column = [(s, p) for s, p in seen if s.x0 < seg.x1 and seg.x0 < s.x1]
            wrapped = bool(column) and _glued(column[-1][0].text, seg.text)  # the rest of an address
            person = not wrapped and looks_like_person(seg.text.rstrip(" " + "".join(_CONTINUED)))
            names = [s for s, p in column if p]
            if person and names and not any(s.text.rstrip().endswith(_CONTINUED) for s in (column[-1][0], names[-1])):
                return True  # a second name in the column, not continuing the cell above: another row
            seen.append((seg, person))
    return False


def region_starts(lines: list[Line]) -> list[float]:
    """Left edges where cells start on many lines of a region: its columns, even where a
    row's cells touch (`555-0148 8:45A` printed as one run)."""
    xs = sorted(s.x0 for line in lines for s in cell_runs(line, SETTINGS.type_change_gap))
    if not xs:
        return []
    tolerance = SETTINGS.cell_start_tolerance * median_line_height(lines)
    support = max(2, len(lines) // 10)
    clusters: list[list[float]] = [[xs[0]]]
    for x in xs[1:]:
        if x - clusters[-1][0] > tolerance:
            clusters.append([])
        clusters[-1].append(x)
    return [c[0] for c in clusters if len(c) >= support]


def _columns(band: list[Line], region: Region, common: list[float]) -> list[float]:
    """Left edges of the band's cells: vertical rulings across it, else where its segments
    and the region's columns start (cells are left-aligned: a wrapped line starts where its
    cell does)."""
    top, bottom = band[0].y0, band[-1].y1
    inner = sorted({round(r.x0, 1) for r in region.rulings if not r.horizontal and r.y0 <= top + 1
                    and r.y1 >= bottom - 1 and region.x0 + 2 < r.x0 < region.x1 - 2})
    if inner:  # a grid: cells between vertical rulings (a box's own sides are no columns)
        return [region.x0 - 1, *inner]
    tolerance = SETTINGS.cell_start_tolerance * band[0].height
    first = min(w.x0 for line in band for w in line.words)
    starts: list[float] = []
    own = [s.x0 for line in band for s in cell_runs(line, SETTINGS.type_change_gap)]
    for x0 in sorted(own + [x for x in common if x > first]):
        if not starts or x0 - 0.5 - starts[-1] > tolerance:
            starts.append(x0 - 0.5)
    return starts


def _glued(before: str, after: str) -> bool:
    """A cell's text wrapped mid-word: an address cut anywhere, a hyphenated name."""
    if before.endswith("-") and before[:-1].isalpha():
        return True
    return "@" in before + after and (is_partial_email(before) or after.startswith((".", "@"))
                                      or before.endswith(("@", ".", "_", "-")))


def _cell_lines(words: list[Word]) -> list[list[Word]]:
    """A cell's words as its own printed lines, top to bottom, each left to right."""
    out: list[list[Word]] = []
    centre = 0.0
    for w in sorted(words, key=lambda w: w.y0 + w.y1):
        yc = (w.y0 + w.y1) / 2
        if out and abs(yc - centre) <= 0.35 * (w.y1 - w.y0):
            out[-1].append(w)
        else:
            out.append([w])
            centre = yc
    return [sorted(line, key=lambda w: w.x0) for line in out]


def _cell_words(words: list[Word]) -> list[tuple[str, float]]:
    """(text, width) of a cell's words in reading order, wrapped pieces glued together."""
    out: list[tuple[str, float]] = []
    for n, line in enumerate(_cell_lines(words)):
        for i, w in enumerate(line):
            if n and not i and out and _glued(out[-1][0], w.text):
                text, width = out.pop()
                out.append((text + w.text, width + w.x1 - w.x0))
            else:
                out.append((w.text, w.x1 - w.x0))
    return out


def _one_line(band: list[Line], region: Region, common: list[float], height: float, gap_limit: float) -> Line:
    """The band's words laid out left to right as one line, each cell within its span."""
    edges = _columns(band, region, common)
    cells: dict[int, list[Word]] = {}
    for line in band:
        for w in line.words:
            cells.setdefault(max(0, bisect.bisect_right(edges, w.x0 + 0.5) - 1), []).append(w)
    order = sorted(cells)
    y0 = band[0].y0
    out: list[Word] = []
    gap = SETTINGS.band_word_gap * height
    for k, col in enumerate(order):
        members = cells[col]
        start = min(w.x0 for w in members)
        nxt = min((w.x0 for w in cells[order[k + 1]]), default=region.x1) if k + 1 < len(order) else region.x1
        if col + 1 < len(edges):  # an empty cell to the right still bounds this one
            nxt = min(nxt, edges[col + 1] + 0.5)
        pieces = _cell_words(members)
        natural = sum(wd for _, wd in pieces) + gap * (len(pieces) - 1)
        room = max(1.0, nxt - gap_limit - start)
        scale = min(1.0, room / natural) if natural > 0 else 1.0
        x = start
        for text, width in pieces:
            out.append(Word(x, y0, x + width * scale, y0 + height, text, RULED_ROW, band[0].index))
            x += (width + gap) * scale
    return Line(out, band[0].index)


def region_lines(region: Region, ocr: bool = False) -> list[Line]:
    """The lines of a region, each ruled row of a drawn region as one line."""
    borders = separators(region) if region.drawn and not ocr else []
    if not borders:
        return build_lines(region.words, ocr=ocr)
    groups: dict[int, list[Word]] = {}
    for w in region.words:
        groups.setdefault(bisect.bisect_left(borders, (w.y0 + w.y1) / 2), []).append(w)
    bands = [build_lines(groups[no]) for no in sorted(groups)]
    every = [line for band in bands for line in band]
    height = median_line_height(every)
    gap_limit = SETTINGS.segment_gap * height + 1
    common = region_starts(every)
    out: list[Line] = []
    for band in bands:
        for i, line in enumerate(band):
            line.index = len(out) + i
        if _is_several_rows(band):
            out.extend(band)
        else:
            out.append(_one_line(band, region, common, height, gap_limit))
    for i, line in enumerate(out):
        line.index = i
    return out
