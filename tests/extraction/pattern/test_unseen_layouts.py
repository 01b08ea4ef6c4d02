"""Layout rules found by bench/heldout_bilingual.py (studio sheets, two-language tables),
each on a tiny synthetic sheet drawn with PyMuPDF and read back through the text layer.
People and numbers are invented (fictional ranges).
"""
from __future__ import annotations

from pathlib import Path

from callsheet.extraction.pattern.reader import extract
from tests.extraction.pattern.sheets import pdf


def _read(tmp_path: Path, rows: list, fontsize: float = 6) -> dict:
    path = pdf(tmp_path / "sheet.pdf", [rows], fontsize=fontsize)
    return {c.name: c for c in extract(path, {}).contacts}



def _ocr_contacts(cols: tuple[float, ...], rows: list[list[str]]) -> list:
    """The contacts of a page of OCR'd words laid out as `rows` of cells at `cols`."""
    from callsheet.extraction.pattern.reader import contacts_from_pages
    from tests.extraction.pattern.sheets import words_page

    page = words_page([(100 + 14 * i, [(x, t) for x, t in zip(cols, row, strict=True) if t])
                       for i, row in enumerate(rows)], source="ocr")
    for word in page.words:
        word.conf = 0.9
    return contacts_from_pages([page], {}).contacts

def test_a_table_ends_where_the_lines_leave_its_grid(tmp_path):
    """Crew in three header-less columns right under a cast table: its rows start where no
    cast column does, so they are crew, not more actors with phones for characters."""
    rows = [(100, [(30, "#"), (50, "CAST"), (170, "CHARACTER"), (300, "STATUS"), (340, "CALL")])]
    for i, (actor, character) in enumerate((("Berit Quaye", "Mrs. Halloran"), ("Cormac Zeller", "Sgt. Okafor"))):
        rows.append((109 + 9 * i, [(30, str(i + 1)), (50, actor), (170, character), (300, "W"), (340, "7:00A")]))
    crew = (("Key Grip", "Sefa Lindqvist", "503 555-0195"), ("Gaffer", "Nils Quispe", "617 555-0153"),
            ("Boom Operator", "Orla Mwangi", "212 555-0141"))
    rows.append((134, [(30 + 186 * k, title) for k, title in enumerate(("GRIP", "LIGHTING", "SOUND"))]))
    rows.append((142, [cell for k, (role, name, phone) in enumerate(crew)
                       for cell in ((30 + 186 * k, role), (90 + 186 * k, name), (152 + 186 * k, "6:30A"),
                                    (172 + 186 * k, phone))]))
    found = _read(tmp_path, rows)
    assert found["Cormac Zeller"].character == "Sgt. Okafor"
    for role, name, phone in crew:
        assert (found[name].role, found[name].phone, found[name].character) == (role, "+1" + phone.replace(" ", "")
                                                                                 .replace("-", ""), None)


def _bilingual_rows() -> list:
    rows = [(100, [(40, "POSTE / POSITION"), (200, "NOM / NAME"), (300, "TÉL. / PHONE"), (400, "COURRIEL / EMAIL")])]
    body = [("REGIE / LOCATIONS", None, None, None),
            ("Gardien·ne de plateau / Set Security", "Ugo Lachance", "514 555-0130", "ulachance@brumes.example.ca"),
            ("Coordonnateur·trice aux lieux / Location Manager", "Farida Zhou", "438 555-0141",
             "fzhou@brumes.example.ca"),
            ("MACHINERIE / GRIP", None, None, None),
            ("Machiniste dolly / Dolly Grip", "Nils Quispe", "514 555-0152", "nquispe@brumes.example.ca")]
    for i, (label, name, phone, mail) in enumerate(body):
        cells = [(40, label)] + ([(200, name), (300, phone), (400, mail)] if name else [])
        rows.append((114 + 11 * i, cells))
    return rows


