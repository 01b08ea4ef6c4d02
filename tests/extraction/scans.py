"""Synthetic scans for the OCR tests: text or drawings rendered to pixels (no corpus data)."""
from __future__ import annotations

import os
import random
from pathlib import Path

import pymupdf

SHEET = ["CREW LIST", "Director   Ana Ruiz   323 555 0147", "Producer   Tom Baker   323 555 0148"]


def text_page(lines: list[str], fontsize: float = 14, rotate: int = 0, dpi: int = 200) -> pymupdf.Pixmap:
    """A Letter page of `lines` rendered to a grey image, turned by `rotate` degrees (clockwise)."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    for i, line in enumerate(lines):
        page.insert_text((50, 80 + 24 * i), line, fontsize=fontsize)
    page.set_rotation(rotate)
    return page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)


def drawings_page(strokes: int = 6000, seed: int = 1) -> pymupdf.Pixmap:
    """A page of short random strokes and no text: what a sheet exported with its text as
    outlines looks like to OCR (many seconds of Tesseract CPU)."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    shape = page.new_shape()
    rnd = random.Random(seed)
    for _ in range(strokes):
        x, y = rnd.uniform(20, 590), rnd.uniform(20, 770)
        shape.draw_line((x, y), (x + rnd.uniform(-6, 6), y + rnd.uniform(-6, 6)))
    shape.finish(width=0.8)
    shape.commit()
    return page.get_pixmap(dpi=150, colorspace=pymupdf.csGRAY)


def image_pdf(path: Path, pixmaps: list[pymupdf.Pixmap]) -> Path:
    """An image-only PDF (no text layer): one Letter page per pixmap."""
    doc = pymupdf.open()
    for pix in pixmaps:
        page = doc.new_page(width=612, height=792)
        page.insert_image(page.rect, stream=pix.tobytes("png"))
    doc.save(path)
    return path


def _stat(pid: int) -> tuple[str, str, int] | None:
    """(command, state, parent pid) of a process, None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2:].split()
    return stat[stat.index("(") + 1:stat.rindex(")")], fields[0], int(fields[1])


def tesseract_children(ancestor: int | None = None) -> list[int]:
    """Pids of the running `tesseract` processes descending from `ancestor` (default: this process)."""
    ancestor = os.getpid() if ancestor is None else ancestor
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        info = _stat(int(entry.name))
        if info is None or info[0] != "tesseract" or info[1] == "Z":
            continue
        parent = info[2]
        while parent > 1 and parent != ancestor:
            up = _stat(parent)
            parent = up[2] if up else 0
        if parent == ancestor:
            found.append(int(entry.name))
    return found


def shaded_page(lines: list[str], dpi: int = 200) -> pymupdf.Pixmap:
    """`lines` in dark grey on paper shaded from white (left) to mid grey (right): a phone
    photo under uneven light."""
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    for i in range(60):
        grey = 1.0 - 0.6 * i / 59
        page.draw_rect(pymupdf.Rect(i * 10.2, 0, (i + 1) * 10.2 + 1, 792), color=None, fill=(grey, grey, grey))
    for i, line in enumerate(lines):
        page.insert_text((40, 100 + 30 * i), line, fontsize=12, color=(0.15, 0.15, 0.15))
    return page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
