"""Roles and departments: canonical names, word boundaries, header context."""
from __future__ import annotations

import pytest

from callsheet.extraction.normalize.roles import RoleLexicon, lexicon


@pytest.mark.parametrize(
    ("label", "role"),
    [("1st AD", "First Assistant Director"), ("1st Asst. Dir.", "First Assistant Director"),
     ("1st A.D.", "First Assistant Director"), ("Key 2nd AD", "Second Assistant Director"),
     ("DP", "Director of Photography"), ("D.O.P.", "Director of Photography"), ("DoP", "Director of Photography"),
     ("Gaffer", "Gaffer"), ("Sparks", "Electrician"), ("Spark", "Electrician"), ("Genny Op", "Generator Operator"),
     ("Craft Service", "Craft Service"), ("Swing", "Set Dresser"), ("Set PA", "Set Production Assistant"),
     ("Focus Puller", "First Assistant Camera"), ("Clapper Loader", "Second Assistant Camera"),
     ("Floor Runner", "Set Production Assistant"), ("GAFFER (cont'd)", "Gaffer"), ("Driver 2", "Driver"),
     ("Make-Up Artist", "Makeup Artist"), ("Production Co-ordinator", "Production Coordinator"),
     ("Réalisatrice", "Director"), ("Chef opérateur", "Director of Photography"), ("Scripte", "Script Supervisor"),
     ("Régisseur général", "Location Manager"), ("Ingénieur du son", "Production Sound Mixer"),
     ("Assistant Art Director", "Assistant Art Director"), ("Asst. Art Dir.", "Assistant Art Director"),
     ("Accountant", "Production Accountant"), ("Line Producer / UPM", None), ("Ana Ruiz", None), ("", None),
     ("A Cam Focus Puller", "First Assistant Camera"), ("B Camera 2nd AC", "Second Assistant Camera"),
     ("Add'l Grip", "Grip"), ("Grip Trainee", "Grip"), ("Day Player Electric", "Electrician"),
     ("TAD", "Third Assistant Director"), ("Wardrobe Supervisor", "Costume Supervisor"),
     ("Special FX Coordinator", "Special Effects Coordinator"), ("Transpo Captain", "Transportation Captain"),
     ("Set PAs", "Set Production Assistant"), ("Camera Operators", "Camera Operator"), ("Drivers", "Driver"),
     ("Set", None), ("Key", None)],
)
def test_match_role_whole_cell(label: str, role: str | None) -> None:
    match = lexicon().match_role(label)
    assert (match.role if match else None) == role


@pytest.mark.parametrize(
    ("label", "header", "role"),
    [("Best Boy", "GRIP", "Best Boy Grip"), ("Best Boy", "GRIPS", "Best Boy Grip"),
     ("Best Boy", "ELECTRIC / LIGHTING", "Best Boy Electric"), ("Best Boy", "LIGHTING", "Best Boy Electric"),
     ("Best Boy", "SET LIGHTING (cont'd)", "Best Boy Electric"), ("Key", "MAKEUP", "Key Makeup Artist"),
     ("Key", "HAIR", "Key Hair Stylist"), ("Mixer", "SOUND", "Production Sound Mixer"),
     ("Coordinator", "TRANSPO", "Transportation Coordinator"), ("Best Boy", None, None), ("Key", None, None),
     ("Key Grip", "ELECTRIC", "Key Grip")],
)
def test_context_dependent_labels(label: str, header: str | None, role: str | None) -> None:
    match = lexicon().match_role(label, header)
    assert (match.role if match else None) == role


def test_the_role_department_wins_over_the_header() -> None:
    match = lexicon().match_role("DIT", "CAMERA")
    assert match is not None and match.department == "Post/DIT"


