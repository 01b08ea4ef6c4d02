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
