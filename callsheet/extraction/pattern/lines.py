"""Words -> lines -> segments: the geometry every call-sheet layout is read from.

A `Line` is all words of a page sharing a baseline (across table columns); a `Segment` is
a run of words in a line separated from its neighbours by a column-sized gap or a dot
leader. Tables (headers.py, tables.py) and free text (items.py, blocks.py) are both read from these.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from callsheet.extraction.normalize.glued import unglue_words
from callsheet.extraction.pattern.settings import SETTINGS
from callsheet.extraction.types import Word

_LEADER = re.compile(r"^[.·…_\-–—=~*:;,'\"`]{3,}$|^\.{2,}.*\.{2,}$")
SEGMENT_GAP = SETTINGS.segment_gap  # gap wider than this many word heights starts a new segment


_GLUED = re.compile(r"(?:\.{3,}|…+).*$")
_LEADER_CHARS = frozenset(".·…_-–—=~*:;,'\"`")


def is_leader(text: str) -> bool:
    """Dot leaders (`.........`) and rules drawn with characters separate columns."""
    if len(text) < 3 or (text[0] not in _LEADER_CHARS and ".." not in text):
        return False
    return bool(_LEADER.match(text))


def clean_word(text: str) -> str:
    """Strip dot leaders that OCR glued to a word (`Niamh....`), keep the word itself."""
    if "..." not in text and "…" not in text:
        return text
    return _GLUED.sub("", text) if not is_leader(text) else ""


class _Run:
    """Shared geometry of a run of words (a segment or a line)."""

    __slots__ = ()
    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> float:
        return max(w.y1 for w in self.words)

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(slots=True)
class Segment(_Run):
    words: list[Word]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1


@dataclass(slots=True)
class Line(_Run):
    words: list[Word] = field(default_factory=list)
    index: int = 0
    _height: float = 0.0
    _segments: list[Segment] | None = None
    _top: float = 0.0
    _bottom: float = 0.0

    def __post_init__(self) -> None:
        if self.words:
            self._top = min(w.y0 for w in self.words)
            self._bottom = max(w.y1 for w in self.words)

    @property
    def y0(self) -> float:
        return self._top

    @property
    def y1(self) -> float:
        return self._bottom

    @property
    def height(self) -> float:
        """Median word height (computed once: lines are read many times)."""
        if not self._height:
            heights = sorted(w.y1 - w.y0 for w in self.words)
            self._height = heights[len(heights) // 2]
        return self._height

    def segments(self, gap: float = SEGMENT_GAP) -> list[Segment]:
        """Runs of words split at wide gaps and dot leaders."""
        if gap == SEGMENT_GAP and self._segments is not None:
            return self._segments
        out: list[Segment] = []
        run: list[Word] = []
        limit = gap * self.height
        for w in self.words:
            if is_leader(w.text):
                if run:
                    out.append(Segment(run))
                run = []
                continue
            if run and w.x0 - run[-1].x1 > limit:
                out.append(Segment(run))
                run = []
            run.append(w)
        if run:
            out.append(Segment(run))
        if gap == SEGMENT_GAP:
            self._segments = out
        return out

    def within(self, x0: float, x1: float) -> list[Word]:
        """Words whose left edge lies in [x0, x1)."""
        return [w for w in self.words if x0 <= w.x0 < x1]


def typed(text: str) -> str:
    """`email`, `number` (a phone fragment) or "" for a word (`#1:` or `2nd` are words)."""
    return "email" if "@" in text else "number" if sum(map(str.isdigit, text)) >= 3 else ""


def cell_runs(line: Line, type_gap: float) -> list[Segment]:
    """A line's segments, also cut where text turns into a number or an address after a gap
    wider than `type_gap` word heights: tight cells (`Stavros (504) 555-0162`) that touch."""
    out: list[Segment] = []
    limit = type_gap * line.height
    for seg in line.segments():
        run = [seg.words[0]]
        for a, b in itertools.pairwise(seg.words):
            if b.x0 - a.x1 > limit and typed(a.text) != typed(b.text):
                out.append(Segment(run))
                run = []
            run.append(b)
        out.append(Segment(run))
    return out


def _strip(word: Word) -> Word | None:
    text = clean_word(word.text)
    if not text:
        return None if not is_leader(word.text) else word
    if text == word.text:
        return word
    return Word(word.x0, word.y0, word.x1, word.y1, text, word.block, word.line, word.conf)


def _ocr_lines(items: list[Word]) -> list[Line]:
    """OCR boxes are noisy, its line grouping is not: merge whole OCR lines that overlap.

    Each OCR line gets a robust box (median top, median bottom of its words); lines whose
    boxes overlap by half the smaller height are one text line of the page.
    """
    units: dict[tuple[int, int], list[Word]] = {}
    for w in items:
        units.setdefault((w.block, w.line), []).append(w)
    boxes = []
    for members in units.values():
        tops = sorted(w.y0 for w in members)
        bottoms = sorted(w.y1 for w in members)
        boxes.append((tops[len(tops) // 2], bottoms[len(bottoms) // 2], members))
    boxes.sort(key=lambda b: (b[0] + b[1]) / 2)
    lines: list[Line] = []
    top = bottom = 0.0
    count = 0
    current: list[Word] = []
    for y0, y1, members in boxes:
        overlap = min(bottom, y1) - max(top, y0)
        if current and overlap >= 0.4 * min(y1 - y0, bottom - top):
            current.extend(members)
            count += 1
            top += (y0 - top) / count
            bottom += (y1 - bottom) / count
            continue
        if current:
            lines.append(Line(sorted(current, key=lambda w: w.x0)))
        current, top, bottom, count = list(members), y0, y1, 1
    if current:
        lines.append(Line(sorted(current, key=lambda w: w.x0)))
    return lines


def build_lines(words: list[Word], ocr: bool = False) -> list[Line]:
    """Group words into lines by vertical overlap of their centres, each sorted left to right.

    With `ocr`, words keep the line the OCR engine gave them and whole lines are merged.
    """
    items = unglue_words([w for w in (_strip(w) for w in words) if w is not None and w.text.strip()])
    if ocr:
        lines = _ocr_lines(items)
        for i, line in enumerate(lines):
            line.index = i
        return lines
    items.sort(key=lambda w: (w.y0 + w.y1) / 2)
    lines: list[Line] = []
    current: list[Word] = []
    centre = 0.0
    height = 0.0
    for w in items:
        yc = (w.y0 + w.y1) / 2
        h = w.y1 - w.y0
        if current and abs(yc - centre) <= 0.45 * min(h, height):
            current.append(w)
            n = len(current)
            centre += (yc - centre) / n
            height += (h - height) / n
            continue
        if current:
            lines.append(Line(sorted(current, key=lambda w: w.x0)))
        current, centre, height = [w], yc, h
    if current:
        lines.append(Line(sorted(current, key=lambda w: w.x0)))
    for i, line in enumerate(lines):
        line.index = i
    return lines


def median_line_height(lines: list[Line]) -> float:
    """Typical text height on a page, the unit for gaps and tolerances."""
    heights = sorted(line.height for line in lines)
    return heights[len(heights) // 2] if heights else 10.0
