"""Ruled rows: one row is one line however its cells are aligned or wrapped."""
from __future__ import annotations

from callsheet.extraction import document
from callsheet.extraction.pattern.bands import region_lines
from callsheet.extraction.pattern.reader import extract
from callsheet.extraction.pattern.regions import find_regions
from tests.extraction.pattern.sheets import grid_pdf

HEADER = (10, ["POSITION", "NAME", "PHONE", "EMAIL"])
WIDTHS = [80, 90, 60, 130]


def _people(path):
    return {c.name: c for c in extract(path, {}).contacts}


def test_cells_aligned_top_middle_bottom_are_one_row(tmp_path):
    """A spreadsheet's tall rows: the e-mail printed above the name belongs to that name,
    not to the person of the row above, who has no e-mail."""
    rows = [HEADER,
            (26, [("Director of\nPhotography", "middle"), ("Ingrid Whitlock", "bottom"),
                  ("213-555-0142", "bottom"), ("", "top")]),
            (26, [("Steadicam\nOperator", "top"), ("Kofi Fairweather", "bottom"),
                  ("213-555-0143", "bottom"), ("kofi.f@lark.example", "top")])]
    people = _people(grid_pdf(tmp_path / "tall.pdf", [(30, 60, WIDTHS, rows)]))
    ingrid, kofi = people["Ingrid Whitlock"], people["Kofi Fairweather"]
    assert (ingrid.role, ingrid.email) == ("Director of Photography", None)
    assert (kofi.role, kofi.email, kofi.phone) == ("Steadicam Operator", "kofi.f@lark.example", "+12135550143")


def test_an_address_wrapped_mid_domain_is_one_address(tmp_path):
    rows = [HEADER, (20, ["Gaffer", "Ingrid Whitlock", "213-555-0142", ("iwhitlock@lark-lig\nhting.example", "top")])]
    people = _people(grid_pdf(tmp_path / "wrap.pdf", [(30, 60, WIDTHS, rows)]))
    assert people["Ingrid Whitlock"].email == "iwhitlock@lark-lighting.example"


def test_unruled_rows_inside_one_box_stay_separate_lines(tmp_path):
    """Between two rulings, lines that each name a person are rows of their own."""
    rows = [(30, ["Gaffer\nKey Grip", "Ingrid Whitlock\nKofi Fairweather", "213-555-0142\n213-555-0143"])]
    path = grid_pdf(tmp_path / "box.pdf", [(30, 60, [80, 90, 60], rows)])
    region = next(r for r in find_regions(document.load(path)[0]) if r.drawn)
    assert [line.text for line in region_lines(region)] == ["Gaffer Ingrid Whitlock 213-555-0142",
                                                            "Key Grip Kofi Fairweather 213-555-0143"]


def test_a_two_person_cell_wrapped_over_lines_is_one_row(tmp_path):
    """`LATOYA N.` / `BOUDREAUX /` / `SHUANG FANG`: a name ending in `/` goes on below."""
    rows = [(30, ["Key Grip /\nBest Boy\nGrip", "INGRID N.\nWHITLOCK /\nKOFI FAIRWEATHER", "213-555-0142"])]
    path = grid_pdf(tmp_path / "pair.pdf", [(30, 60, [60, 80, 60], rows)])
    people = {c.name: c for c in extract(path, {}).contacts}
    assert (people["Ingrid N. Whitlock"].role, people["Ingrid N. Whitlock"].phone) == ("Key Grip", "+12135550142")
    assert (people["Kofi Fairweather"].role, people["Kofi Fairweather"].phone) == ("Best Boy Grip", "+12135550142")


def test_a_box_of_whole_entries_keeps_its_lines(tmp_path):
    """A bordered KEY CONTACTS box: each line is a whole entry, so the box is not one row."""
    rows = [(40, ["KEY CONTACTS\nDirector: Ingrid Whitlock · 213-555-0142 · iw@lark.example\n"
                  "Producer: Kofi Fairweather · 213-555-0143 · kofi@lark.example"])]
    path = grid_pdf(tmp_path / "key.pdf", [(30, 60, [400], rows)])
    people = _people(path)
    assert (people["Ingrid Whitlock"].role, people["Ingrid Whitlock"].email) == ("Director", "iw@lark.example")
    assert (people["Kofi Fairweather"].role, people["Kofi Fairweather"].phone) == ("Producer", "+12135550143")


def test_names_with_addresses_under_them_in_one_cell_of_a_two_person_row(tmp_path):
    """`NAME / EMAIL` cells: `A /` then `B`, each address under its name, cut mid-domain."""
    rows = [(10, ["POSITION", "NAME / EMAIL", "PHONE"]),
            (60, ["Gaffer / BB\nElectric",
                  "INGRID WHITLOCK /\nKOFI FAIRWEATHER\ningrid.whitlock@lark-li\nghting.example\n"
                  "kofi.fairweather@lark-li\nghting.example", "213-555-0142"])]
    people = _people(grid_pdf(tmp_path / "pair.pdf", [(30, 60, [70, 110, 70], rows)]))
    assert people["Ingrid Whitlock"].email == "ingrid.whitlock@lark-lighting.example"
    assert (people["Kofi Fairweather"].email, people["Kofi Fairweather"].role) == (
        "kofi.fairweather@lark-lighting.example", "Best Boy Electric")