def test_a_table_titled_in_two_languages_reads_each_cell_as_one_label(tmp_path):
    """`POSTE / POSITION`, `TÉL. / PHONE`: `Machiniste dolly / Dolly Grip` is one job (the
    English half says which), `REGIE / LOCATIONS` the locations department (not German Regie)."""
    found = _read(tmp_path, _bilingual_rows(), fontsize=7)
    assert (found["Nils Quispe"].role, found["Nils Quispe"].roles) == ("Dolly Grip", [])
    assert (found["Farida Zhou"].role, found["Farida Zhou"].department) == ("Location Manager", "Locations")
    assert (found["Ugo Lachance"].role, found["Ugo Lachance"].department) == (None, "Locations")


def test_two_positions_in_one_cell_stay_two_without_two_language_titles(tmp_path):
    """The same cell under plain `POSITION` titles is a person with two positions."""
    rows = _bilingual_rows()
    rows[0] = (100, [(40, "POSITION"), (200, "NAME"), (300, "PHONE"), (400, "EMAIL")])
    found = _read(tmp_path, rows, fontsize=7)
    assert found["Nils Quispe"].roles == ["Grip", "Dolly Grip"]


def test_the_second_line_of_a_cell_is_no_section_title(tmp_path):
    """The French title over the English one in each cell, rows padded apart: `GAFFER` under
    `RESPONSABLE DES ECLAIRAGES` completes that row's label; the department carries on."""
    rows = [(100, [(40, "POSTE"), (200, "NOM"), (300, "TEL."), (400, "COURRIEL")]),
            (108, [(40, "POSITION"), (200, "NAME"), (300, "PHONE"), (400, "EMAIL")]),
            (124, [(40, "ELECTRICITE – ELECTRIC")])]
    people = (("RESPONSABLE DES ECLAIRAGES", "GAFFER", "Orla Mwangi", "514 555-0161"),
              ("AIDE-ECLAIRAGISTE DE NUIT", "LAMP OPERATOR", "Kofi Haugland", "438 555-0172"))
    for i, (french, english, name, phone) in enumerate(people):
        y = 138 + 22 * i
        rows += [(y, [(40, french), (200, name), (300, phone)]), (y + 7.5, [(40, english)])]
    found = _read(tmp_path, rows, fontsize=7)
    assert (found["Orla Mwangi"].role, found["Orla Mwangi"].department) == ("Gaffer", "Electric")
    assert found["Kofi Haugland"].department == "Electric"



def test_an_ocr_row_whose_country_code_did_not_read_keeps_its_person():
    """OCR lost the NAME title and read `+49` as `1449`: the row still gives its person,
    the national number after the stray digits, and the e-mail."""

    cols = (30, 140, 280, 330, 420, 540)
    rows = [["Funktion", "me", "i Handy", "", "E-Mail", "Zeit"],
            ["Produzent", "BERGER, Kai", "+49 (0)160 5551034", "", "kai.berger@example.net", "06:00"],
            ["Aufnahmeleitung", "LANG, Sabine", "1449", "(0)160 5553128", "sabine.lang@example.net", "09:30"]]
    found = {c.name: c for c in _ocr_contacts(cols, rows)}
    assert set(found) == {"Kai Berger", "Sabine Lang"}
    assert (found["Sabine Lang"].phone, found["Sabine Lang"].email) == ("+491605553128", "sabine.lang@example.net")


def test_an_ocr_table_whose_name_title_read_as_specks_is_still_a_table():
    """`Funktion | me | Handy | E-Mail`: the unknown label between the position and the phone
    is the name column, so a row whose number and e-mail did not read keeps its person and
    department, and a surname whose first name was lost does not swallow the next row."""

    cols = (30, 140, 280, 420, 540)
    rows = [["Funktion", "me", "i Handy", "E-Mail", "Zeit"],
            ["PRODUKTION", "", "", "", ""],
            ["Produzent", "BERGER, Kai", "+49 160 5551034", "kai.berger@example.net", "06:00"],
            ["Aufnahmeleitung", "LANG, Sabine", "55558031", "lang sabine@rnail example", "09:30"],
            ["Regieassistenz", "WEISS,", "+49 176 55525252", "weiss@example.net", "08:30"],
            ["2. Regieassistenz", "JANSEN, Gudrun", "+49 176 55562262", "", "07:00"]]
    found = {c.name: c for c in _ocr_contacts(cols, rows)}
    assert found["Sabine Lang"].department == "Production"
    assert found["Gudrun Jansen"].phone == "+4917655562262"
    assert found["Gudrun Jansen"].role == "Second Assistant Director"


