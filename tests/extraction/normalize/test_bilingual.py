"""Labels printed in two languages (normalize/bilingual.py and the department table)."""
from __future__ import annotations

from callsheet.extraction.normalize.bilingual import is_foreign, translation, two_languages
from callsheet.extraction.normalize.roles import lexicon


def test_a_department_printed_twice_is_that_department():
    lex = lexicon()
    assert lex.match_department_header("PRODUCTION – PRODUCTION") == "Production"
    assert lex.match_department_header("CAMÉRA / CAMERA") == "Camera"


def test_under_two_language_titles_the_english_half_names_the_department():
    lex = lexicon()
    assert lex.match_department_header("REGIE / LOCATIONS", bilingual=True) == "Locations"
    assert lex.match_department_header("MAQUILLAGE-COIFFURE – HAIR & MAKEUP", bilingual=True) == "Hair & Makeup"


def test_a_translation_needs_one_english_and_one_foreign_half():
    assert translation(["Machiniste dolly", "Dolly Grip"], ["Grip", "Dolly Grip"]) == "Dolly Grip"
    assert translation(["Coordonnateur·trice aux lieux", "Location Manager"], [None, "Location Manager"]) \
        == "Location Manager"
    assert translation(["Line Producer", "UPM"], ["Line Producer", "Unit Production Manager"]) is None
    assert translation(["Chef électro", "Chef machiniste"], ["Gaffer", "Key Grip"]) is None


def test_foreign_halves_are_told_by_endings_accents_and_words():
    assert is_foreign("RÉALISATEUR·TRICE") and is_foreign("REALISATEUR·TRICE") and is_foreign("Preneur de son")
    assert not is_foreign("Sound Mixer") and not is_foreign("Best Boy")
    assert two_languages("MACHINERIE – GRIP") == ["MACHINERIE", "GRIP"]
    assert two_languages("MAQUILLAGE-COIFFURE") == []
