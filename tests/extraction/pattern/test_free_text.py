"""Free-text entries: call times inside an entry, several people in one entry, name lists,
vendor lines, shared numbers and addresses."""
from __future__ import annotations

from callsheet.extraction.pattern.reader import contacts_from_pages
from tests.extraction.pattern.sheets import words_page


def _people(rows):
    return {c.name: c for c in contacts_from_pages([words_page(rows)], {}).contacts}


def test_a_call_time_or_status_inside_an_entry_does_not_end_it():
    people = _people([
        (100, [(40, "Ingrid Whitlock — Gaffer — 213 555 0142 06:30 iwhitlock@lark.example")]),
        (112, [(40, "Kofi Fairweather — 2nd AD — 213 555 0143 Per AD kofi@lark.example")]),
        (124, [(40, "Marta Lindqvist — Grip — 6:30A 213 555 0144 W/N")]),
    ])
    assert people["Ingrid Whitlock"].email == "iwhitlock@lark.example"
    assert people["Kofi Fairweather"].email == "kofi@lark.example"
    assert people["Marta Lindqvist"].phone == "+12135550144"
    assert set(people) == {"Ingrid Whitlock", "Kofi Fairweather", "Marta Lindqvist"}


def test_two_people_in_one_entry_share_the_one_number_and_keep_their_roles():
    people = _people([(100, [(40, "Ingrid Whitlock / Kofi Fairweather — Key Grip / Best Boy Grip — 213 555 0142")])])
    assert (people["Ingrid Whitlock"].role, people["Ingrid Whitlock"].phone) == ("Key Grip", "+12135550142")
    assert (people["Kofi Fairweather"].role, people["Kofi Fairweather"].phone) == ("Best Boy Grip", "+12135550142")


def test_addresses_of_a_shared_row_go_to_the_person_they_name():
    people = _people([(100, [(40, "Gaffer / Best Boy"), (150, "Ingrid Whitlock / Kofi Fairweather"),
                             (330, "kofi.fairweather@lark.example")])])
    assert people["Kofi Fairweather"].email == "kofi.fairweather@lark.example"
    assert people["Ingrid Whitlock"].email is None


def test_a_department_written_as_a_comma_list_of_names_with_roles():
    people = _people([(100, [(40, "TRANSPORTATION: Ingrid Whitlock (Transpo Captain), Kofi Fairweather (Driver)")])])
    assert people["Ingrid Whitlock"].role == "Transportation Captain"
    assert people["Kofi Fairweather"].role == "Driver"


def test_a_vendor_line_gives_its_contact_person_not_the_company():
    people = _people([(100, [(40, "Medic – Lakeside Medical (Marta Lindqvist) 213 555 0175 marta@lakeside.example")])])
    assert set(people) == {"Marta Lindqvist"}
    marta = people["Marta Lindqvist"]
    assert (marta.role, marta.department, marta.phone, marta.email) == (
        None, None, "+12135550175", "marta@lakeside.example")


def test_pasted_email_lines_split_at_bars_and_two_people_share_the_role_pair():
    people = _people([
        (100, [(40, "GRIP")]),
        (112, [(40, "KEY PA / SET PA: Ingrid Whitlock | c. (213) 555-0142")]),
        (124, [(40, "KEY GRIP / BEST BOY: Kofi Fairweather | kofi@lark.example | c. 213 555 0143 "
                    "& Marta Lindqvist |")]),
        (136, [(40, "marta.lindqvist@lark.example | c. 213 555 0144")]),
    ])
    ingrid = people["Ingrid Whitlock"]
    assert (ingrid.role, ingrid.roles, ingrid.phone) == (
        "Key Production Assistant", ["Key Production Assistant", "Set Production Assistant"], "+12135550142")
    assert (people["Kofi Fairweather"].role, people["Kofi Fairweather"].email) == ("Key Grip", "kofi@lark.example")
    marta = people["Marta Lindqvist"]
    assert (marta.role, marta.email, marta.phone) == ("Best Boy Grip", "marta.lindqvist@lark.example", "+12135550144")


def test_a_personal_info_mailbox_on_the_persons_row_is_theirs():
    people = _people([(100, [(40, "Director: Ingrid Whitlock | info@ingridwhitlock.example | 213 555 0142")]),
                      (112, [(40, "Producer: Kofi Fairweather | info@lark-films.example | 213 555 0143")])])
    assert people["Ingrid Whitlock"].email == "info@ingridwhitlock.example"
    assert people["Kofi Fairweather"].email is None


def test_a_place_after_a_location_label_is_no_person():
    people = _people([(100, [(40, "Location 2: Dunmore Farmhouse, 2083 Lakewood Way. Site landline 213-555-0171")]),
                      (112, [(40, "Director: Ingrid Whitlock · 213-555-0142")])])
    assert set(people) == {"Ingrid Whitlock"}


def test_an_address_left_at_the_top_of_the_next_page_finds_the_person_it_names():
    """A box broken across pages: the e-mail of the last entry is printed overleaf."""
    first = words_page([(100, [(40, "Key Set PA: Ingrid Whitlock")]), (112, [(40, "Grip: Kofi Fairweather")])])
    second = words_page([(40, [(40, "ingrid.whitlock@lark.example")]),
                         (70, [(40, "Gaffer: Marta Lindqvist · 213 555 0144")])], number=2)
    result = contacts_from_pages([first, second], {})
    people = {c.name: c for c in result.contacts}
    assert people["Ingrid Whitlock"].email == "ingrid.whitlock@lark.example"
    assert people["Kofi Fairweather"].email is None
    assert result.metadata["pageStats"][1]["unassigned"] == 0


def test_an_address_spelling_the_name_just_below_takes_its_line_to_that_person():
    """A spreadsheet row printed the name at the foot of its cell and the number and address at
    the top: the line above the person is theirs when its address spells their name."""
    found = _people([(100, [(40, "Production Office: 10 Main St, Los Angeles CA 90012 Tel 323 555 0100")]),
                     (130, [(40, "TRANSPO")]),
                     (144, [(200, "323 555 0188"), (300, "ignacio.pedrosa@example.net")]),
                     (155, [(40, "Driver"), (120, "PEDROSA VIDAL, Ignacio")])])
    person = found["Ignacio Pedrosa Vidal"]
    assert (person.phone, person.email) == ("+13235550188", "ignacio.pedrosa@example.net")
