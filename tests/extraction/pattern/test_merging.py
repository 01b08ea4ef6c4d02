"""One contact per person: printed forms, cut names, and names that OCR split or misread."""
from __future__ import annotations

from callsheet.extraction.pattern.merging import merge
from callsheet.extraction.types import Contact


def _c(name: str, phone: str | None = None, role: str | None = None, email: str | None = None) -> Contact:
    return Contact(name=name, role=role, phone=phone, email=email, confidence=0.5)


def test_the_same_name_in_two_printed_forms_is_one_contact() -> None:
    out = merge([_c("Ana Ruiz", "+15555550101", "Gaffer"), _c("Ana Ruiz", None, None, "ana@example.net")])
    assert [(c.name, c.phone, c.email) for c in out] == [("Ana Ruiz", "+15555550101", "ana@example.net")]


def test_a_surname_split_apart_by_ocr_joins_the_person() -> None:
    out = merge([_c("Leonie Weißenborn", "+4917255502598", "Production Coordinator"),
                 _c("Leonie Weissen Born", "+4917255585838", "Production Coordinator")])
    assert len(out) == 1
    assert out[0].name == "Leonie Weißenborn"
    assert out[0].phones == ["+4917255502598", "+4917255585838"]


def test_a_misread_name_with_the_same_number_joins_the_person() -> None:
    out = merge([_c("Jannik Groß", "+4917255579944", "Unit Production Manager"),
                 _c("Janik Groß", "+4917255579944", "Unit Production Manager", "jg@example.net")])
    assert [(c.name, c.email) for c in out] == [("Jannik Groß", "jg@example.net")]


def test_alike_names_stay_apart_without_a_number_in_common_or_with_different_roles() -> None:
    assert len(merge([_c("Maria Lopez", "+15555550101"), _c("Mario Lopez", "+15555550102")])) == 2
    assert len(merge([_c("Maria Lopez", "+15555550100", "Producer"),
                      _c("Mario Lopez", "+15555550100", "Gaffer")])) == 2
    assert len(merge([_c("Maria Lopez", "+15555550100", None, "maria@example.net"),
                      _c("Mario Lopez", "+15555550100", None, "mario@example.net")])) == 2


def test_different_people_on_one_office_line_stay_apart() -> None:
    out = merge([_c("Sam Lee", "+15555550100"), _c("Sam Li", "+15555550100"), _c("Kim Park", "+15555550100")])
    assert [c.name for c in out] == ["Sam Lee", "Sam Li", "Kim Park"]


def test_a_row_that_kept_only_its_surname_is_the_one_person_of_that_surname() -> None:
    out = merge([_c("Wolfram Weiss", None, "First Assistant Director"),
                 _c("Weiss,", "+4917655525252", "First Assistant Director", "weiss@example.net")])
    assert [(c.name, c.phone, c.email) for c in out] == [("Wolfram Weiss", "+4917655525252", "weiss@example.net")]


def test_a_surname_row_with_two_people_of_that_surname_or_none_is_nobody() -> None:
    two = merge([_c("Ana Weiss"), _c("Eva Weiss"), _c("Weiss,", "+4917655525252")])
    assert [(c.name, c.phone) for c in two] == [("Ana Weiss", None), ("Eva Weiss", None)]
    assert merge([_c("Weiss,", "+4917655525252")]) == []
    other_job = merge([_c("Ana Weiss", None, "Gaffer"), _c("Weiss,", "+4917655525252", "Producer")])
    assert [(c.name, c.phone) for c in other_job] == [("Ana Weiss", None)]
