"""The production's country from the sheet: codes, domains, addresses, number shapes, language."""
from __future__ import annotations

import pytest

from callsheet.extraction.normalize.region import infer_region


@pytest.mark.parametrize(
    ("document", "region"),
    [("17 Foundry Close, London W12 7RJ Tel: 020 7946 0689 office@x.co.uk", "GB"),
     ("Main +1 (416) 555 0135 5159 Tanner Rd, Toronto, ON M5V 2T6", "CA"),
     ("1540 Lantern Way Los Angeles, CA 90012 Office: 323 555 0163", "US"),
     ("12 rue des Lilas, 75011 Paris Tél : 01 23 45 67 89 prod@film.fr", "FR"),
     ("Unit base, Surry Hills NSW 2010 0412 345 678 crew@film.com.au", "AU"),
     ("Call Ana 0412 345 678 or Bo 0413 222 333, Mia 0414 111 222", "AU"),
     ("Tel: 020 7946 0689 Fax: 020 7946 0690 Portable toilets at base", "GB"),
     ("", "US"),
     # the language, the address and the calling codes where no +1 / +44 clue exists
     ("Oficina: Calle Mayor 12, Madrid Tel. 915 550 163 Citación 07:15 martes, 14 de octubre", "ES"),
     ("Fecha: jueves 6 de noviembre Llamado 06:00 Oficina Av. Central 10, CDMX Tel. 55 5550 0186", "MX"),
     ("Citación 07:15 Día de rodaje 3 de 20 fecha lunes Tel. +52 55 5550 0186 +52 55 2150 0588", "MX"),
     ("Drehtag 4 von 20 Datum: Dienstag Treffpunkt 07:45 Tel. 030 231 25911", "DE"),
     ("Produktionsbüro Tel. +49 30 23125911 · dispo@firma.de US contact +1 310 555 0199", "DE"),
     ("Convocazione 08:30 Giorno di ripresa 3 di 14 mercoledì 8 ottobre Ospedale Tel. 06 5550 1522", "IT"),
     ("Ufficio di produzione Via Tuscolana 10, 00173 Roma Tel. 06 55501554", "IT"),
     ("Chamada 07:00 Dia de filmagem 2 de 10 segunda-feira Telemóvel 912 555 123 produção", "PT"),
     ("Production office 0049 30 23125911", "DE")],
)
def test_infer_region(document: str, region: str) -> None:
    assert infer_region(document) == region


def test_stray_plus_one_does_not_flip_a_uk_sheet() -> None:
    doc = "London W12 7RJ 020 7946 0689 07700 900528 07700 900231 US agent +1 310 555 0199"
    assert infer_region(doc) == "GB"
