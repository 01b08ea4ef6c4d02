"""The pattern method end to end on small synthetic sheets: each test is one layout rule."""
from __future__ import annotations

import pymupdf
from hypothesis import given, settings
from hypothesis import strategies as st

from callsheet.extraction import extract
from callsheet.extraction.pattern.reader import contacts_from_pages
from tests.extraction.pattern.sheets import pdf, words_page

CREW_HEADER = (50, [(30, "POSITION"), (160, "NAME"), (300, "PHONE"), (400, "EMAIL")])


def _by_name(result):
    return {c.name: c for c in result.contacts}


def test_crew_table_with_departments_wrapped_cells_and_non_people(tmp_path):
    path = pdf(tmp_path / "crew.pdf", [[
        CREW_HEADER,
        (62, [(30, "GRIP")]),
        (74, [(30, "Key Grip / Best Boy"), (160, "Ana Ruiz / Li Wei"), (300, "323 555 0147 /"),
              (400, "ana@grips.example")]),
        (82, [(300, "323 555 0148")]),
        (94, [(30, "Second Assistant"), (160, "RUIZ, Marco"), (300, "c: 213 555 0101"), (400, "marco@ads.example")]),
        (102, [(30, "Camera"), (300, "o: 213 555 0102")]),
        (114, [(30, "Grip"), (160, "Acme Grip & Lighting Rentals"), (300, "818 555 0100")]),
        (126, [(30, "Grip"), (160, "TBD")]),
        (138, [(30, "SOUND")]),
        (150, [(30, "Mixer"), (160, "Bo Carr"), (300, "818 555 0190"), (400, "Bo.Carr@Sound.example")]),
    ]])
    result = extract(path, "pattern")
    people = _by_name(result)
    assert set(people) == {"Ana Ruiz", "Li Wei", "Marco Ruiz", "Bo Carr"}
    assert (people["Ana Ruiz"].role, people["Ana Ruiz"].phone) == ("Key Grip", "+13235550147")
    assert (people["Li Wei"].role, people["Li Wei"].phone) == ("Best Boy Grip", "+13235550148")
    assert people["Li Wei"].department == "Grip"
    marco = people["Marco Ruiz"]
    assert marco.role == "Second Assistant Camera" and marco.department == "Camera"
    assert marco.phones == ["+12135550101", "+12135550102"]
    assert people["Bo Carr"].role == "Production Sound Mixer" and people["Bo Carr"].email == "bo.carr@sound.example"
    assert result.metadata["method"] == "pattern" and result.metadata["region"] == "US"


def test_key_contacts_block_and_crew_list_are_one_person_each(tmp_path):
    path = pdf(tmp_path / "key.pdf", [
        [(60, [(40, "Director: Ana Ruiz 323 555 0147")]),
         (72, [(40, "Producer: Connor Ashby 213 555 0160")])],
        [CREW_HEADER,
         (62, [(30, "Director"), (160, "RUIZ, ANA M."), (300, "323 555 0147"), (400, "ana@example.com")]),
         (74, [(30, "Producer / UPM"), (160, "Connor Ashby"), (300, "310 555 0176")])],
    ])
    people = _by_name(extract(path, "pattern"))
    assert set(people) == {"Ana M. Ruiz", "Connor Ashby"}
    assert people["Ana M. Ruiz"].email == "ana@example.com" and people["Ana M. Ruiz"].page == 1
    connor = people["Connor Ashby"]
    assert connor.phone == "+12135550160" and connor.phones == ["+12135550160", "+13105550176"]
    assert connor.role == "Producer" and connor.roles == ["Producer", "Unit Production Manager"]


def test_table_continues_on_the_next_page_without_its_header(tmp_path):
    rows = [(62 + 12 * i, [(30, "Electrician"), (160, f"Person {chr(65 + i)}son"), (300, f"323 555 01{10 + i}")])
            for i in range(3)]
    rows[0] = (62, [(30, "Gaffer"), (160, "Ana Ruiz"), (300, "323 555 0147")])
    rows[-1] = (86, [(30, "Electrician"), (160, "Li Wei"), (300, "323 555 0111")])
    more = [(745, [(30, "Best Boy Electric"), (160, "Jo Park"), (300, "323 555 0112")])]
    path = pdf(tmp_path / "span.pdf", [[CREW_HEADER, *rows[:2], *more],
                                       [(40, [(30, "Electrician"), (160, "Bo Carr"), (300, "323 555 0113")])]])
    people = _by_name(extract(path, "pattern"))
    assert people["Bo Carr"].role == "Electrician" and people["Bo Carr"].phone == "+13235550113"


