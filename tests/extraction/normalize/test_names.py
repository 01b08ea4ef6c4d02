"""Names: natural order, real capitalisation, and never a role, vendor, placeholder or character."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callsheet.extraction.normalize.names import (
    is_organization,
    is_placeholder,
    looks_like_person,
    name_key,
    normalize_character,
    normalize_name,
)


@pytest.mark.parametrize(
    ("raw", "name"),
    [("RUIZ, ANA", "Ana Ruiz"), ("Ruiz, Ana", "Ana Ruiz"), ("RUIZ, Ana M.", "Ana M. Ruiz"),
     ("DE LA CRUZ, MARÍA JOSÉ", "María José de la Cruz"), ("MCALLISTER, FIONNUALA", "Fionnuala McAllister"),
     ("MACDONALD, ANNE", "Anne MacDonald"), ("MACK, JOHN", "John Mack"), ("MACY GRAY", "Macy Gray"),
     ("O'NEIL, SEAN", "Sean O'Neil"), ("D'ANGELO, GIULIA", "Giulia D'Angelo"), ("JEAN-LUC PICARD", "Jean-Luc Picard"),
     ("VAN DER BERG, ANNELIESE", "Anneliese van der Berg"), ("NGUYỄN, THẢO", "Thảo Nguyễn"),
     ("DVOŘÁK, JIŘÍ", "Jiří Dvořák"), ("ØVERGAARD-MCGRATH, SØREN", "Søren Øvergaard-McGrath"),
     ("ŞAHIN, ELIF", "Elif Şahin"), ("BELL JR., MARCUS", "Marcus Bell Jr."),
     ("Derek Caldwell III", "Derek Caldwell III"),
     ("CALDWELL, DEREK III", "Derek Caldwell III"), ("NÍ BHRIAIN, SIOBHÁN D.", "Siobhán D. Ní Bhriain"),
     ("Itzel L. del Valle", "Itzel L. del Valle"), ("Seo-yeon Ólafsdóttir", "Seo-yeon Ólafsdóttir"),
     ("DeShawn MacKenzie-Lee", "DeShawn MacKenzie-Lee"),
     ("Ana Ruiz (Day 2)", "Ana Ruiz"), ("  • Ana   Ruiz ", "Ana Ruiz"),
     ("Rowena Dela Rosa", "Rowena Dela Rosa"), ("SMITH, AL", "Al Smith"), ("ORTEGA, MA", "Ma Ortega"),
     ("Prepared by: Ana Ruiz", "Ana Ruiz"), ('Robert "Bobby" Smith', "Robert Smith"), ("Dr. Ana Ruiz", "Ana Ruiz"),
     ("ST-PIERRE, ZOË", "Zoë St-Pierre"), ("O'BRIEN-SMITH, ANA", "Ana O'Brien-Smith"), ("MACKIE, ANA", "Ana Mackie"),
     ("van der Berg, Bram", "Bram van der Berg"), ("ZHANG Wei", "Wei Zhang"), ("RUIZ Ana M.", "Ana M. Ruiz"),
     ("DE LA CRUZ María José", "María José de la Cruz"), ("BELL Marcus Jr.", "Marcus Bell Jr."),
     ("Ana RUIZ", "Ana Ruiz"), ("DU BOIS, W.E.B.", "W.E.B. du Bois"), ("J.R.R. Tolkien", "J.R.R. Tolkien"),
     ("Ana M.Ruiz", "Ana M. Ruiz"), ("N'DOUR, YOUSSOU", "Youssou N'Dour"),
     ("_ Yael Ben-David", "Yael Ben-David"), ("Naoko Kobayashi '", "Naoko Kobayashi"),
     ("Marcus Winslow i", "Marcus Winslow"),
     ("Aiko'J. Nakamura", "Aiko J. Nakamura"), ("D'ANGELO, J.", "J. D'Angelo"),
     ("Ana Ruiz.", "Ana Ruiz"), ("Ana M.", "Ana M."), ("Marcus Bell Jr.", "Marcus Bell Jr.")],
)
def test_normalize_name(raw: str, name: str) -> None:
    assert normalize_name(raw) == name


@pytest.mark.parametrize(
    "raw",
    ["Key Grip", "Best Boy", "KEY GRIP", "Director Ana Treviño", "DP Ana Ruiz", "1st AD", "CAMERA", "GRIP & ELECTRIC",
     "Reel Grip & Lighting Rentals", "St Aldric's Hospital A&E", "Blue Heron Entertainment", "Ironwood Film Co.",
     "Northlight Productions", "City Police", "Acme Honeywagons", "TBD", "Day Player - TBD", "(open)", "N/A", "---",
     "Det. Quill", "DET. QUILL", "MRS. O'HARA", "Old Maya", "Hiker #2", "323 555 0163", "ana@x.com", "Ana",
     "E-MAIL", "Crew parking", "Tracking vehicle", "Partly Cloudy", "“COLD HARBOUR”", "St. Jude's Church",
     "Digital Imaging", "Production Office", "NAME / POSITION", "Prepared by:", ".example.org", "If Rain",
     "New York", "Los Angeles, CA", "Halcyon Bank", "Set PAs", "Camera Operators", "Dr. Quill", "Prepared by:",
     "Reel Medics", "Prop House", "Mercy General", "CLIENT — LUMA", "Cast - Mabel Okafor", "Bus Driver",
     "BEST FRIEND", "Dog Owner", "Delivery Guy", "Store Clerk"],
)
def test_not_a_person(raw: str) -> None:
    assert not looks_like_person(raw)
    assert normalize_name(raw) is None


@pytest.mark.parametrize("raw", ["TBD", "tba", "TBC", "(open)", "Open", "N/A", "---", "—", "Day Player - TBD",
                                 "To be confirmed", "Gaffer (TBD)", "",
                                 "(to be hired)", "N.A."])
def test_placeholders(raw: str) -> None:
    assert is_placeholder(raw)


@pytest.mark.parametrize("raw", ["Ana Ruiz", "Tbdiya Smith", "Opened Doors"])
def test_not_placeholders(raw: str) -> None:
    assert not is_placeholder(raw)


@pytest.mark.parametrize("raw", ["Acme Inc.", "Grip Co LLC", "Sparks Ltd", "Lupe's Catering", "Eastgate Medical Center",
                                 "Nearest A&E", "Metro Police", "Site Security", "Stage 5 Studios", "Talent Agency",
                                 "Brightside Talent", "Acme Walkies", "Smith & Sons", "Starlite Trailers",
                                 "Star Waggons", "Circle Taxi", "Holiday Inn", "Shell Station", "Kaiser Permanente"])
def test_organizations(raw: str) -> None:
    assert is_organization(raw)


@pytest.mark.parametrize("raw", ["Ana Hall", "Ji-woo Park", "Omar Church", "Minnie Driver", "Bo Li", "Marco Co",
                                 "Will Smith", "May Chen", "Can Yılmaz", "Per Olsen", "Linh Do", "Young Kim",
                                 "Di Wang", "Else Berg", "Jon Snow", "Adam Beach", "Minh To", "Grant Singer",
                                 "Christopher Guest"])
def test_people_with_org_like_surnames(raw: str) -> None:
    assert not is_organization(raw)
    assert normalize_name(raw) == raw


@pytest.mark.parametrize(
    ("raw", "character"),
    [("DET. QUILL", "Det. Quill"), ("MRS. O'HARA", "Mrs. O'Hara"), ("YOUNG MAYA", "Young Maya"),
     ("HIKER #2", "Hiker #2"), ("SON (10)", "Son (10)"), ("Nurse Hale", "Nurse Hale"),
     ("' BEST FRIEND", "Best Friend"), ("_ Driver i", "Driver"), ("MAN OF THE HOUSE", "Man of the House")],
)
def test_normalize_character(raw: str, character: str) -> None:
    assert normalize_character(raw) == character


def test_name_key_matches_forms_of_one_person() -> None:
    assert name_key("RUIZ, Ana M.") == name_key("Ana Ruiz") == name_key("ana  ruiz")
    assert name_key("DE LA CRUZ, MARÍA JOSÉ") == name_key("María José de la Cruz")
    assert name_key("Bell Jr., Marcus") == name_key("Marcus Bell")
    assert name_key("O'Neil, Sean") == name_key("Sean ONeil")
    assert name_key("Ana Ruiz") != name_key("Ana Ruis")


given_names = st.sampled_from(["Ana", "María José", "Jean-Luc", "Siobhán", "Łukasz", "Thảo", "Søren", "Eun-ji", "Kofi"])
surnames = st.sampled_from(["Ruiz", "de la Cruz", "McAllister", "O'Neil", "van der Berg", "Dvořák", "Nguyễn",
                            "El-Amin", "Øvergaard", "Yılmaz", "MacDonald", "Dela Rosa"])
initials = st.sampled_from(["", "M. ", "K. "])


@given(given_names, initials, surnames)
def test_property_normalize_name_is_idempotent(first: str, middle: str, last: str) -> None:
    for printed in (f"{first} {middle}{last}", f"{last}, {first} {middle}".strip(), f"{last.upper()}, {first.upper()}"):
        once = normalize_name(printed)
        assert once is not None
        assert normalize_name(once) == once


@given(given_names, initials, surnames)
def test_property_name_key_ignores_order_case_and_initials(first: str, middle: str, last: str) -> None:
    natural = f"{first} {last}"
    assert name_key(f"{last}, {first} {middle}".strip()) == name_key(natural)
    assert name_key(f"{last.upper()}, {first.upper()}") == name_key(natural)
    assert name_key(natural.casefold()) == name_key(natural)


@given(given_names, initials, surnames)
def test_property_shouting_comes_back_as_written(first: str, middle: str, last: str) -> None:
    natural = f"{first} {middle}{last}".replace("ı", "i")  # capitals lose the dotless i
    assert normalize_name(f"{last.upper()}, {first.upper()} {middle.upper()}".strip()).casefold() == natural.casefold()


NAME_POOL = """Aarav Sharma|Fatima Al-Sayed|Wei Zhang|Yuki Tanaka|Min-jun Kim|Chinedu Okafor|Oksana Kovalenko|
Lars Nilsson|
Mohammed bin Rashid|Ngozi Adichie|Björn Andersson|Zoltán Kovács|Ayşe Demir|Siobhan O'Connor|Seán Ó Briain|Kwame Mensah|
Art Garfunkel|Grant Mitchell|Chase Miller|Dolly Parton|Rose Byrne|Storm Reid|Hunter Schafer|Cash Warren|Penny Marshall|
Sterling K. Brown|Key Smith|Forest Whitaker|River Phoenix|Miles Teller|Parker Posey|Carter Page|Harper Lee|Lake Bell|
Jo Ann Smith|Mary-Kate Olsen|Jean-Baptiste Grenouille|Chloë Grace Moretz|Łucja Wiśniewska|Dương Thị Hoa|Þóra Björg|
Åsa Larsson|Juan de Dios Pérez|Ama Ata Aidoo|Li Na|Ng Man Tat|Ma Long|Wu Di|Son Heung-min|Do Kyung-soo|Ahn Jae-hong"""


@pytest.mark.parametrize("name", NAME_POOL.replace("\n", "").split("|"))
def test_people_from_many_name_pools_in_any_case(name: str) -> None:
    assert normalize_name(name) == name
    assert normalize_name(name.upper()) is not None
    assert name_key(normalize_name(name.upper()) or "") == name_key(name)


name_like = st.lists(
    st.one_of(st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll"), max_codepoint=0x24F), min_size=1,
                      max_size=8),
              st.sampled_from([",", ".", "'", "-", "de", "la", "van", "Mc", "O'", "JR", "III", "Y", "Ó"])),
    min_size=1, max_size=5,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(name_like)
def test_property_any_accepted_string_is_a_fixed_point(raw: str) -> None:
    once = normalize_name(raw)
    if once is not None:
        assert normalize_name(once) == once
        assert name_key(once) == name_key(raw)


@pytest.mark.parametrize(
    ("raw", "name"),
    [("OYARZÁBAL ECHEGARAY, Maite", "Maite Oyarzábal Echegaray"), ("DE LAS CASAS, Íñigo", "Íñigo de las Casas"),
     ("Íñigo de los Arcos", "Íñigo de los Arcos"), ("VON DER LINDE, Frieda", "Frieda von der Linde"),
     ("zu Eltz, Konstantin", "Konstantin zu Eltz"), ("LO BIANCO, Ornella", "Ornella Lo Bianco"),
     ("DELL'ORTO, Gaspare", "Gaspare Dell'Orto"), ("Rémi d'Orsay", "Rémi d'Orsay"),
     ("DOS REIS, Inês", "Inês dos Reis"), ("Faisal bin Rashid", "Faisal bin Rashid"),
     ("Órla Ní Fhloinn", "Órla Ní Fhloinn"), ("Ó DÚILL, Peadar", "Peadar Ó Dúill")],
)
def test_surname_particles_and_two_surnames_of_other_languages(raw: str, name: str) -> None:
    assert normalize_name(raw) == name


@pytest.mark.parametrize("raw", ["von der", "De La", "Festnetz Motiv", "No Llamar Finca", "Non Chiamare"])
def test_particles_alone_and_foreign_label_words_are_no_person(raw: str) -> None:
    assert normalize_name(raw) is None


@pytest.mark.parametrize(
    "raw",
    ["Lumbre Norte Producciones", "Sombra y Trigo S.L.", "Autocares del Valle", "Camerinos y Plantas del Sur",
     "Klinikum Am Seeufer", "Lichtverleih Nord GmbH", "Brotzeit Catering KG", "Ospedale San Fermo",
     "Policlinico Monte Alto", "Noleggio Auto Rapido S.r.l.", "Fiordaliso Produzioni", "Hospital Ribeira Clara",
     "Estrela Produções Lda.", "Thornbury Farmhouse", "Casona del Molino", "Altbauwohnung Ostpark"],
)
def test_organisations_in_other_languages(raw: str) -> None:
    assert is_organization(raw)
    assert normalize_name(raw) is None


@pytest.mark.parametrize("raw", ["Por confirmar", "POR DEFINIR", "offen", "N.N.", "Da definire", "à confirmer",
                                 "a definir", "Da de finire", "POR CONFIR MAR"])  # the last two: OCR's spacing
def test_placeholders_in_other_languages(raw: str) -> None:
    assert is_placeholder(raw)


def test_a_phone_label_left_at_the_end_of_a_name_is_dropped() -> None:
    assert normalize_name("Wren Calloway cell") == "Wren Calloway"
    assert normalize_name("Wren M. Calloway Handy") == "Wren M. Calloway"


def test_ocr_low_quotes_before_name_parts_are_specks():
    assert normalize_name("‚Henning von Arnim") == "Henning von Arnim"
    assert normalize_name("‚LANGE, ‚ Wolfram") == "Wolfram Lange"


def test_a_hyphenated_name_broken_after_its_hyphen_is_joined():
    assert normalize_name("Kai- Uwe Frölich") == "Kai-Uwe Frölich"
    assert normalize_name("FRÖLICH, Kai- Uwe") == "Kai-Uwe Frölich"
    assert normalize_name("Mary-Kate Olsen") == "Mary-Kate Olsen"


def test_ocr_specks_after_the_comma_or_a_digit_at_the_end_are_no_name_parts():
    assert normalize_name("FUCHS, i Carsten.") == "Carsten Fuchs"
    assert normalize_name("zu Stolberg, Nils 7 |") == "Nils zu Stolberg"
    assert normalize_name("DEL INVIERNO · 1") is None  # a running title and its page number
    assert normalize_name("Ana García y López") == "Ana García y López"
