"""Accents that OCR drops from names are put back for common accented spellings only."""
from __future__ import annotations

import pytest

from callsheet.extraction.normalize.accents import restore_accents, restore_eszett


@pytest.mark.parametrize(
    ("read", "printed"),
    [("Rodrigo Gutierrez", "Rodrigo Gutiérrez"), ("MARISOL DOMINGUEZ", "MARISOL DOMÍNGUEZ"),
     ("Ana Pefia", "Ana Peña"), ("Jiirgen Schroder", "Jürgen Schröder"), ("Elif Yilmaz", "Elif Yılmaz"),
     ("Ana Ortega-Nunez", "Ana Ortega-Núñez"), ("Emilie Lefevre", "Émilie Lefèvre"),
     ("Joaquin Pefia", "Joaquín Peña"), ("Maria Gutierrez", "María Gutiérrez"), ("Joaquin Phoenix", "Joaquin Phoenix")],
)
def test_common_accented_spellings_come_back(read: str, printed: str) -> None:
    assert restore_accents(read) == printed


@pytest.mark.parametrize("name", ["Martin Smith", "Maria Jose Ortega", "Sean Hale", "Zoe Chen", "Theo Park",
                                  "Ana Ruiz", "Gutiérrez Ana", "Profile Fixer",
                                  "Zoë Martin"])
def test_plain_names_and_accented_input_are_left_alone(name: str) -> None:
    assert restore_accents(name) == name


def test_common_spanish_german_portuguese_names_of_ocr_pages() -> None:
    assert restore_accents("Inaki Zuniga") == "Iñaki Zúñiga"
    assert restore_accents("Jorg Hubner") == "Jörg Hübner"
    assert restore_accents("Sebastiao Brandao") == "Sebastião Brandão"


def test_a_german_gudrun_stays_german():
    """`Gudrun` is how German prints it: the Icelandic `Guðrún` comes back only beside accents."""
    assert restore_accents("Gudrun Jansen") == "Gudrun Jansen"
    assert restore_accents("Gudrun Jonsdottir") == "Guðrún Jónsdóttir"


@pytest.mark.parametrize(
    ("read", "printed"),
    [("Wiebke ClauBen", "Wiebke Claußen"), ("Wolfram VoR", "Wolfram Voß"),
     ("Roswitha GroBe-Wilde", "Roswitha Große-Wilde"), ("Jan PreuBler", "Jan Preußler"), ("Eva StrauB", "Eva Strauß")],
)
def test_german_ocr_reads_eszett_as_b_or_a_final_r(read: str, printed: str) -> None:
    assert restore_eszett(read) == printed


@pytest.mark.parametrize("name", ["Anna LaBelle", "Tom DeBono", "Ray McBride", "Joe MacBride", "Jean DuBois",
                                  "Ken LeBlanc", "Lena VanBuren", "Kim Bauer", "Rob Roberts", "OBRIEN Sean"])
def test_capitals_inside_other_names_are_not_eszett(name: str) -> None:
    assert restore_eszett(name) == name
