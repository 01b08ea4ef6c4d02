"""What the reader saw on a page, drawn over it (pdfplumber's `debug_tablefinder` idea).

    python -m callsheet debug-page FILE --page N --out page.png [--dpi 110]

Rulings are red, drawn regions blue, each line's box green (a ruled row laid out as one
line is orange), table header columns purple from the header to the table's last row,
and each record's start a dot (teal: table row, magenta: free text). A wrong reading is
seen, not guessed.
"""
from __future__ import annotations

from pathlib import Path

import pymupdf

from callsheet.extraction import document
from callsheet.extraction.normalize.phones import infer_region
from callsheet.extraction.pattern.bands import RULED_ROW
from callsheet.extraction.pattern.reader import page_records, region_text

RED, BLUE, GREEN, ORANGE, PURPLE = (0.9, 0.1, 0.1), (0.1, 0.3, 0.9), (0.1, 0.7, 0.2), (1.0, 0.5, 0.0), (0.5, 0.1, 0.7)
TEAL, MAGENTA = (0.0, 0.6, 0.6), (0.9, 0.0, 0.7)


def render_page(path: Path, number: int, out: Path, dpi: int = 110) -> dict:
    """Draw the reading of page `number` (1-based) of `path` into the PNG `out`; returns counts."""
    pages = document.load(Path(path))
    region = infer_region(region_text(pages))
    carry: list = []
    trace: list = []
    for page in pages[:number]:
        trace = []
        _, carry, stats = page_records(page, region, carry, trace)
    page = pages[number - 1]
    doc = pymupdf.open()
    if document.file_kind(Path(path)) == "pdf":
        src = pymupdf.open(path)
        doc.insert_pdf(src, from_page=number - 1, to_page=number - 1)
        src.close()
        canvas = doc[0]
        canvas.remove_rotation()
    else:
        canvas = doc.new_page(width=page.width, height=page.height)
        for w in page.words:
            canvas.insert_text((w.x0, w.y1), w.text, fontsize=max(4.0, (w.y1 - w.y0) * 0.8))
    shape = canvas.new_shape()
    for r in page.rulings:
        shape.draw_line((r.x0, r.y0), (r.x1, r.y1))
    shape.finish(color=RED, width=0.6)
    for area, lines, tables, free in trace:
        if area.drawn:
            shape.draw_rect(pymupdf.Rect(area.x0 - 1, area.y0 - 1, area.x1 + 1, area.y1 + 1))
            shape.finish(color=BLUE, width=1.2, dashes="[3] 0")
        for line in lines:
            virtual = any(w.block == RULED_ROW for w in line.words)
            shape.draw_rect(pymupdf.Rect(line.words[0].x0, line.y0, line.words[-1].x1, line.y1))
            shape.finish(color=ORANGE if virtual else GREEN, width=0.4)
        for table in tables:
            bottom = table.rows[-1].y1 if table.rows else (table.header.line.y1 if table.header.line else 0)
            top = table.header.line.y0 if table.header.line else (table.rows[0].y0 if table.rows else 0)
            for col in table.header.columns:
                shape.draw_line((col.x0, top), (col.x0, bottom))
                canvas.insert_text((col.x0 + 1, top - 1), col.kind, fontsize=4, color=PURPLE)
            shape.finish(color=PURPLE, width=0.8)
        for record in free:
            shape.draw_circle((record.x, record.y), 1.5)
            shape.finish(color=MAGENTA, fill=MAGENTA)
    shape.commit()
    canvas.get_pixmap(dpi=dpi).save(out)
    doc.close()
    return {"regions": sum(1 for a, *_ in trace if a.drawn), "lines": sum(len(t[1]) for t in trace), **stats}
