"""Tiny synthetic call sheets for the layout and pattern tests.

A sheet is written as rows of (x, text) cells per page, the way a real sheet lays out its
columns; `pdf()` draws them with PyMuPDF so tests go through the real text layer, and
`words_page()` builds `Word`s directly when a test wants exact boxes (OCR, Textract).
"""
from __future__ import annotations

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
