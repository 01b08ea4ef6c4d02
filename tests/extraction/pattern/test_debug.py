"""debug-page: the reader's regions, lines and columns drawn over the page."""
from __future__ import annotations

import pymupdf

from callsheet.cli import main
from callsheet.extraction.pattern.debug import render_page
from tests.extraction.pattern.sheets import grid_pdf


def test_a_page_is_drawn_with_what_the_reader_found(tmp_path):
    rows = [(10, ["POSITION", "NAME", "PHONE"]), (10, ["Gaffer", "Ingrid Whitlock", "213-555-0142"])]
    path = grid_pdf(tmp_path / "grid.pdf", [(30, 60, [80, 100, 70], rows)])
    out = tmp_path / "page.png"
    counts = render_page(path, 1, out, dpi=60)
    assert counts["regions"] == 1 and counts["tables"] == 1 and counts["lines"] == 2
    drawn, plain = pymupdf.Pixmap(str(out)), pymupdf.open(path)[0].get_pixmap(dpi=60)
    assert (drawn.width, drawn.height) == (plain.width, plain.height) and drawn.samples != plain.samples


def test_the_command_line_writes_the_picture(tmp_path, capsys):
    path = grid_pdf(tmp_path / "grid.pdf", [(30, 60, [80, 100], [(10, ["NAME", "PHONE"]), (10, ["Ana Ruiz", "x"])])])
    assert main(["debug-page", str(path), "--page", "1", "--out", str(tmp_path / "p.png"), "--dpi", "40"]) == 0
    assert (tmp_path / "p.png").stat().st_size > 0 and '"regions"' in capsys.readouterr().out