def test_find_roles_word_boundaries_and_longest_match() -> None:
    lex = lexicon()
    assert [m.role for m in lex.find_roles("Art Director")] == ["Art Director"]
    assert [m.role for m in lex.find_roles("Production Accountant")] == ["Production Accountant"]
    assert lex.find_roles("Accounts payable ACME") == [] or all(m.role != "First Assistant Camera"
                                                                for m in lex.find_roles("Accounts payable"))
    found = lex.find_roles("Key Grip / Best Boy", "GRIP")
    assert [(m.role, m.label) for m in found] == [("Key Grip", "Key Grip"), ("Best Boy Grip", "Best Boy")]
    text = "Director: Emily Hollis 626 555 0160  1st Asst. Dir. Bo Li"
    found = lex.find_roles(text)
    assert [m.role for m in found] == ["Director", "First Assistant Director"]
    assert text[found[1].start:found[1].end] == "1st Asst. Dir."


def test_find_roles_ignores_acronyms_in_words_and_after_times() -> None:
    lex = lexicon()
    assert lex.find_roles("Lunch 1:00 PM at the spa, Pa said") == []
    assert [m.role for m in lex.find_roles("PA: Bo Li")] == ["Production Assistant"]


@pytest.mark.parametrize(
    ("text", "department"),
    [("CAMERA", "Camera"), ("Camera Dept.", "Camera"), ("GRIPS", "Grip"), ("ELECTRIC / LIGHTING", "Electric"),
     ("HAIR & MAKEUP", "Hair & Makeup"), ("MAKE-UP & HAIR", "Hair & Makeup"), ("TRANSPO", "Transportation"),
     ("SOUND (cont'd)", "Sound"), ("ART DEPARTMENT", "Art"), ("GRIP & ELECTRIC", "Grip"),
     ("RÉGIE", "Locations"), ("PRODUCTION STAFF", "Production"), ("CAMERA CREW", "Camera"),
     ("Ana Ruiz", None), ("Key Grip", None), ("7:00 AM", None)],
)
def test_department_headers(text: str, department: str | None) -> None:
    assert lexicon().match_department_header(text) == department


def test_canonical_and_department_of() -> None:
    lex = lexicon()
    assert lex.canonical("1st AD") == "First Assistant Director"
    assert lex.canonical("Best Boy") is None
    assert lex.department_of("Focus Puller") == "Camera"
    assert lex.department_of("Key Grip") == "Grip"
    assert lex.department_of("nonsense") is None


@pytest.mark.parametrize(
    ("role", "pref", "expected"),
    [("First Assistant Director", "1st AD", True), ("Art Director", "Director", False),
     ("Director", "Director", True), ("Director", "dir.", True), ("Key Grip", "Grip", False),
     ("Camera Operator", "Camera", True), ("Best Boy Grip", "BB Grip", True), ("Gaffer", "Grip", False)],
)
def test_matches_preference(role: str, pref: str, expected: bool) -> None:
    assert lexicon().matches_preference(role, pref) is expected


def test_lexicon_is_built_once() -> None:
    assert lexicon() is lexicon()


def test_a_lexicon_from_other_data_resolves_headers_it_only_knows_by_parts() -> None:
    base = {"departments": {"Grip": ["GRIP"], "Electric": ["ELECTRIC"]},
            "roles": {"Best Boy Grip": {"department": "Grip", "aliases": []}},
            "context_dependent": [{"label": "Best Boy", "under_header": "GRIP / ELECTRIC", "role": "Best Boy Grip"}]}
    lex = RoleLexicon(base)
    match = lex.match_role("Best Boy", "GRIP")
    assert match is not None and match.role == "Best Boy Grip"
    assert lex.match_role("Best Boy") is None


@pytest.mark.parametrize("label", ["2º Ayudante de dirección", "2° Ayudante de dirección", "2* Ayudante de dirección",
                                   "2% Ayudante de dirección"])
def test_an_ordinal_printed_as_a_degree_sign_or_read_by_ocr_as_a_star(label: str) -> None:
    match = lexicon().match_role(label)
    assert match is not None and match.role == "Second Assistant Director"


@pytest.mark.parametrize(("read", "role"), [("Kostiimbild", "Costume Designer"), ("Kostümbild", "Costume Designer")])
def test_a_german_role_with_its_umlaut_read_as_ii(read: str, role: str) -> None:
    match = lexicon().match_role(read)
    assert match is not None and match.role == role