def test_phone_list_with_dot_leaders_has_no_roles():
    page = words_page([(100 + 14 * i, [(40, f"{last}, {first} ........"), (200, phone)])
                       for i, (last, first, phone) in enumerate([("MCALLISTER", "Siobhán", "(770) 555-0185"),
                                                                 ("DE LA CRUZ", "María José", "678.555.0142"),
                                                                 ("O'NEIL", "Dylan", "+1 404 555 0111")])])
    result = contacts_from_pages([page], {})
    assert [(c.name, c.phone, c.role) for c in result.contacts] == [
        ("Siobhán McAllister", "+17705550185", None),
        ("María José de la Cruz", "+16785550142", None),
        ("Dylan O'Neil", "+14045550111", None),
    ]


def test_cards_put_the_role_above_the_name_and_the_number_below():
    page = words_page([
        (100, [(60, "Director"), (220, "Line Producer"), (380, "1st AD")]),
        (112, [(60, "Brooke Ridley"), (220, "Seo-yeon Park"), (380, "Eun-ji D. Park")]),
        (124, [(60, "07700 900720"), (220, "07700 900231"), (380, "07700 900159")]),
        (150, [(40, "Unit base: 137 Chapel Street, London E8 4QN")]),
    ])
    result = contacts_from_pages([page], {})
    assert [(c.name, c.role, c.phone) for c in result.contacts] == [
        ("Brooke Ridley", "Director", "+447700900720"),
        ("Seo-yeon Park", "Line Producer", "+447700900231"),
        ("Eun-ji D. Park", "First Assistant Director", "+447700900159"),
    ]
    assert result.metadata["region"] == "GB"


def test_columns_of_free_text_crew_inherit_the_role_above():
    page = words_page([
        (100, [(30, "GRIP"), (300, "ELECTRIC")]),
        (112, [(30, "Key Grip"), (110, "STROUD, Danielle"), (220, "c: 6265550183"),
               (300, "Gaffer"), (380, "THORNTON, Kayla"), (500, "c: (626) 555-0109")]),
        (124, [(30, "Grip"), (110, "ADEYEMI, Kwame J."), (220, "c: 8185550196")]),
        (136, [(110, "HARGROVE, Travis"), (220, "c: +1 213 555 0143")]),
    ])
    people = _by_name(contacts_from_pages([page], {}))
    assert people["Travis Hargrove"].role == "Grip" and people["Travis Hargrove"].department == "Grip"
    assert people["Kayla Thornton"].role == "Gaffer" and people["Kayla Thornton"].phone == "+16265550109"


def test_cast_table_has_characters_and_no_phones(tmp_path):
    path = pdf(tmp_path / "cast.pdf", [[
        (50, [(36, "#"), (60, "CAST"), (180, "CHARACTER"), (300, "STATUS")]),
        (62, [(36, "1"), (60, "Travis Ridley"), (180, "DET. QUILL"), (300, "W")]),
        (74, [(36, "2"), (60, "Zoë St-Pierre"), (180, "MRS. O'HARA"), (300, "SW")]),
        (90, [(36, "STAND-INS: Stand-in for #1: Chen-Yu Liu 310 555 0199")]),
    ]])
    people = _by_name(extract(path, "pattern"))
    assert (people["Travis Ridley"].role, people["Travis Ridley"].character) == ("Cast", "Det. Quill")
    assert people["Zoë St-Pierre"].character == "Mrs. O'Hara" and people["Zoë St-Pierre"].phone is None
    assert (people["Chen-Yu Liu"].role, people["Chen-Yu Liu"].phone) == ("Stand-In", "+13105550199")


def test_organisations_offices_and_hospitals_are_not_contacts():
    page = words_page([
        (60, [(40, "Blue Heron Entertainment")]),
        (72, [(40, "Office: 323 555 0163 · production@blueheron.example")]),
        (84, [(40, "NEAREST HOSPITAL: Lakeview Memorial Hospital (818) 555-0175")]),
        (96, [(40, "Location landline: 818 555 0138 DO NOT CALL")]),
        (108, [(40, "Director: Emily Hollis 626 555 0160")]),
    ])
    result = contacts_from_pages([page], {})
    assert [(c.name, c.phone) for c in result.contacts] == [("Emily Hollis", "+16265550160")]


