"""Layout rules found by the held-out bench (bench/heldout.py), each on a tiny synthetic sheet.

Sheets are drawn with PyMuPDF and read back through the real text layer, so a rule is
tested the way an upload meets it. People and numbers are invented (fictional ranges).
"""
from __future__ import annotations

from pathlib import Path

import pymupdf

from callsheet.extraction.pattern.reader import extract

Cells = list[tuple[float, str]]


def _sheet(tmp_path: Path, rows: list[tuple[float, Cells]], font: str = "helv", size: float = 8) -> dict:
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    for y, cells in rows:
        for x, text in cells:
            page.insert_text((x, y), text, fontname=font, fontsize=size)
    path = tmp_path / "sheet.pdf"
    doc.save(path)
    return {c.name: c for c in extract(path, {}).contacts}


def _text(w: str, size: float = 8) -> float:
    return pymupdf.get_text_length(w, "helv", size)


def test_centred_first_label_keeps_the_long_cells_left_of_it(tmp_path):
    """`SURNAME` centred over its column: the surnames start left of the label."""
    rows = [(100, [(70, "SURNAME"), (150, "FIRST NAME"), (230, "ROLE"), (330, "MOBILE"), (420, "EMAIL")])]
    people = [("WHITLOCK", "Ingrid", "Gaffer", "(213) 555-0142", "iwhitlock@lark.example.com"),
              ("FAIRWEATHER", "Kofi", "Key Grip", "(213) 555-0143", "kfairweather@lark.example.com")]
    for i, (last, first, role, phone, email) in enumerate(people):
        rows.append((114 + 12 * i, [(50, last), (150, first), (215, role), (320, phone), (400, email)]))
    found = _sheet(tmp_path, rows)
    assert set(found) == {"Ingrid Whitlock", "Kofi Fairweather"}
    assert found["Kofi Fairweather"].role == "Key Grip"
    assert found["Ingrid Whitlock"].phone == "+12135550142"


def test_tight_cells_under_centred_labels_are_not_a_note(tmp_path):
    """A long role touching the phone cell, the phone touching the e-mail: still a row."""
    role = "Special Effects Makeup Artist"
    x_phone = 140 + _text(role) + 4
    x_mail = x_phone + _text("(323) 555-0177") + 5

    def centred(label: str, x: float, cell: str) -> tuple[float, str]:
        return x + (_text(cell) - _text(label)) / 2, label

    rows = [(100, [centred("NAME", 40, "Oisín Ekwueme"), centred("POSITION", 140, role),
                   centred("PHONE", x_phone, "(323) 555-0177"), centred("EMAIL", x_mail, "oekwueme@lark.example.com")])]
    rows.append((114, [(40, "Oisín Ekwueme"), (140, role), (x_phone, "(323) 555-0177"),
                       (x_mail, "oekwueme@lark.example.com")]))
    rows.append((126, [(40, "Lucía Rønning"), (140, "Gaffer"), (x_phone, "(323) 555-0178"),
                       (x_mail, "lronning@lark.example.com")]))
    rows.append((138, [(40, "Wren Delacroix"), (140, "Key Grip"), (x_phone, "(323) 555-0179"),
                       (x_mail, "wdelacroix@lark.example.com")]))
    found = _sheet(tmp_path, rows)
    assert found["Oisín Ekwueme"].role == "Special Effects Makeup Artist"
    assert found["Oisín Ekwueme"].email == "oekwueme@lark.example.com"
    assert found["Lucía Rønning"].phone == "+13235550178"


def test_french_nom_alone_is_the_whole_name(tmp_path):
    """`POSTE | NOM | TÉL.` without `PRÉNOM`: NOM holds first and last name."""
    rows = [(60, [(40, "Production : Lumière Basse, 93200 Saint-Denis, France")]),
            (100, [(40, "POSTE"), (200, "NOM"), (330, "TÉL."), (430, "COURRIEL")]),
            (114, [(40, "Réalisatrice"), (200, "Bríd Lachance"), (330, "06 39 98 12 34"),
                   (430, "blachance@lumiere.example.fr")]),
            (126, [(40, "Chef machiniste"), (200, "Émile Achterberg"), (330, "06 39 98 12 35"),
                   (430, "eachterberg@lumiere.example.fr")])]
    found = _sheet(tmp_path, rows)
    assert found["Bríd Lachance"].role == "Director"
    assert found["Émile Achterberg"].role == "Key Grip"
    assert found["Émile Achterberg"].phone == "+33639981235"


