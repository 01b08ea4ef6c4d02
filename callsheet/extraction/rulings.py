"""A PDF page's drawings -> `Ruling`s: the horizontal and vertical lines a reader sees.

Spreadsheet and word-processor exports draw cell borders as short strokes, browsers draw
borders as thin filled rectangles, shaded rows are filled rectangles: all of them become
axis-aligned segments, merged where they continue one another. White fills and strokes
draw nothing visible and are skipped. On a page shown rotated whose words `document` turns
upright, the rulings are turned the same way.
"""
from __future__ import annotations

import pymupdf

from callsheet.extraction.types import Ruling

THIN = 2.0  # a filled rectangle thinner than this is a drawn line
MIN_LENGTH = 3.0  # shorter segments are ticks, bullets, underlines of one letter
JOIN = 1.0  # segments this close (across and along) are one


def _visible(colour: tuple | None, opacity: float | None) -> bool:
    if colour is None or (opacity is not None and opacity <= 0.05):
        return False
    return not all(c > 0.97 for c in colour)


def _rect_edges(x0: float, y0: float, x1: float, y1: float, out: list[tuple]) -> None:
    """A rectangle's outline (or, when thin, the one line it draws)."""
    x0, x1 = min(x0, x1), max(x0, x1)
    y0, y1 = min(y0, y1), max(y0, y1)
    if y1 - y0 < THIN and x1 - x0 >= y1 - y0:
        out.append(("h", (y0 + y1) / 2, x0, x1))
    elif x1 - x0 < THIN:
        out.append(("v", (x0 + x1) / 2, y0, y1))
    else:
        out.extend((("h", y0, x0, x1), ("h", y1, x0, x1), ("v", x0, y0, y1), ("v", x1, y0, y1)))


def _segments(page: pymupdf.Page) -> list[tuple]:
    out: list[tuple] = []
    for path in page.get_cdrawings():
        kind = path.get("type", "")
        stroke = "s" in kind and _visible(path.get("color"), path.get("stroke_opacity"))
        fill = "f" in kind and _visible(path.get("fill"), path.get("fill_opacity"))
        if not (stroke or fill):
            continue
        for item in path["items"]:
            op = item[0]
            if op == "re":
                _rect_edges(*item[1], out)
            elif op == "qu":
                xs = [p[0] for p in item[1]]
                ys = [p[1] for p in item[1]]
                _rect_edges(min(xs), min(ys), max(xs), max(ys), out)
            elif op == "l" and stroke:
                (ax, ay), (bx, by) = item[1], item[2]
                if abs(ay - by) < 0.5:
                    out.append(("h", (ay + by) / 2, min(ax, bx), max(ax, bx)))
                elif abs(ax - bx) < 0.5:
                    out.append(("v", (ax + bx) / 2, min(ay, by), max(ay, by)))
    return out


def _merge(segments: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """(across, start, end) segments on one axis, collinear neighbours joined."""
    merged: list[list[float]] = []
    for across, start, end in sorted(segments):
        for seg in reversed(merged[-8:]):  # sorted by position across: only the last few can continue
            if abs(seg[0] - across) <= JOIN and start <= seg[2] + JOIN and end >= seg[1] - JOIN:
                seg[1], seg[2] = min(seg[1], start), max(seg[2], end)
                break
        else:
            merged.append([across, start, end])
    return [(a, s, e) for a, s, e in merged if e - s >= MIN_LENGTH]


def _turned(segments: list[tuple], matrix: pymupdf.Matrix) -> list[tuple]:
    """Segments in the orientation a reader sees (what `document` does to sideways words)."""
    out = []
    for kind, across, start, end in segments:
        a, b = ((start, across), (end, across)) if kind == "h" else ((across, start), (across, end))
        (ax, ay), (bx, by) = pymupdf.Point(a) * matrix, pymupdf.Point(b) * matrix
        if abs(ay - by) < 0.5:
            out.append(("h", ay, min(ax, bx), max(ax, bx)))
        else:
            out.append(("v", ax, min(ay, by), max(ay, by)))
    return out


def page_rulings(page: pymupdf.Page, turned: bool = False) -> list[Ruling]:
    """The page's horizontal and vertical rulings, merged, in the coordinates of its words:
    as drawn, or `turned` by the page's /Rotate when its words were turned upright."""
    segments = _segments(page)
    if turned and page.rotation:
        segments = _turned(segments, page.rotation_matrix)
    flat = [(a, s, e) for k, a, s, e in segments if k == "h"]
    tall = [(a, s, e) for k, a, s, e in segments if k == "v"]
    rulings = [Ruling(s, y, e, y) for y, s, e in _merge(flat)]
    rulings += [Ruling(x, s, x, e) for x, s, e in _merge(tall)]
    return rulings