def test_confidence_rewards_evidence_and_weak_pages_are_flagged():
    strong = words_page([CREW_HEADER, (62, [(30, "Gaffer"), (160, "Ana Ruiz"), (300, "323 555 0147"),
                                            (400, "ana@example.com")])])
    weak = words_page([(100, [(40, "Prepared by: Ana")]), (120, [(40, "Call 323 555 0199 for rides")])], number=2)
    result = contacts_from_pages([strong, weak], {})
    (ana,) = result.contacts
    assert ana.confidence >= 0.9
    assert result.metadata["weakPages"] == [2] and result.metadata["pages"] == 2
    first, second = result.metadata["pageStats"]
    assert (first["contacts"], first["tables"], second["contacts"]) == (1, 1, 0)


def test_quality_threshold_and_preferences_apply_to_pattern_results():
    page = words_page([CREW_HEADER,
                       (62, [(30, "Gaffer"), (160, "Ana Ruiz"), (300, "323 555 0147")]),
                       (74, [(30, "1st AD"), (160, "Li Wei"), (300, "323 555 0148")])])
    result = contacts_from_pages([page], {"qualityThreshold": 0.99, "rolePreferences": ["1st AD"]})
    assert result.contacts == [] and len(result.below_threshold) == 2
    result = contacts_from_pages([page], {"rolePreferences": ["First AD"]})
    assert [c.name for c in result.contacts] == ["Li Wei", "Ana Ruiz"] and result.contacts[0].preferred


def test_wrapped_names_after_an_initial_and_shared_cells():
    page = words_page([
        (50, [(37, "ROLE"), (140, "NAME"), (254, "MOBILE"), (349, "EMAIL")]),
        (62, [(37, "Costume Designer /"), (140, "KIAN FARAHANI / EAMON E."), (254, "07700 900399 /"),
              (349, "kian@example.com / —")]),
        (70, [(37, "Costume Sup."), (140, "GALLAGHER"), (254, "07700 900389")]),
        (82, [(37, "Costume Standby"), (140, "PRIYA SHARMA"), (254, "07700 900674")]),
    ])
    people = _by_name(contacts_from_pages([page], {}, region="GB"))
    assert (people["Eamon E. Gallagher"].role, people["Eamon E. Gallagher"].phone) == (
        "Costume Supervisor", "+447700900389")
    assert people["Kian Farahani"].email == "kian@example.com" and people["Eamon E. Gallagher"].email is None


def test_boxes_side_by_side_keep_their_own_numbers_and_emails():
    page = words_page([
        (100, [(32, "PRODUCTION"), (218, "AGENCY"), (405, "CLIENT")]),
        (112, [(32, "Director: Baraka S. Haile"), (218, "Agency Prod.: Ximena Trevino"),
               (405, "Client: Chen-Yu Zhou")]),
        (124, [(32, "Producer: Natalie Moradi 872.555.0172"), (218, "773.555.0188 · xt@ox.example"),
               (405, "cz@ox.example")]),
        (136, [(32, "1st AD: Lindsay Whitfield 312.555.0150"), (218, "Creative Director: Shannon Merritt")]),
        (148, [(32, "Coordinator: Courtney Hargrove 773.555.0148"), (218, "shannon.m@brand.example")]),
    ])
    people = _by_name(contacts_from_pages([page], {}))
    assert (people["Ximena Trevino"].phone, people["Ximena Trevino"].email) == ("+17735550188", "xt@ox.example")
    assert people["Natalie Moradi"].email is None and people["Courtney Hargrove"].email is None
    assert people["Shannon Merritt"].email == "shannon.m@brand.example"
    assert people["Chen-Yu Zhou"].email == "cz@ox.example"


def test_stand_in_line_with_a_note_in_parentheses():
    page = words_page([(100, [(40, "STAND-INS: Dimitrios Adeyemi (SI for 1) 07700 900014")])])
    (person,) = contacts_from_pages([page], {}, region="GB").contacts
    assert (person.name, person.role, person.department, person.phone) == (
        "Dimitrios Adeyemi", "Stand-In", "Cast", "+447700900014")


