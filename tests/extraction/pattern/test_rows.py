"""Table rows: two-label columns, section rows, vendor rows, ruled column edges."""
from __future__ import annotations

from callsheet.extraction.pattern.reader import extract
from tests.extraction.pattern.sheets import grid_pdf, pdf


def _people(path):
    return {c.name: c for c in extract(path, {}).contacts}


def test_role_character_column_is_the_character_for_talent_and_the_role_for_clients(tmp_path):
    rows = [(10, ["ROLE / CHARACTER", "NAME", "PHONE"]),
            (10, ["TALENT"]),
            (10, ["1. Night Nurse", "Ingrid Whitlock", "213-555-0142"]),
            (10, ["Stand-In", "Kofi Fairweather", ""]),
            (10, ["CLIENT"]),
            (10, ["Brand Manager", "Marta Lindqvist", "310-555-0150"])]
    people = _people(grid_pdf(tmp_path / "talent.pdf", [(30, 60, [90, 100, 70], rows)]))
    ingrid = people["Ingrid Whitlock"]
    assert (ingrid.role, ingrid.character) == ("Cast", "Night Nurse")
    assert people["Kofi Fairweather"].role == "Stand-In"
    assert (people["Marta Lindqvist"].role, people["Marta Lindqvist"].character) == ("Client Representative", None)


def test_vendor_section_gives_the_contact_person_and_stops_the_role_carrying_down(tmp_path):
    rows = [(10, ["POSITION", "NAME", "PHONE"]),
            (10, ["Key Grip", "Kofi Fairweather", "213-555-0143"]),
            (10, ["", "Ingrid Whitlock", "213-555-0142"]),
            (10, ["VENDORS"]),
            (10, ["", "Lumen Rentals Co. (Dev Anand Rao)", "213-555-0175"]),
            (10, ["", "Marta Lindqvist", "213-555-0176"])]
    people = _people(grid_pdf(tmp_path / "vendors.pdf", [(30, 60, [90, 150, 70], rows)]))
    assert people["Ingrid Whitlock"].role == "Key Grip"  # the role above, in the same section
    dev = people["Dev Anand Rao"]
    assert (dev.role, dev.department, dev.phone) == (None, None, "+12135550175")
    assert people["Marta Lindqvist"].role is None
    assert not any("Lumen" in name for name in people)


def test_ruled_columns_start_at_their_rulings_not_at_centred_labels(tmp_path):
    """Labels centred over wide cells: each cell still reads in its own column."""
    rows = [(10, ["            POSITION", "               NAME", "  PHONE"]),
            (10, ["Script Supervisor", "Ingrid Whitlock", "213-555-0142"]),
            (10, ["Production Designer", "Kofi Fairweather", "213-555-0143"])]
    people = _people(grid_pdf(tmp_path / "centred.pdf", [(30, 60, [120, 140, 70], rows)]))
    assert people["Ingrid Whitlock"].role == "Script Supervisor"
    assert people["Kofi Fairweather"].role == "Production Designer"


def test_two_labels_of_one_column_and_labels_with_a_period(tmp_path):
    """`NAME / EMAIL` is one column whose addresses are e-mails; `CELL.` is the phone column."""
    path = pdf(tmp_path / "labels.pdf", [[
        (50, [(30, "POSITION"), (130, "NAME / EMAIL"), (330, "CELL.")]),
        (62, [(30, "Gaffer"), (130, "Ingrid Whitlock iwhitlock@lark.example"), (330, "213 555 0142")]),
    ]])
    ingrid = _people(path)["Ingrid Whitlock"]
    assert (ingrid.role, ingrid.email, ingrid.phone) == ("Gaffer", "iwhitlock@lark.example", "+12135550142")


def test_a_stand_in_in_the_character_column_is_a_stand_in(tmp_path):
    path = pdf(tmp_path / "cast.pdf", [[
        (50, [(30, "#"), (60, "CHARACTER"), (200, "CAST"), (340, "PHONE")]),
        (62, [(30, "1"), (60, "Night Nurse"), (200, "Ingrid Whitlock"), (340, "213 555 0142")]),
        (74, [(60, "Stand-In"), (200, "Kofi Fairweather"), (340, "213 555 0143")]),
    ]])
    people = _people(path)
    assert (people["Ingrid Whitlock"].role, people["Ingrid Whitlock"].character) == ("Cast", "Night Nurse")
    assert (people["Kofi Fairweather"].role, people["Kofi Fairweather"].character) == ("Stand-In", None)


