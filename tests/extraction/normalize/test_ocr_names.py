"""A surname OCR broke and lost letters of comes back from the person's own address only."""
from __future__ import annotations

import pytest

from callsheet.extraction.normalize.ocr_names import mend_surname


def test_a_broken_surname_is_spelt_by_the_persons_address() -> None:
    assert mend_surname("Arantxa Igle S", "arantxa.iglesias@example.net") == "Arantxa Iglesias"
    assert mend_surname("Ana Ru Z", "ana_ruiz77@example.net") == "Ana Ruiz"


@pytest.mark.parametrize(
    ("name", "email"),
    [("Juan de la Cruz", "juan.delacruz@example.net"),  # read whole: the address only drops spaces
     ("Mary Ann Smith", "mary.annsmith@example.net"),
     ("Ana M. Ruiz", "ana.mruiz@example.net"),
     ("Ana Igle S", "bob.iglesias@example.net"),  # someone else's address
     ("Ana Lopez Gar", "ana.lopezgarcia@example.net"),  # a name cut short, not broken apart
     ("Ana Ruiz", "ana.ruizgarcia@example.net"),
     ("Ana Igle S", None)],
)
def test_names_read_whole_or_other_addresses_leave_the_name_alone(name: str, email: str | None) -> None:
    assert mend_surname(name, email) == name


@pytest.mark.parametrize(
    ("read", "printed"),
    [("S@REN MULLER", "Søren Muller"),  # Ø read as @ in capitals
     ("WESLEY BELL I!", "Wesley Bell II"),  # the suffix II read as I!
     ("MARIA JOSE N. ORTEGA elt", "Maria Jose N. Ortega"),  # the `cell` of the number after it, misread
     ("JUAN DE LA CRUZ", "Juan de la Cruz"),
     ("ANA RUIZ de", "Ana Ruiz de")],
)
def test_what_ocr_makes_of_marks_and_labels_around_a_name_in_capitals(read: str, printed: str) -> None:
    from callsheet.extraction.normalize.names import normalize_name

    assert normalize_name(read) == printed


@pytest.mark.parametrize(("raw", "surname"), [("Weißenborn,", "Weißenborn"), ("| WEISSENBORN, |", "Weissenborn"),
                                              ("GROSSE-WILDE,", "Grosse-Wilde"), ("Ruiz, Ana", None),
                                              ("Ana Ruiz,", None), ("Li,", None)])
def test_a_cell_that_kept_only_its_surname_and_comma(raw: str, surname: str | None) -> None:
    from callsheet.extraction.normalize.ocr_names import lone_surname

    assert lone_surname(raw) == surname
