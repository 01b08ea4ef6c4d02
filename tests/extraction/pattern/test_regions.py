"""Regions: boxes and grids drawn on a page are read one at a time (side by side, never across)."""
from __future__ import annotations

from callsheet.extraction import document
from callsheet.extraction.pattern.reader import extract
from callsheet.extraction.pattern.regions import find_regions
from tests.extraction.pattern.sheets import grid_pdf

HEADER = (10, ["POSITION", "NAME", "PHONE", "EMAIL"])
WIDTHS = [70, 90, 60, 120]


def _two_tables(tmp_path):
    left = [HEADER,
            (10, ["Gaffer", "Ingrid Whitlock", "213-555-0142", "iwhitlock@lark.example"]),
            (10, ["Key Grip", "Kofi Fairweather", "213-555-0143", ""])]
    right = [HEADER,
             (10, ["Producer", "Marta Lindqvist", "310-555-0150", "marta@lark.example"]),
             (10, ["Director", "Dev Anand Rao", "", "dev@lark.example"])]
    return grid_pdf(tmp_path / "two.pdf", [(20, 60, WIDTHS, left), (20 + sum(WIDTHS) + 6, 60, WIDTHS, right)])


def test_two_grids_side_by_side_are_two_regions(tmp_path):
    page = document.load(_two_tables(tmp_path))[0]
    drawn = [r for r in find_regions(page) if r.drawn]
    assert len(drawn) == 2
    assert {w.text for w in drawn[0].words} & {w.text for w in drawn[1].words} <= {"POSITION", "NAME", "PHONE", "EMAIL"}


def test_values_stay_with_their_own_table(tmp_path):
    """An empty cell in one table is not filled from the table beside it."""
    people = {c.name: c for c in extract(_two_tables(tmp_path), {}).contacts}
    assert people["Kofi Fairweather"].email is None
    assert people["Dev Anand Rao"].phone is None
    assert (people["Marta Lindqvist"].role, people["Marta Lindqvist"].phone) == ("Producer", "+13105550150")


def test_a_label_bar_is_read_with_what_surrounds_it(tmp_path):
    """A shaded title box (no number, no address in it) is no region of its own."""
    path = grid_pdf(tmp_path / "bar.pdf", [(20, 40, [300], [(12, ["CREW LIST"])])])
    regions = find_regions(document.load(path)[0])
    assert [r.drawn for r in regions] == [False]


def test_two_tables_in_one_grid_split_where_the_second_begins(tmp_path):
    """A sheet drawn with gridlines everywhere: one grid, two tables on one header line;
    the ROLE / CHARACTER column after the first table's EMAIL starts the second table."""
    header = (10, ["POSITION", "NAME", "PHONE", "EMAIL", "ROLE / CHARACTER", "NAME", "PHONE"])
    rows = [header,
            (10, ["Gaffer", "Ingrid Whitlock", "213-555-0142", "iw@lark.example", "1. Night Nurse",
                  "Kofi Fairweather", "213-555-0143"]),
            (10, ["Key Grip", "Dev Anand Rao", "213-555-0144", "", "Brand Manager", "Marta Lindqvist", ""])]
    path = grid_pdf(tmp_path / "one.pdf", [(20, 60, [60, 80, 60, 80, 80, 80, 60], rows)])
    people = {c.name: c for c in extract(path, {}).contacts}
    assert people["Ingrid Whitlock"].character is None and people["Ingrid Whitlock"].role == "Gaffer"
    assert (people["Kofi Fairweather"].role, people["Kofi Fairweather"].character) == ("Cast", "Night Nurse")
    assert people["Marta Lindqvist"].role == "Client Representative"