def test_cast_driver_is_a_crew_position(tmp_path):
    rows = [(100, [(40, "POSITION"), (200, "NAME"), (330, "PHONE")]),
            (114, [(40, "Cast Driver"), (200, "Henrik Fairweather"), (330, "(404) 555-0161")])]
    found = _sheet(tmp_path, rows)
    person = found["Henrik Fairweather"]
    assert (person.role, person.department, person.character) == ("Driver", "Transportation", None)


def test_parenthesised_qualifier_survives_edge_stripping(tmp_path):
    """`Best Boy (Grip):` in a key block and `Best Boy (Electric)` in a table keep their qualifier."""
    rows = [(60, [(40, "Best Boy (Grip): Tevita Rautenbach 0491 570 156")]),
            (100, [(40, "POSITION"), (200, "NAME"), (330, "PHONE")]),
            (114, [(40, "Best Boy (Electric)"), (200, "NAKAGAWA, Lorcan"), (330, "0491 570 157")]),
            (126, [(40, "Gaffer"), (200, "QUAYE, Rangi"), (330, "0491 570 158")])]
    found = _sheet(tmp_path, rows)
    assert found["Tevita Rautenbach"].role == "Best Boy Grip"
    assert found["Lorcan Nakagawa"].role == "Best Boy Electric"


def test_office_line_under_a_title_belongs_to_no_one(tmp_path):
    """A title that reads like a name, then `Production Office: number`: the number is the office's."""
    rows = [(50, [(40, "WINTER LEDGER")]),
            (62, [(40, "Production Office: (503) 555-0100   production@ledger.example.com")]),
            (100, [(40, "Director: Saoirse Haugland (503) 555-0123")])]
    found = _sheet(tmp_path, rows)
    assert set(found) == {"Saoirse Haugland"}


def test_production_is_a_department_not_a_producer():
    from callsheet.extraction.normalize.roles import lexicon

    assert lexicon().match_role("Production") is None
    assert lexicon().match_role("Prod.").role == "Producer"
    assert lexicon().match_role("Asst. Prod. Coord.").role == "Assistant Production Coordinator"


def test_french_hospital_is_an_organisation():
    from callsheet.extraction.normalize.orgs import is_organization

    assert is_organization("Centre Hospitalier Delafontaine")
    assert is_organization("Hôpital Saint-Brieuc")


def test_region_from_a_footer_address_and_never_across_two_lines(tmp_path):
    """National numbers one per line (`085 155 0441` over `085 155 0417`) must not join into an
    Australian mobile; a country named only in the footer decides."""
    rows = [(60 + 14 * i, [(40, name), (200, f"085 155 04{i}{i + 1}")])
            for i, name in enumerate(["Orla Whitlock", "Lorcan Quaye", "Niamh Abernethy", "Kofi Lindqvist"])]
    rows.append((700, [(40, "Unit base: Ardmore, Co. Wicklow, Ireland")]))
    found = _sheet(tmp_path, rows)
    assert found["Orla Whitlock"].phone == "+353851550401"
    assert found["Kofi Lindqvist"].phone == "+353851550434"


def test_name_after_production_label_is_the_company(tmp_path):
    rows = [(50, [(40, "Production : Lumière Basse, 93200 Saint-Denis, France - Tél. : 01 99 00 17 51")]),
            (70, [(40, "Réalisatrice : Ilse Ibarra 06 39 98 03 51")])]
    found = _sheet(tmp_path, rows)
    assert set(found) == {"Ilse Ibarra"}


def test_phone_under_name_when_the_phone_header_was_lost(tmp_path):
    """OCR dropped `CELL` from the header: the number right of the name is still the person's."""
    rows = [(100, [(40, "POSITION"), (180, "NAME"), (380, "EMAIL")]),
            (114, [(40, "Key 2nd AD"), (180, "Amaru Tavakoli"), (300, "07700 900504"),
                   (380, "atavakoli@hollow.example.co.uk")]),
            (126, [(40, "Focus Puller"), (180, "Nils Lachance"), (300, "07700 900215")]),
            (138, [(40, "London W6 9PX")])]
    found = _sheet(tmp_path, rows)
    assert found["Amaru Tavakoli"].phone == "+447700900504"
    assert found["Nils Lachance"].phone == "+447700900215"
