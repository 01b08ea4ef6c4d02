"""Sheets in other languages and people printed for others, read end to end on tiny synthetic pages.

Each sheet is a few rows of cells (tests/extraction/pattern/sheets.py); the words go through
the whole pattern reader, so what is checked is what a user gets. Column titles are English
(headers are the layout's business); labels, numbers and clues are the sheet's language.
People, companies and numbers are invented (fictional ranges).
"""
from __future__ import annotations

from callsheet.extraction.pattern.reader import contacts_from_pages
from tests.extraction.pattern.sheets import words_page


def _contacts(rows) -> dict:
    result = contacts_from_pages([words_page(rows)], {})
    return {c.name: c for c in result.contacts}


def test_spanish_crew_table_labels_phones_no_role_company_and_placeholder() -> None:
    rows = [(40, [(50, "Oficina: Calle Mayor 3, Madrid · Tel. 915 550 199 · martes, 14 de octubre")]),
            (70, [(50, "POSITION"), (170, "NAME"), (300, "PHONE"), (400, "EMAIL"), (540, "CALL")]),
            (84, [(50, "PRODUCCIÓN")]),
            (98, [(50, "Jefa de producción"), (170, "LARRAÑAGA VIDAL, Itziar"), (300, "630 55 51 77"),
                  (400, "itziar.l@lumbre.example"), (540, "07:00")]),
            (112, [(50, "Regidor/a"), (170, "Ander Olano"), (300, "610 555 402"), (540, "07:15")]),
            (126, [(50, "Proveedor"), (170, "Sabores del Sur S.L."), (300, "915 550 188")]),
            (140, [(50, "Auxiliar de producción"), (170, "Por confirmar")])]
    found = _contacts(rows)
    itziar = found["Itziar Larrañaga Vidal"]
    assert (itziar.role, itziar.department, itziar.phone) == ("Unit Production Manager", "Production", "+34630555177")
    ander = found["Ander Olano"]
    assert (ander.role, ander.department, ander.phone) == (None, "Production", "+34610555402")
    assert set(found) == {"Itziar Larrañaga Vidal", "Ander Olano"}  # no company, no placeholder


def test_german_team_list_inclusive_labels_context_and_props_buyer() -> None:
    rows = [(40, [(50, "Drehtag 3 von 20 · Dienstag, 14.10.2025 · Treffpunkt 07:00 · Tel. 030 23125900")]),
            (70, [(50, "POSITION"), (170, "NAME"), (300, "PHONE"), (400, "EMAIL")]),
            (84, [(50, "LICHT")]),
            (98, [(50, "Oberbeleuchter/in"), (170, "Vogt, Almut"), (300, "0172 555 10871"),
                  (400, "almut.vogt@brotzeit.example")]),
            (112, [(50, "Best Boy"), (170, "Rieck, Till"), (300, "+49 (0)151 555 22345")]),
            (126, [(50, "Außenrequisite"), (170, "Senne, Kai"), (300, "0176/55580129")])]
    found = _contacts(rows)
    assert (found["Almut Vogt"].role, found["Almut Vogt"].phone) == ("Gaffer", "+4917255510871")
    assert (found["Till Rieck"].role, found["Till Rieck"].phone) == ("Best Boy Electric", "+4915155522345")
    kai = found["Kai Senne"]
    assert (kai.role, kai.department, kai.phone) == (None, "Props", "+4917655580129")


def test_italian_cast_keeps_landline_zero_and_takes_an_address_from_the_phone_column() -> None:
    rows = [(40, [(50, "Convocazione 08:00 · Ufficio: Via Appia 9, Roma · Tel. 06 5550 1299")]),
            (70, [(50, "#"), (80, "CHARACTER"), (220, "CAST"), (380, "PHONE")]),
            (84, [(50, "1"), (80, "Suor Ilde"), (220, "Ornella Lo Bianco"), (380, "06 5550 1288")]),
            (98, [(50, "2"), (80, "Zio Pino"), (220, "Gaspare Dell'Orto"), (380, "gaspare.dellorto@fiore.example")])]
    found = _contacts(rows)
    ornella = found["Ornella Lo Bianco"]
    assert (ornella.role, ornella.character, ornella.phone) == ("Cast", "Suor Ilde", "+390655501288")
    assert found["Gaspare Dell'Orto"].email == "gaspare.dellorto@fiore.example"


