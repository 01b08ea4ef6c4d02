"""Confidence that means something: doubts lower it, and pages read with doubts are weak."""
from __future__ import annotations

from callsheet.extraction.pattern.confidence import ocr_discount
from callsheet.extraction.pattern.reader import contacts_from_pages
from callsheet.extraction.types import Contact, Word
from tests.extraction.pattern.sheets import words_page

HEADER = (50, [(30, "POSITION"), (160, "NAME"), (300, "PHONE"), (400, "EMAIL")])


def _rows(cells):
    return [HEADER, *((62 + 12 * i, row) for i, row in enumerate(cells))]


def test_a_cleanly_read_digital_page_is_not_weak():
    page = words_page(_rows([
        [(30, "Gaffer"), (160, "Ingrid Whitlock"), (300, "213 555 0142"), (400, "iw@lark.example")],
        [(30, "Key Grip"), (160, "Kofi Fairweather"), (300, "213 555 0143")]]))
    result = contacts_from_pages([page], {})
    assert result.metadata["weakPages"] == []
    assert all(c.confidence >= 0.8 for c in result.contacts)


def test_labels_no_lexicon_knows_lower_confidence_and_make_the_page_weak():
    page = words_page(_rows([[(30, "Zauberlehrling"), (160, "Ingrid Whitlock"), (300, "213 555 0142")],
                             [(30, "Nachtwächterin"), (160, "Kofi Fairweather"), (300, "213 555 0143")],
                             [(30, "Gaffer"), (160, "Marta Lindqvist"), (300, "213 555 0144")]]))
    result = contacts_from_pages([page], {})
    people = {c.name: c for c in result.contacts}
    assert people["Ingrid Whitlock"].role is None and people["Ingrid Whitlock"].confidence < 0.8
    assert people["Marta Lindqvist"].confidence >= 0.8
    assert result.metadata["weakPages"] == [1] and result.metadata["pageStats"][0]["unknownRoles"] == 2


def test_numbers_printed_for_a_person_that_do_not_read_are_doubts():
    page = words_page(_rows([[(30, "Gaffer"), (160, "Ingrid Whitlock"), (300, "21-35-55-01-42")],
                             [(30, "Key Grip"), (160, "Kofi Fairweather"), (300, "2135-550-143-0")]]))
    result = contacts_from_pages([page], {})
    assert result.metadata["pageStats"][0]["unreadNumbers"] == 2 and result.metadata["weakPages"] == [1]
    assert all(c.confidence < 0.8 for c in result.contacts)


def test_ocr_costs_more_confidence_on_a_page_the_engine_was_unsure_of():
    clean, rough = Contact("Ingrid Whitlock", confidence=0.99), Contact("Ingrid Whitlock", confidence=0.99)
    ocr_discount([clean], [Word(0, 0, 1, 1, "a", conf=0.97)])
    ocr_discount([rough], [Word(0, 0, 1, 1, "a", conf=0.85)])
    assert clean.confidence >= 0.8 > rough.confidence


def test_an_ocr_page_read_only_fairly_well_keeps_no_contact_above_08():
    """A photo Tesseract reports 0.93 confident about still misreads a letter of a name now and then."""
    contact = Contact("Ingrid Whitlock", confidence=0.99)
    ocr_discount([contact], [Word(0, 0, 1, 1, "a", conf=0.93)])
    assert contact.confidence < 0.8
