"""Page -> regions: the boxes, grids and cards drawn on a page, read one at a time.

Two tables side by side, a grid of department boxes or a row of key-contact cards print
their lines at the same heights; read across the page, a value lands on the neighbour's
person. Rulings that touch one another form one drawn structure (a table's grid, a box's
outline); each structure holding some lines of text is a region, and every word belongs
to the smallest region around it. Words outside every drawn structure form the page's
open region, read as before. Pages without rulings (OCR, Textract) are one open region.
A box with a single line, or with no number or address in it, is a label bar (a title, a
table's shaded header) and is read with what surrounds it.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from callsheet.extraction.pattern.settings import SETTINGS
from callsheet.extraction.types import Page, Ruling, Word


@dataclass(slots=True)
class Region:
    x0: float
    y0: float
    x1: float
    y1: float
    words: list[Word] = field(default_factory=list)
    rulings: list[Ruling] = field(default_factory=list)  # those inside it, for its rows and columns
    drawn: bool = True  # False for the open region (words outside every box)

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1

    @property
    def area(self) -> float:
        return (self.x1 - self.x0) * (self.y1 - self.y0)


_VALUE = re.compile(r"\d|@")  # a box of contacts holds numbers or addresses; a label bar holds neither


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def structures(rulings: list[Ruling], touch: float | None = None) -> list[list[Ruling]]:
    """Rulings grouped into drawn structures: horizontals and verticals that meet or cross."""
    touch = SETTINGS.ruling_touch_pt if touch is None else touch
    flat = [i for i, r in enumerate(rulings) if r.horizontal]
    tall = sorted((i for i, r in enumerate(rulings) if not r.horizontal), key=lambda i: rulings[i].x0)
    tall_x = [rulings[i].x0 for i in tall]
    parent = list(range(len(rulings)))
    for i in flat:
        h = rulings[i]
        lo = bisect.bisect_left(tall_x, h.x0 - touch)
        hi = bisect.bisect_right(tall_x, h.x1 + touch)
        for j in tall[lo:hi]:
            v = rulings[j]
            if v.y0 - touch <= h.y0 <= v.y1 + touch:
                a, b = _find(parent, i), _find(parent, j)
                if a != b:
                    parent[a] = b
    groups: dict[int, list[Ruling]] = {}
    for i, r in enumerate(rulings):
        groups.setdefault(_find(parent, i), []).append(r)
    return list(groups.values())


def _line_count(words: list[Word]) -> int:
    """Distinct text lines among `words` (centres more than half a word height apart)."""
    centres = sorted((w.y0 + w.y1) / 2 for w in words)
    if not centres:
        return 0
    height = sorted(w.y1 - w.y0 for w in words)[len(words) // 2]
    count, last = 1, centres[0]
    for c in centres[1:]:
        if c - last > 0.5 * height:
            count, last = count + 1, c
    return count


def find_regions(page: Page) -> list[Region]:
    """The page's drawn regions (smallest first) and its open region (last; may be empty)."""
    s = SETTINGS
    boxes = []
    for group in structures(page.rulings):
        if not any(r.horizontal for r in group) or all(r.horizontal for r in group):
            continue  # a lone rule or a stack of parallel rules encloses nothing
        x0 = min(r.x0 for r in group)
        x1 = max(r.x1 for r in group)
        y0 = min(r.y0 for r in group)
        y1 = max(r.y1 for r in group)
        if x1 - x0 >= s.region_min_width_pt and y1 - y0 >= s.region_min_height_pt:
            boxes.append(Region(x0, y0, x1, y1))
    boxes.sort(key=lambda r: r.area)
    open_region = Region(0.0, 0.0, page.width, page.height, drawn=False)
    for w in page.words:
        cx, cy = (w.x0 + w.x1) / 2, (w.y0 + w.y1) / 2
        for box in boxes:
            if box.contains(cx, cy):
                box.words.append(w)
                break
        else:
            open_region.words.append(w)
    kept = []
    for box in boxes:  # a label bar (a title, a table's header) is read with what surrounds it
        if _line_count(box.words) >= s.region_min_lines and any(_VALUE.search(w.text) for w in box.words):
            kept.append(box)
            continue
        home = next((b for b in boxes if b is not box and b.area > box.area
                     and b.contains((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)), open_region)
        home.words.extend(box.words)
    kept = [b for b in kept if b.words]
    for r in page.rulings:
        for box in kept:
            if box.x0 - 1 <= r.x0 and r.x1 <= box.x1 + 1 and box.y0 - 1 <= r.y0 and r.y1 <= box.y1 + 1:
                box.rulings.append(r)
    open_region.rulings = [r for r in page.rulings if not any(
        b.x0 - 1 <= r.x0 and r.x1 <= b.x1 + 1 and b.y0 - 1 <= r.y0 and r.y1 <= b.y1 + 1 for b in kept)]
    return [*kept, open_region]
