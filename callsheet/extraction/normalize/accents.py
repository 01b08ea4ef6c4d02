"""Accents that OCR drops from names: `GUTIERREZ` on a scan was printed `GUTIÉRREZ`.

Tesseract's English model reads accented capitals as plain letters (and `ñ` as `fi`, `ü`
as `ii`). For names read by OCR only, `restore_accents` puts back the accents of common
given names and surnames whose plain spelling is rare. Text-layer names are printed as
the person writes them and must not pass through here.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["restore_accents", "restore_eszett"]

_ACCENTED = """
Gutiérrez Domínguez Martínez Rodríguez Fernández González Hernández López Pérez Sánchez Ramírez
Gómez Díaz Jiménez Álvarez Vásquez Vázquez Benítez Márquez Suárez Ibáñez Núñez Muñoz Peña Treviño
Castañeda Ordóñez Cortés García Gálvez Chávez Rentería Beltrán Calderón Guzmán Belén Araújo João
Conceição Gonçalves Fábio Sérgio Vinícius Estêvão Simões Magalhães Guimarães Müller Schröder Jürgen
Björn Jörg Günter Käthe Bärbel Schäfer Krüger Köhler Böhm Görtz Löw Wölfe Søren Øvergaard Åsa Bjørn
Jørgen Sørensen Ólafsdóttir Þóra Jónsdóttir Émilie Élodie
Hélène François Lefèvre Médéric Eugénie Aurélie Clémence Maëlle Anaïs Dvořák Jiří Łukasz
Wiśniewski Wiśniewska Kowalczyk Paweł Michał Małgorzata Józef Zoltán Kovács Võ Nguyễn Trần Đặng
Phạm Hoàng Huỳnh Phương Thảo Trâm Đỗ Bùi Ngô Dương Đinh Öztürk Şahin Yılmaz Çelik Doğan Ayşe Güneş
Özdemir Işık Yıldız Aydın
Íñigo Iñaki Méndez Vélez Galán Rincón Sáenz Echeverría Zúñiga Muñiz Cáceres Gámez Bermúdez Báez Quiñones
Briceño Patiño Londoño Fröhlich Gärtner Schütz Förster Hübner Köster Löffler Zöllner Krämer Kästner
Böttcher Wöhler Göbel Hölzl Höfer Sebastião Assunção Brandão Falcão Gusmão Romão Niccolò Nicolò Cantù
"""
# Only spellings whose plain form is rare in print: "Martin", "Maria", "Jose", "Hector", "Le",
# "Gudrun" (German as written, Icelandic with its accents)
# are common as written, so they come back only beside another accented part of the name
# ("Joaquin Pefia" -> "Joaquín Peña", but "Joaquin Phoenix" stays).
_BESIDE_ACCENTS = """
Joaquín José María Héctor Raúl Martín Ramón Andrés Jesús Óscar Rubén Sebastián Julián Nicolás Tomás
Iván Adrián Simón Lucía Sofía Mónica Verónica Ángel Álvaro Darío Inés Zoë Chloé Théo Noël Agnès Léa
Sigrún Guðrún
"""


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.replace("ı", "i").replace("ł", "l").replace("Ł", "L")
                                       .replace("ø", "o").replace("Ø", "O").replace("đ", "d").replace("Đ", "D")
                                       .replace("ð", "d").replace("þ", "th").replace("Þ", "Th"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=2)
def _table(words: str = _ACCENTED) -> dict[str, str]:
    table: dict[str, str] = {}
    for word in words.split():
        key = _fold(word)
        if key != word.casefold():
            table.setdefault(key, word)
    return table


def _restore_word(word: str, table: dict[str, str]) -> str:
    if not word or not word.isascii():
        return word  # it has accents already: trust them
    key = word.casefold()
    accented = table.get(key)
    if accented is None and "fi" in key:  # OCR reads ñ as "fi": Pefia
        candidate = table.get(key.replace("fi", "n"))
        accented = candidate if candidate and "ñ" in candidate.casefold() else None
    if accented is None and "ii" in key:  # and ü as "ii": Jiirgen
        candidate = table.get(key.replace("ii", "u"))
        accented = candidate if candidate and "ü" in candidate.casefold() else None
    if accented is None:
        return word
    return accented.upper() if word.isupper() and len(word) > 1 else accented


def restore_accents(name: str) -> str:
    """`Rodrigo Gutierrez` -> `Rodrigo Gutiérrez`, `Joaquin Pefia` -> `Joaquín Peña` (for OCR text only)."""
    strong = _table()
    restored = " ".join("-".join(_restore_word(p, strong) for p in t.split("-")) for t in name.split(" "))
    if restored == name or not name.isascii():
        return restored  # nothing came back, or OCR kept accents: plain words are plain
    weak = _table(_BESIDE_ACCENTS)
    return " ".join("-".join(_restore_word(p, weak) for p in t.split("-")) for t in restored.split(" "))


# German OCR reads ß as `B` (or `R` at a word's end): `ClauBen`, `GroBe`, `VoR`. ß follows a vowel;
# name parts with a capital after a vowel (`LaBelle`, `DeBono`, `DuBois`) have a two-letter prefix.
_ESZETT = re.compile(r"\b([A-ZÄÖÜ][a-zäöü]+[aeiouäöü])B(?=[a-zäöü]+\b)|\b([A-ZÄÖÜ][a-zäöü]*[aeiouäöü])[BR]\b")


def restore_eszett(name: str) -> str:
    """`Wiebke ClauBen` -> `Wiebke Claußen`, `Wolfram VoR` -> `Wolfram Voß` (German OCR text only)."""
    if "B" not in name and "R" not in name:
        return name
    return _ESZETT.sub(lambda m: f"{m.group(1) or m.group(2)}ß", name)
