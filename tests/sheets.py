"""Small synthetic call sheets, generated on the fly (no corpus data in tests)."""
from __future__ import annotations

import pymupdf

CREW = (
    ("Director", "François Lefèvre", "+33 6 12 34 56 78", "francois@example.org"),
    ("Producer", "Renée Müller", "+33 6 98 76 54 32", "renee.muller@example.org"),
    ("1st AD", "José Núñez", "+33 1 44 55 66 77", ""),
)


def crew_sheet(rows: tuple[tuple[str, str, str, str], ...] = CREW) -> bytes:
    """A one-page call sheet with a crew table: position, name, phone, e-mail."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((50, 60), "CALL SHEET - Day 1", fontsize=14)
    columns = (50, 150, 300, 420)
    for x, header in zip(columns, ("POSITION", "NAME", "PHONE", "EMAIL"), strict=True):
        page.insert_text((x, 100), header, fontsize=9)
    for line, row in enumerate(rows, start=1):
        for x, value in zip(columns, row, strict=True):
            page.insert_text((x, 100 + 18 * line), value, fontsize=9)
    data = doc.tobytes()
    doc.close()
    return data
