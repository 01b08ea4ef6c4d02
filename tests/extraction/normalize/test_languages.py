"""The lexicon's languages: each language file's labels, headers and columns mean the same jobs."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from callsheet.extraction.normalize.labels import fold_label
from callsheet.extraction.normalize.languages import languages, merged
from callsheet.extraction.normalize.roles import lexicon

_FILES = sorted((Path(__file__).resolve().parents[3] / "callsheet/extraction/normalize/lexicon").glob("*.json"))
_CANONICAL = set(json.loads((Path(__file__).resolve().parents[3] / "callsheet/extraction/roles.json")
                            .read_text(encoding="utf-8"))["roles"])


@pytest.mark.parametrize("path", _FILES, ids=lambda p: p.stem)
def test_every_language_file_names_canonical_roles_and_departments(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    departments = set(lexicon().departments())
    assert data["language"] == path.stem
    assert set(data.get("roles", {})) <= _CANONICAL
    assert set(data.get("departments", {})) <= departments
    assert {d for d in data.get("no_role", {}).values() if d is not None} <= departments
    assert {r["role"] for r in data.get("context_dependent", [])} <= _CANONICAL


@pytest.mark.parametrize(
    ("label", "role"),
    [  # Spanish, both genders and the inclusive spelling
     ("Director/a", "Director"), ("Directora", "Director"), ("Jefa de producción", "Unit Production Manager"),
     ("Jefe/a de producción", "Unit Production Manager"), ("1ª Ayudante de dirección", "First Assistant Director"),
     ("2º Ayudante de dirección", "Second Assistant Director"), ("Foquista", "First Assistant Camera"),
     ("Auxiliar de cámara", "Second Assistant Camera"), ("Jefa de eléctricos", "Gaffer"),
     ("Sonidista", "Production Sound Mixer"), ("Microfonista", "Boom Operator"), ("Conductora", "Driver"),
     ("Directora de arte", "Art Director"), ("Figurinista", "Costume Designer"), ("Continuista", "Script Supervisor"),
     # German
     ("Regie", "Director"), ("Regisseurin", "Director"), ("Produktionsleitung", "Unit Production Manager"),
     ("Regieassistenz", "First Assistant Director"), ("2. Regieassistenz", "Second Assistant Director"),
     ("Schärfenzieher/in", "First Assistant Camera"), ("Oberbeleuchterin", "Gaffer"),
     ("Tonmeister:in", "Production Sound Mixer"), ("Tonassistenz/Angel", "Boom Operator"),
     ("Szenenbild", "Production Designer"), ("Kostümbild", "Costume Designer"), ("FahrerIn", "Driver"),
     ("Maskenbild", "Hair and Makeup Artist"), ("Requisite", "Props Assistant"), ("Bühne", "Grip"),
     # Italian
     ("Regista", "Director"), ("Direttrice di produzione", "Unit Production Manager"),
     ("Aiuto regia", "First Assistant Director"), ("Assistente alla regia", "Second Assistant Director"),
     ("Assistente operatore (fuoco)", "First Assistant Camera"), ("Aiuto operatrice", "Second Assistant Camera"),
     ("Capo elettricista", "Gaffer"), ("Fonico/a", "Production Sound Mixer"), ("Scenografa", "Production Designer"),
     ("Attrezzista", "Props Assistant"), ("Costumista", "Costume Designer"), ("Autista", "Driver"),
     ("Segretaria di edizione", "Script Supervisor"),
     # Portuguese
     ("Realizadora", "Director"), ("Diretor de fotografia", "Director of Photography"),
     ("Chefe eletricista", "Gaffer"), ("Técnica de som", "Production Sound Mixer"), ("Motorista", "Driver"),
     ("Maquilhadora", "Makeup Artist"), ("1ª Assistente de realização", "First Assistant Director"),
     # French, inclusive spellings
     ("Réalisateur·trice", "Director"), ("Réalisateur·rice", "Director"),
     ("Chef·fe opérateur", "Director of Photography"),
     ("Assistant(e) de production", "Production Assistant"), ("Directrice photo", "Director of Photography"),
     ("Ingé son", "Production Sound Mixer"), ("2e assistant réal.", "Second Assistant Director"),
     # qualifiers that do not change the job: reinforcement, trainee, second unit
     ("Renfort électro", "Electrician"), ("Elettricista aggiunto", "Electrician"),
     ("Eléctrico de refuerzo", "Electrician"), ("Aushilfe Beleuchter", "Electrician")],
)
def test_translated_and_inclusive_labels_are_one_role(label: str, role: str) -> None:
    match = lexicon().match_role(label)
    assert match is not None and match.role == role


@pytest.mark.parametrize(
    ("label", "header", "department"),
    [("Regidora", "PRODUCCIÓN", "Production"), ("Staff de producción", None, "Production"),
     ("Aufnahmeleitung", "PRODUKTION", "Production"), ("Set-Aufnahmeleiter/in", None, "Production"),
     ("Außenrequisite", "Art", "Props"), ("Organizzatrice generale", None, "Production"),
     ("Ispettore/trice di produzione", None, "Production"), ("Sarta", "Wardrobe", "Wardrobe"),
     ("Responsable de catering", None, "Catering"), ("Something unknown", "Sound", "Sound"),
     ("Proveedor", "Transportation", None), ("Vendor", "Transportation", None)],
)
def test_labels_without_a_canonical_role_give_a_department_only(label: str, header: str | None,
                                                                department: str | None) -> None:
    lex = lexicon()
    assert lex.match_role(label) is None
    assert lex.label_department(label, header) == department


@pytest.mark.parametrize(
    ("text", "department"),
    [("PRODUCCIÓN", "Production"), ("MAQUILLAJE Y PELUQUERÍA", "Hair & Makeup"), ("ELÉCTRICOS", "Electric"),
     ("MAQUINISTAS", "Grip"), ("LICHT", "Electric"), ("BÜHNE", "Grip"), ("TON", "Sound"), ("SZENENBILD", "Art"),
     ("KOSTÜM", "Wardrobe"), ("MASKE", "Hair & Makeup"), ("REGIE", "Production"), ("RÉGIE", "Locations"),
     ("FOTOGRAFIA", "Camera"), ("ELETTRICISTI", "Electric"), ("MACCHINISTI", "Grip"), ("SUONO", "Sound"),
     ("TRUCCO E PARRUCCO", "Hair & Makeup"), ("COSTUMI", "Wardrobe"), ("GUARDA-ROUPA", "Wardrobe"),
     ("SOM", "Sound"), ("LOCACIONES", "Locations")],
)
def test_department_headers_of_each_language(text: str, department: str) -> None:
    assert lexicon().match_department_header(text) == department


@pytest.mark.parametrize(
    ("label", "header", "role"),
    [("Best Boy", "LICHT", "Best Boy Electric"), ("Best Boy", "BÜHNE", "Best Boy Grip"),
     ("Jefa", "ELÉCTRICOS", "Gaffer"), ("Capo", "MACCHINISTI", "Key Grip")],
)
def test_context_labels_under_foreign_headers(label: str, header: str, role: str) -> None:
    match = lexicon().match_role(label, header)
    assert match is not None and match.role == role


def test_languages_carry_their_countries_and_clue_words() -> None:
    by_code = {lang.code: lang for lang in languages()}
    assert {"es", "de", "it", "pt", "fr"} <= set(by_code)
    assert by_code["es"].countries[0] == "ES" and "MX" in by_code["es"].countries
    assert by_code["de"].countries[0] == "DE" and "drehtag" in by_code["de"].clues
    assert all(clue == clue.casefold() for lang in languages() for clue in lang.clues)


def test_merged_data_keeps_every_language() -> None:
    data = merged()
    directors = {fold_label(label) for label in data["roles"]["Director"]}
    assert {"regie", "regista", "realisateur", "directora", "realizadora"} <= directors
    assert "durchwahl" in {e.casefold() for e in data["extensions"]}


@pytest.mark.parametrize(("label", "role"), [("Motiv-Aufnahmeleitun g", "Location Manager"),
                                             ("Produktionskoordinati on", "Production Coordinator"),
                                             ("Direttore della fotografi a", "Director of Photography")])
def test_a_long_word_broken_by_a_narrow_cell_is_read_whole(label: str, role: str) -> None:
    match = lexicon().match_role(label)
    assert match is not None and match.role == role