def test_care_of_line_gives_the_agent_the_number_and_the_actor_none() -> None:
    rows = [(40, [(50, "Production office (404) 555-0100 · Atlanta, GA 30303")]),
            (70, [(50, "#"), (70, "CAST"), (200, "CHARACTER"), (320, "CONTACT")]),
            (84, [(50, "1"), (70, "Wren Calloway"), (200, "Det. Pike"),
                  (320, "c/o Ines Marlow, Tidewater Talent (404) 555-0177")]),
            (98, [(50, "2"), (70, "Oona Pell"), (200, "Aunt Mabel"), (320, "cell (404) 555-0178")])]
    found = _contacts(rows)
    assert found["Wren Calloway"].phone is None and found["Wren Calloway"].role == "Cast"
    agent = found["Ines Marlow"]
    assert (agent.role, agent.department, agent.phone) == (None, "Other", "+14045550177")
    assert found["Oona Pell"].phone == "+14045550178"
    assert not any("Tidewater" in name for name in found)


def test_a_cast_row_whose_part_is_stand_in_is_a_stand_in() -> None:
    rows = [(40, [(50, "Production office (404) 555-0100 · Atlanta, GA 30303")]),
            (70, [(50, "#"), (70, "CAST"), (200, "CHARACTER"), (320, "PHONE")]),
            (84, [(50, "1"), (70, "Wren Calloway"), (200, "Det. Pike"), (320, "(404) 555-0171")]),
            (98, [(50, "1A"), (70, "Oona Pell"), (200, "Stand-In"), (320, "(404) 555-0178")])]
    found = _contacts(rows)
    assert (found["Wren Calloway"].role, found["Wren Calloway"].character) == ("Cast", "Det. Pike")
    assert (found["Oona Pell"].role, found["Oona Pell"].department, found["Oona Pell"].character) == \
        ("Stand-In", "Cast", None)


def test_a_role_glued_to_the_name_by_a_font_change_is_cut_off() -> None:
    rows = [(40, [(50, "Production office (404) 555-0100 · Atlanta, GA 30303")]),
            (70, [(50, "KEY CREW")]),
            (84, [(50, "Property MasterNandini Rao (404) 555-0161")]),
            (98, [(50, "GafferLena Ortiz (404) 555-0162")])]
    found = _contacts(rows)
    assert (found["Nandini Rao"].role, found["Nandini Rao"].phone) == ("Property Master", "+14045550161")
    assert (found["Lena Ortiz"].role, found["Lena Ortiz"].phone) == ("Gaffer", "+14045550162")


def test_two_people_in_one_row_with_a_slashed_number() -> None:
    rows = [(40, [(50, "Drehtag 3 von 20 · Dienstag, 14.10.2025 · Treffpunkt 07:00 · Tel. 030 23125900")]),
            (70, [(50, "POSITION"), (170, "NAME"), (300, "PHONE")]),
            (84, [(50, "TON")]),
            (98, [(50, "Tonmeister / Tonassistenz"), (170, "Lenz, Udo / Brandl, Ute"),
                  (300, "0170/5555252 0176 55569819")])]
    found = _contacts(rows)
    assert (found["Udo Lenz"].role, found["Udo Lenz"].phone) == ("Production Sound Mixer", "+491705555252")
    assert (found["Ute Brandl"].role, found["Ute Brandl"].phone) == ("Boom Operator", "+4917655569819")


def test_ocr_pages_get_the_accents_of_common_names_back() -> None:
    rows = [(40, [(50, "Production office (404) 555-0100 · Atlanta, GA 30303")]),
            (70, [(50, "POSITION"), (170, "NAME"), (300, "PHONE")]),
            (84, [(50, "Gaffer"), (170, "ZUNIGA, Teodoro"), (300, "(404) 555-0161")])]
    ocr = contacts_from_pages([words_page(rows, source="ocr")], {})
    text = contacts_from_pages([words_page(rows)], {})
    assert [c.name for c in ocr.contacts] == ["Teodoro Zúñiga"]
    assert [c.name for c in text.contacts] == ["Teodoro Zuniga"]  # a text layer prints what the person writes