def test_column_titles_in_other_languages_bound_their_columns(tmp_path):
    """Spanish, German and Italian crew and cast tables (titles as data, not code)."""
    path = pdf(tmp_path / "es.pdf", [[
        (50, [(30, "Cargo"), (130, "Nombre"), (260, "Móvil"), (360, "Correo"), (500, "Citación")]),
        (62, [(30, "Gaffer"), (130, "Ingrid Whitlock"), (260, "213 555 0142"), (360, "iw@lark.example"),
              (500, "07:00")]),
        (90, [(30, "Nº"), (60, "Rolle"), (200, "Darsteller/in"), (340, "Tel.")]),
        (102, [(30, "1"), (60, "Kommissarin Brandt"), (200, "Kofi Fairweather"), (340, "213 555 0143")]),
        (130, [(30, "Ruolo"), (130, "Nome / E-mail"), (300, "Cell.")]),
        (142, [(30, "Gaffer"), (130, "Marta Lindqvist marta@lark.example"), (300, "213 555 0144")]),
    ]])
    people = _people(path)
    assert (people["Ingrid Whitlock"].role, people["Ingrid Whitlock"].email) == ("Gaffer", "iw@lark.example")
    assert (people["Kofi Fairweather"].role, people["Kofi Fairweather"].character) == ("Cast", "Kommissarin Brandt")
    assert (people["Marta Lindqvist"].email, people["Marta Lindqvist"].phone) == ("marta@lark.example", "+12135550144")


def test_an_agent_on_an_actors_row_is_a_contact_with_the_number(tmp_path):
    """`c/o Agent, Agency phone` in a cast table's CONTACT column: the agent's number, not the actor's."""
    path = pdf(tmp_path / "agents.pdf", [[
        (50, [(30, "#"), (50, "CAST"), (170, "CHARACTER"), (280, "CONTACT"), (520, "CALL")]),
        (62, [(30, "1"), (50, "Ingrid Whitlock"), (170, "Night Nurse"),
              (280, "c/o Marta Lindqvist, Northwind Talent 213-555-0183"), (520, "07:00")]),
        (74, [(30, "2"), (50, "Kofi Fairweather"), (170, "Porter"), (280, "cell (213) 555-0107"), (520, "07:30")]),
        (86, [(30, "3"), (50, "Dev Anand Rao"), (170, "Cook"),
              (280, "c/o Marta Lindqvist, Northwind Talent 213-555-0183"), (520, "08:00")]),
    ]])
    people = _people(path)
    assert set(people) == {"Ingrid Whitlock", "Kofi Fairweather", "Dev Anand Rao", "Marta Lindqvist"}
    assert (people["Ingrid Whitlock"].phone, people["Ingrid Whitlock"].character) == (None, "Night Nurse")
    assert people["Kofi Fairweather"].phone == "+12135550107"
    marta = people["Marta Lindqvist"]
    assert (marta.role, marta.department, marta.phone) == (None, "Other", "+12135550183")


def test_a_header_in_two_languages_on_two_lines_is_one_header(tmp_path):
    path = pdf(tmp_path / "bilingual.pdf", [[
        (50, [(30, "POSTE"), (160, "NOM"), (300, "TÉL."), (400, "COURRIEL")]),
        (60, [(30, "POSITION"), (160, "NAME"), (300, "PHONE"), (400, "EMAIL")]),
        (74, [(30, "Réalisateur / Director"), (160, "Ingrid Whitlock"), (300, "213 555 0142"),
              (400, "iw@lark.example")]),
    ]])
    result = extract(path, {})
    ingrid = {c.name: c for c in result.contacts}["Ingrid Whitlock"]
    assert (ingrid.role, ingrid.email, ingrid.phone) == ("Director", "iw@lark.example", "+12135550142")
    assert result.metadata["weakPages"] == [] and result.metadata["pageStats"][0]["unmappedTables"] == 0


def test_a_row_without_a_contact_person_among_vendor_rows_is_a_company(tmp_path):
    rows = [(10, ["POSITION", "NAME", "PHONE"]),
            (10, ["PRODUCTION SUPPORT"]),
            (10, ["Camera Rental", "Lensbarn Cameras (Ingrid Whitlock)", "213-555-0161"]),
            (10, ["Honeywagon", "Starbright Plus", "213-555-0162"]),
            (10, ["Picture Cars", "Chrome Ghost Cars (Kofi Fairweather)", "213-555-0163"]),
            (10, ["Set Medic", "Marta Lindqvist", "213-555-0164"])]
    people = _people(grid_pdf(tmp_path / "support.pdf", [(30, 60, [90, 160, 70], rows)]))
    assert set(people) == {"Ingrid Whitlock", "Kofi Fairweather", "Marta Lindqvist"}
    assert people["Marta Lindqvist"].role == "Set Medic"