def test_a_text_line_of_labels_without_a_name_title_is_no_table():
    """Only OCR loses a title: on a text layer `Funktion | Handy | E-Mail` starts no table."""
    from callsheet.extraction.pattern.headers import parse_header
    from callsheet.extraction.pattern.lines import build_lines
    from tests.extraction.pattern.sheets import words_page

    row = [(30, "Funktion"), (140, "me"), (280, "Handy"), (420, "E-Mail")]
    text = build_lines(words_page([(100, row)]).words)
    assert parse_header(text[0]) == []
    ocr = words_page([(100, row)], source="ocr")
    for word in ocr.words:
        word.conf = 0.9
    kinds = [c.kind for h in parse_header(build_lines(ocr.words, ocr=True)[0]) for c in h.columns]
    assert kinds == ["role", "name", "phone", "email"]


def test_positions_left_of_a_table_without_a_position_title_are_its_rows_positions():
    """`NAME | HANDY | E-MAIL` with the positions in an untitled column to the left (a title
    OCR lost, or never printed): each row keeps its position, a lone department is a section."""
    from callsheet.extraction.pattern.reader import contacts_from_pages
    from tests.extraction.pattern.sheets import words_page

    cols = (30, 140, 280, 420)
    rows = [["", "Name", "Handy", "E-Mail"],
            ["SZENENBILD", "", "", ""],
            ["Szenenbild", "WENDLAND, Mareike", "0160 5552891", "mareike@example.net"],
            ["Requisite", "GROSS, Wolfram", "0160 5553925", "wolfram@example.net"],
            ["KOSTÜM", "", "", ""],
            ["Kostümbild", "ZIMMER, Ulrike", "0176 55548087", "ulrike@example.net"]]
    page = words_page([(100 + 14 * i, [(x, t) for x, t in zip(cols, row, strict=True) if t])
                       for i, row in enumerate(rows)])
    found = {c.name: (c.role, c.department) for c in contacts_from_pages([page], {}).contacts}
    assert found == {"Mareike Wendland": ("Production Designer", "Art"),
                     "Wolfram Gross": ("Props Assistant", "Props"),
                     "Ulrike Zimmer": ("Costume Designer", "Wardrobe")}


def test_positions_left_of_a_table_read_through_ocr_specks():
    """`“Requisite. -`, `1 “Motiv. Aufnahmeleitung`, `Kostiimbild`: quotes, specks and a ü read
    as `ii` around the position OCR read left of the NAME column."""

    cols = (30, 180, 320, 460)
    rows = [["", "Name", "Handy", "E-Mail"],
            ["“Requisite. -", "GROSS, Wolfram", "0160 5553925", "wolfram@example.net"],
            ["1 “Motiv. Aufnahmeleitung", "BAR, Cornelia", "0170 5554386", "cornelia@example.net"],
            ["Kostiimbild", "ZIMMER, Ulrike", "0176 55548087", "ulrike@example.net"]]
    found = {c.name: c.role for c in _ocr_contacts(cols, rows)}
    assert found == {"Wolfram Gross": "Props Assistant", "Cornelia Bar": "Location Manager",
                     "Ulrike Zimmer": "Costume Designer"}


def test_a_ruling_read_as_a_bar_in_the_name_column_is_no_person():
    """`| +34 650 555 235 ana@…` over `Conductor | RUIZ, Ana` (a spreadsheet row, top- and
    bottom-aligned cells, a ruling OCR read as `|`): the number and address are Ana's."""

    cols = (30, 180, 320, 460)
    rows = [["Cargo", "Nombre", "Móvil", "Correo"],
            ["Ambientador", "OTERO, Oriol", "650 555 968", "oriol@example.net"],
            ["TRANSPORTE", "", "", ""],
            ["", "|", "+34 650 555 235", "ana.ruiz@example.net"],
            ["Conductor", "RUIZ, Ana", "", ""]]
    found = {c.name: c for c in _ocr_contacts(cols, rows)}
    assert (found["Ana Ruiz"].phone, found["Ana Ruiz"].email) == ("+34650555235", "ana.ruiz@example.net")
    assert found["Oriol Otero"].phones == []