def test_dashes_parentheses_and_spelled_out_emails_in_free_text():
    page = words_page([(100, [(40, "Ana Ruiz – Director – 323 555 0147 – ana [at] example [dot] com")]),
                       (120, [(40, "Li Wei (Gaffer) li.wei(at)example.org")])])
    assert [(c.name, c.role, c.phone, c.email) for c in contacts_from_pages([page], {}).contacts] == [
        ("Ana Ruiz", "Director", "+13235550147", "ana@example.com"),
        ("Li Wei", "Gaffer", None, "li.wei@example.org"),
    ]


def test_mailto_link_under_a_word_gives_the_address(tmp_path):
    path = pdf(tmp_path / "link.pdf", [[(100, [(40, "Director: Ana Ruiz 323 555 0147 Email")])]])
    doc = pymupdf.open(path)
    doc[0].insert_link({"kind": pymupdf.LINK_URI, "from": doc[0].search_for("Email")[0],
                        "uri": "mailto:ana.ruiz@example.com"})
    doc.save(tmp_path / "linked.pdf")
    (ana,) = extract(tmp_path / "linked.pdf", "pattern").contacts
    assert ana.email == "ana.ruiz@example.com"


_TOKENS = ["NAME", "POSITION", "PHONE", "EMAIL", "CAST", "ROLE", "Director", "Key", "Grip", "/", "Ana", "RUIZ,",
           "323", "555", "0147", "c:", "ana@example.com", "TBD", "....", "(cont'd)", "GRIP", "—", "x204", "Inc."]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 30), st.sampled_from(_TOKENS)), max_size=80))
def test_any_scatter_of_words_reads_without_error(cells):
    """Whatever the page holds, the reader returns (possibly no) contacts; it never crashes."""
    page = words_page([(50 + 12 * row, [(30 + 14 * col, text)]) for col, row, text in cells])
    result = contacts_from_pages([page], {"qualityThreshold": 0.5})
    for contact in result.contacts + result.below_threshold:
        assert contact.name and 0 < contact.confidence <= 1


def test_cards_with_the_role_under_the_name():
    page = words_page([
        (100, [(60, "Brooke Ridley"), (260, "Omar Khalil")]),
        (112, [(60, "Director"), (260, "Line Producer")]),
        (124, [(60, "323 555 0101"), (260, "323 555 0102")]),
        (150, [(60, "Ana Ruiz"), (260, "Li Wei")]),
        (162, [(60, "Gaffer"), (260, "Key Grip")]),
        (174, [(60, "323 555 0103"), (260, "323 555 0104")]),
    ])
    assert [(c.name, c.role, c.phone) for c in contacts_from_pages([page], {}).contacts] == [
        ("Brooke Ridley", "Director", "+13235550101"), ("Omar Khalil", "Line Producer", "+13235550102"),
        ("Ana Ruiz", "Gaffer", "+13235550103"), ("Li Wei", "Key Grip", "+13235550104"),
    ]


def test_a_role_inside_a_longer_unknown_label_is_not_taken():
    page = words_page([CREW_HEADER,
                       (62, [(30, "Director of Photo."), (160, "Ana Ruiz"), (300, "323 555 0147")]),
                       (74, [(30, "Key Grip (cont'd)"), (160, "Li Wei"), (300, "323 555 0148")])])
    people = _by_name(contacts_from_pages([page], {}))
    assert people["Ana Ruiz"].role != "Director" and people["Li Wei"].role == "Key Grip"


def test_table_resumes_overleaf_under_a_running_title_and_a_cont_d_department(tmp_path):
    first = [CREW_HEADER, (62, [(30, "GRIP")]), (74, [(30, "Key Grip"), (160, "Ana Ruiz"), (300, "323 555 0147")])]
    first += [(86 + 12 * i, [(30, "Grip"), (160, f"Jo {chr(65 + i % 26)}{chr(97 + i // 26)}son"),
                             (300, "323 555 0100")]) for i in range(54)]
    first.append((740, [(30, "Best Boy"), (160, "Li Wei"), (300, "323 555 0148")]))
    second = [(30, [(200, "LOW TIDE — CREW LIST (cont'd)")]),
              (44, [(30, "ELECTRIC (cont'd)")]),
              (56, [(30, "Best Boy"), (160, "Bo Carr"), (300, "323 555 0149")])]
    people = _by_name(extract(pdf(tmp_path / "overleaf.pdf", [first, second]), "pattern"))
    assert people["Li Wei"].role == "Best Boy Grip"
    assert (people["Bo Carr"].role, people["Bo Carr"].phone) == ("Best Boy Electric", "+13235550149")
