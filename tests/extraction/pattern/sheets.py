"""Tiny synthetic call sheets for the layout and pattern tests.

A sheet is written as rows of (x, text) cells per page, the way a real sheet lays out its
columns; `pdf()` draws them with PyMuPDF so tests go through the real text layer, and
`words_page()` builds `Word`s directly when a test wants exact boxes (OCR, Textract).
"""
from __future__ import annotations

import itertools
from pathlib import Path

import pymupdf

from callsheet.extraction.types import Page, Word

Row = list[tuple[float, str]]  # (x in points, cell text)
CHAR_W = 0.5  # average glyph width per point of font size (Helvetica)


def pdf(path: Path, pages: list[list[tuple[float, Row]]], fontsize: float = 8,
        links: list[tuple[int, str]] | None = None) -> Path:
    """Write a PDF; each page is a list of (y, row) with cells drawn at their x."""
    doc = pymupdf.open()
    for rows in pages:
        page = doc.new_page(width=612, height=792)
        for y, row in rows:
            for x, text in row:
                page.insert_text((x, y), text, fontsize=fontsize, fontname="helv")
    for page_no, uri in links or []:
        doc[page_no].insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(40, 40, 200, 50), "uri": uri})
    doc.save(path)
    doc.close()
    return path


def words_page(rows: list[tuple[float, Row]], fontsize: float = 8, number: int = 1,
               source: str = "text") -> Page:
    """A `Page` of words from rows of cells, with approximate glyph widths."""
    words = []
    for line_no, (y, row) in enumerate(rows):
        for x, text in row:
            cursor = x
            for token in text.split():
                width = len(token) * fontsize * CHAR_W
                words.append(Word(cursor, y - fontsize, cursor + width, y, token, 0, line_no))
                cursor += width + fontsize * 0.28
    return Page(number=number, width=612, height=792, words=words, source=source)


Cell = str | tuple[str, str]  # text, or (text, vertical alignment: "top" | "middle" | "bottom")


def grid(page: pymupdf.Page, x: float, y: float, widths: list[float], rows: list[tuple[float, list[Cell]]],
         fontsize: float = 7) -> float:
    """Draw a ruled table the way a spreadsheet export does: every cell bordered, each cell's
    lines (`\\n` wraps) at its own vertical alignment. A row of one cell spans the table
    (a merged section row). Returns the y below the table."""
    edges = [x]
    for w in widths:
        edges.append(edges[-1] + w)
    shape = page.new_shape()
    top = y
    for height, cells in rows:
        spans = [(edges[0], edges[-1])] if len(cells) == 1 else list(itertools.pairwise(edges))
        for (x0, x1), cell in zip(spans, cells, strict=False):
            text, align = (cell, "middle") if isinstance(cell, str) else cell
            shape.draw_rect(pymupdf.Rect(x0, top, x1, top + height))
            lines = text.split("\n") if text else []
            block = len(lines) * fontsize * 1.2
            start = {"top": top + 1.5, "bottom": top + height - block - 1.5}.get(align, top + (height - block) / 2)
            for n, line in enumerate(lines):
                page.insert_text((x0 + 2, start + (n + 1) * fontsize * 1.05), line, fontsize=fontsize, fontname="helv")
        top += height
    shape.finish(color=(0.6, 0.6, 0.6), width=0.5)
    shape.commit()
    return top


def grid_pdf(path: Path, tables: list[tuple[float, float, list[float], list[tuple[float, list[Cell]]]]],
             fontsize: float = 7) -> Path:
    """A one-page PDF of ruled tables, each (x, y, column widths, rows)."""
    doc = pymupdf.open()
    page = doc.new_page(width=792, height=612)
    for x, y, widths, rows in tables:
        grid(page, x, y, widths, rows, fontsize)
    doc.save(path)
    doc.close()
    return path
