"""Phones: E.164 in the production's region, labels and extensions apart, never times or dates."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callsheet.extraction.normalize.phones import find_phones, normalize_phone


@pytest.mark.parametrize(
    ("text", "region", "e164"),
    [
        ("(323) 555-0163", "US", "+13235550163"),
        ("323.555.0163", "US", "+13235550163"),
        ("3235550163", "US", "+13235550163"),
        ("+1 (416) 555 0100", "CA", "+14165550100"),
        ("1-800-555-0199", "US", "+18005550199"),
        ("07700 900528", "GB", "+447700900528"),  # drama range: possible, not valid
        ("+44 (0)7700 900792", "US", "+447700900792"),
        ("020 7946 0689", "GB", "+442079460689"),
        ("0161 496 0123", "GB", "+441614960123"),
        ("+33 (0)1 23 45 67 89", "US", "+33123456789"),
        ("01 23 45 67 89", "FR", "+33123456789"),
        ("0412 345 678", "AU", "+61412345678"),
        ("(02) 5550 1234", "AU", "+61255501234"),
        ("+61 (0)491 570 156", "US", "+61491570156"),
        ("06.12.34.56.78", "FR", "+33612345678"),
        ("+33 6 12 34 56 78", "GB", "+33612345678"),
        ("(020) 7946 0958", "GB", "+442079460958"),
        ("07700-900-123", "GB", "+447700900123"),
        ("(323)555-0163", "US", "+13235550163"),
        ("1 (323) 555-0163", "US", "+13235550163"),
        ("+1-604-555-0134", "GB", "+16045550134"),
        ("021 123 4567", "NZ", "+64211234567"),
        ("00 44 20 7946 0958", "FR", "+442079460958"),
    ],
)
def test_national_and_international_forms(text: str, region: str, e164: str) -> None:
    match = normalize_phone(text, region)
    assert match is not None and match.e164 == e164


@pytest.mark.parametrize(
    ("text", "label"),
    [("c: 323.555.0163", "cell"), ("C 323 555 0163", "cell"), ("cell 323-555-0163", "cell"),
     ("mob. 07700 900123", "cell"), ("o: (323) 555-0163", "office"), ("Tel: 323 555 0163", "tel"),
     ("Fax: 323 555 0163", "fax"), ("Office: 323 555 0163", "office")],
)
def test_labels_are_stripped_into_label(text: str, label: str) -> None:
    region = "GB" if "07700" in text else "US"
    match = normalize_phone(text, region)
    assert match is not None and match.label == label
    assert match.raw == text and (match.start, match.end) == (0, len(text))


@pytest.mark.parametrize(
    ("text", "ext"),
    [("+1 (416) 555 0100 x204", "204"), ("o: 416.555.0100 ext. 4", "4"), ("416 555 0100 Ext 12", "12"),
     ("+1 514 555 0100 poste 204", "204"), ("(416) 555-0100 #204", "204"), ("(416) 555-0100x204", "204")],
)
def test_extensions_are_kept_apart(text: str, ext: str) -> None:
    match = normalize_phone(text, "CA")
    assert match is not None and match.ext == ext and match.e164 == match.e164.split("x")[0]
    assert match.e164.startswith("+1") and len(match.e164) == 12


def test_initial_before_a_number_is_not_a_label() -> None:
    (match,) = find_phones("Ruiz, Ana M. 323 555 0163", "US")
    assert match.label is None and match.raw == "323 555 0163"


def test_several_numbers_in_one_row_in_order() -> None:
    row = "Director: Emily Hollis 626 555 0160 / c: 213 555 0160   T 312.555.0100 F 312.555.0101"
    assert [m.e164 for m in find_phones(row, "US")] == ["+16265550160", "+12135550160", "+13125550100",
                                                         "+13125550101"]
    assert [m.label for m in find_phones(row, "US")] == [None, "cell", "tel", "fax"]


def test_two_numbers_separated_only_by_spaces_are_split() -> None:
    assert [m.e164 for m in find_phones("323 555 0163 213 555 0160", "US")] == ["+13235550163", "+12135550160"]


def test_zip_before_a_number_is_not_part_of_it() -> None:
    assert [m.e164 for m in find_phones("Los Angeles, CA 90012 323 555 0163", "US")] == ["+13235550163"]


@pytest.mark.parametrize(
    "text",
    ["7:30", "07:00-19:00", "0730", "0700-1900", "11/28/2026", "2026-11-28", "28.11.2026", "1 3/8 pgs",
     "Sc. 12A, 45-47", "Ch. 4", "Los Angeles, CA 90012", "90012-1234", "2025-2026", "London E8 4QN",
     "Toronto, ON M5V 2T6", "Day 4 of 12", "4, 9, 10", "Crew call 7:00 AM 11/28/2026 Sc 45-47",
     "555-0136", "1540 Lantern Way", "Ch 4 / Ch 12", "Scenes 12 34 56 7", "2 10 20 11 20", "Scenes 101 102 103 104",
     "Ep. 107 108 109", "Rolls 1234567", "Permit 2025-001234", "12.345.678", "1234 5678 (Lot B)", "0700 0730 0800 0830",
     "ISBN 978 3 16 148410 0", "Lat 51.5074 Lon -0.1278", "$1,250.00", "Fri 24.07.2025",
     "Calle Mayor 12, 28014 Madrid", "Via Appia 341, 00173 Roma", "Esc. 12 44 61 54", "Drehtag 17 von 27"],
)
def test_never_a_time_date_zip_scene_or_channel(text: str) -> None:
    for region in ("US", "GB", "CA", "FR", "AU", "ES", "IT", "MX", "DE", "PT", "BR", "AR", "CO"):
        assert find_phones(text, region) == [], (text, region)


times = st.builds(lambda h, m: f"{h}:{m:02d}", st.integers(0, 23), st.integers(0, 59))
dates = st.builds(lambda d, m, y, sep: f"{m}{sep}{d}{sep}{y}", st.integers(1, 28), st.integers(1, 12),
                  st.integers(1990, 2035), st.sampled_from(["/", "-", "."]))
iso_dates = st.builds(lambda d, m, y: f"{y}-{m:02d}-{d:02d}", st.integers(1, 28), st.integers(1, 12),
                      st.integers(1990, 2035))
ranges = st.builds(lambda a, b: f"{a:04d}-{b:04d}", st.integers(0, 2359), st.integers(0, 2359))


@given(st.lists(st.one_of(times, dates, iso_dates, ranges), min_size=1, max_size=4),
       st.sampled_from(["US", "GB", "CA", "FR", "AU"]))
def test_property_times_and_dates_are_never_phones(parts: list[str], region: str) -> None:
    assert find_phones("  ".join(parts), region) == []


@given(st.from_regex(r"[2-9][0-8][0-9][2-9][0-9]{2}[0-9]{4}", fullmatch=True),
       st.sampled_from(["({a}) {b}-{c}", "{a}.{b}.{c}", "{a} {b} {c}", "c: {a}-{b}-{c}", "+1 {a} {b} {c}"]))
def test_property_any_printed_nanp_form_gives_the_same_e164(digits: str, form: str) -> None:
    text = form.format(a=digits[:3], b=digits[3:6], c=digits[6:])
    match = normalize_phone(text, "US")
    assert match is not None and match.e164 == "+1" + digits


@given(st.text(max_size=60))
def test_property_spans_are_consistent(text: str) -> None:
    last = 0
    for match in find_phones(text, "US"):
        assert text[match.start:match.end] == match.raw and match.start >= last
        assert match.e164.startswith("+") and match.e164[1:].isdigit()
        last = match.end


@pytest.mark.parametrize(("text", "e164"), [("call G26 555.0121", "+16265550121"), ("G47) 555-0130", "+16475550130"),
                                            ("cell 3l0 555 0141", "+13105550141")])
def test_ocr_misread_area_code_is_repaired_and_raw_kept(text: str, e164: str) -> None:
    (match,) = find_phones(text, "US")
    assert match.e164 == e164 and match.raw == text[match.start:match.end]


@pytest.mark.parametrize("text", ["BOB 555 0121 1234", "OIS 555 0100", "The 555 0100 9999"])
def test_words_are_not_repaired_into_numbers(text: str) -> None:
    assert find_phones(text, "US") == []


def test_typographic_spaces_and_dashes() -> None:
    (french,) = find_phones("Tél : 06\u202f12\u202f34\u202f56\u202f78", "FR")
    assert french.e164 == "+33612345678" and french.label == "tel"
    (dashed,) = find_phones("323–555–0163", "US")
    assert dashed.e164 == "+13235550163" and dashed.raw == "323–555–0163"


def test_label_glued_to_the_number_by_a_period() -> None:
    (match,) = find_phones("DECLAN S. MCALLISTER  cell.213.555.0142", "US")
    assert (match.e164, match.label, match.raw) == ("+12135550142", "cell", "cell.213.555.0142")
    assert find_phones("v2.213.555.0142 12.345.678.9012", "US") == []


@pytest.mark.parametrize(
    ("text", "labels"),
    [("(c) 323 555 0163", ["cell"]), ("323 555 0163 (c)", ["cell"]), ("(cell) 323.555.0163", ["cell"]),
     ("323 555 0163 cell / 213 555 0100 (fax)", ["cell", "fax"]),
     ("323 555 0163 (h), 213 555 0100 (w)", ["home", "office"]),
     ("323 555 0163  office 213 555 0100", [None, "office"]), ("323 555 0163 C Smith", [None]),
     ("323 555 0163 Main Street", [None])],
)
def test_labels_in_parentheses_and_after_the_number(text: str, labels: list[str | None]) -> None:
    matches = find_phones(text, "US")
    assert [m.label for m in matches] == labels
    assert all(text[m.start:m.end] == m.raw for m in matches)


@pytest.mark.parametrize(
    ("text", "region", "e164", "ext"),
    [("630 55 58 33", "ES", "+34630555833", None), ("91 555 01 63 ext. 43", "ES", "+34915550163", "43"),
     ("Móvil 600555292", "ES", "+34600555292", None), ("(55) 5550-0186 ext. 24", "MX", "+525555500186", "24"),
     ("55 7311 5355", "MX", "+525573115355", None), ("339 555 7344", "IT", "+393395557344", None),
     ("06 5550 1236 int. 18", "IT", "+390655501236", "18"), ("+39 06 5550 1236", "US", "+390655501236", None),
     ("+49 (0)30 23125911, Durchwahl 41", "DE", "+493023125911", "41"),
     ("030 23125911 DW 7", "DE", "+493023125911", "7"),
     ("0172 555 10879", "DE", "+4917255510879", None), ("514 555 0123 poste 204", "CA", "+15145550123", "204"),
     ("01 555 0123", "IE", "+35315550123", None), ("+353 1 555 0123", "US", "+35315550123", None),
     ("(11) 95555-0123", "BR", "+5511955550123", None), ("11 5555 0123", "AR", "+541155550123", None),
     ("0044 20 7946 0958", "US", "+442079460958", None), ("912 555 123", "PT", "+351912555123", None)],
)
def test_national_numbers_of_other_countries_and_their_extensions(text: str, region: str, e164: str,
                                                                   ext: str | None) -> None:
    found = find_phones(text, region)
    assert [(m.e164, m.ext) for m in found] == [(e164, ext)]


def test_italian_landlines_keep_their_leading_zero() -> None:
    assert normalize_phone("06 5550 1522", "IT").e164 == "+390655501522"


def test_a_number_split_by_a_stray_space_before_its_separator_is_one_number() -> None:
    found = find_phones("c. 416.555 .0142 / o. 647.555 .0155", "CA")
    assert [m.e164 for m in found] == ["+14165550142", "+16475550155"]


def test_without_trunk_prefix_or_country_code_only_valid_numbers_count() -> None:
    assert find_phones("Ep. 107 108 109", "ES") == []
    assert find_phones("Rolls 1234567", "IT") == []


def test_area_code_slash_number_is_one_number_dates_are_not() -> None:
    assert [m.e164 for m in find_phones("0176/55580125", "DE")] == ["+4917655580125"]
    assert [m.e164 for m in find_phones("06/55501234", "IT")] == ["+390655501234"]
    assert find_phones("2025/001234", "DE") == [] and find_phones("11/28/2026", "DE") == []


def test_two_valid_numbers_read_as_one_run_are_split() -> None:
    found = find_phones("+49 160 5552810 0176 55525299", "DE")
    assert [m.e164 for m in found] == ["+491605552810", "+4917655525299"]
    assert [m.e164 for m in find_phones("07700 900441", "GB")] == ["+447700900441"]  # possible, not valid: whole


def test_a_lower_case_letter_with_a_period_is_a_label_a_capital_an_initial() -> None:
    assert [m.label for m in find_phones("Wren Calloway | c. (404)555-0149", "US")] == ["cell"]
    assert find_phones("Ana M. 404 555 0149", "US")[0].raw == "404 555 0149"


def test_a_trunk_prefix_in_parentheses_without_its_country_code_is_national():
    """`+49 (0)160 ...` whose `+49` OCR lost or a cut cell dropped: `(0)` is the trunk `0`."""
    assert [m.e164 for m in find_phones("(0)160 5553128", "DE")] == ["+491605553128"]
    assert [m.e164 for m in find_phones("(0)20 7946 0958", "GB")] == ["+442079460958"]


@pytest.mark.parametrize(
    ("read", "e164"),
    [("1449 172 55503520", "+4917255503520"),  # `+49`, its plus read as `14`
     ("449 176 55578841", "+4917655578841"),
     ("10176 555 72025", "+4917655572025"),  # a ruling read as `1` before the trunk prefix
     ("160 5553925", "+491605553925")],  # the trunk `0` lost: a mobile number once it is back
)
def test_ocr_misreadings_at_a_numbers_edge_read_as_the_printed_number(read: str, e164: str) -> None:
    assert [p.e164 for p in find_phones(read, "DE")] == [e164]


@pytest.mark.parametrize("text", ["2025 1234567", "Drehtag 6 von 21", "221 4710733"])
def test_what_is_no_mobile_gets_no_trunk_prefix_back(text: str) -> None:
    assert find_phones(text, "DE") == []


def test_misreadings_are_not_tried_on_north_american_sheets() -> None:
    assert find_phones("1449 172 55503520", "US") == []
