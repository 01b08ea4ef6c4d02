"""Drawings -> rulings: what a reader sees as lines, from strokes, thin fills and boxes."""
from __future__ import annotations

import pymupdf

from callsheet.extraction import document
from callsheet.extraction.rulings import page_rulings


def _page(draw) -> pymupdf.Page:
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=300)
    shape = page.new_shape()
    draw(shape)
    shape.commit()
    return doc.reload_page(page)


def test_collinear_strokes_are_one_ruling_and_white_draws_nothing():
    def draw(shape):
        for x0, x1 in ((20, 60), (60, 100), (100.4, 140)):  # one border drawn cell by cell
            shape.draw_line((x0, 50), (x1, 50))
        shape.finish(color=(0.5, 0.5, 0.5), width=0.5)
        shape.draw_rect(pymupdf.Rect(20, 100, 200, 150))
        shape.finish(color=(1, 1, 1), fill=(1, 1, 1))  # white on white: invisible
    rulings = page_rulings(_page(draw))
    assert [(r.x0, r.y0, r.x1, r.y1) for r in rulings] == [(20, 50, 140, 50)]


def test_thin_fill_is_a_line_and_a_box_gives_its_outline():
    def draw(shape):
        shape.draw_rect(pymupdf.Rect(20, 40, 300, 40.75))  # a browser's border-bottom
        shape.finish(color=None, fill=(0.8, 0.8, 0.8))
        shape.draw_rect(pymupdf.Rect(20, 100, 120, 160))
        shape.finish(color=(0, 0, 0), width=0.5)
    rulings = page_rulings(_page(draw))
    flat = sorted((round(r.y0, 2), r.x0, r.x1) for r in rulings if r.horizontal)
    tall = sorted((r.x0, r.y0, r.y1) for r in rulings if not r.horizontal)
    assert flat == [(40.38, 20, 300), (100, 20, 120), (160, 20, 120)]
    assert tall == [(20, 100, 160), (120, 100, 160)]


def test_rulings_turn_with_the_words_of_a_page_shown_rotated():
    """A sheet printed sideways and shown upright with /Rotate: its words are turned to the
    reader's orientation (document.py), and its rulings with them."""
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=400)
    for i, word in enumerate(["Gaffer", "Ingrid", "Whitlock"]):  # text running down the page
        page.insert_text((100, 60 + 40 * i), word, fontsize=10, rotate=90)
    page.draw_line((80, 40), (80, 300))
    page.set_rotation(90)
    page = doc.reload_page(page)
    words = page.get_text("words")
    upright = document._upright(page, words)
    assert upright is not words  # the words were turned
    (ruling,) = page_rulings(page, turned=True)
    turned_x = [w[0] for w in upright]
    assert ruling.horizontal and ruling.x0 <= min(turned_x) and ruling.x1 >= max(turned_x)
