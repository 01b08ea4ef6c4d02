"""Layout rules found by bench/heldout_bilingual.py (studio sheets, two-language tables),
each on a tiny synthetic sheet drawn with PyMuPDF and read back through the text layer.
People and numbers are invented (fictional ranges).
"""
from __future__ import annotations

from pathlib import Path

from callsheet.extraction.pattern.reader import extract
from tests.extraction.pattern.sheets import pdf


def _read(tmp_path: Path, rows: list, fontsize: float = 6) -> dict:
    path = pdf(tmp_path / "sheet.pdf", [rows], fontsize=fontsize)
    return {c.name: c for c in extract(path, {}).contacts}


def test_a_table_ends_where_the_lines_leave_its_grid(tmp_path):
    """Crew in three header-less columns right under a cast table: its rows start where no
    cast column does, so they are crew, not more actors with phones for characters."""
    rows = [(100, [(30, "#"), (50, "CAST"), (170, "CHARACTER"), (300, "STATUS"), (340, "CALL")])]
    for i, (actor, character) in enumerate((("Berit Quaye", "Mrs. Halloran"), ("Cormac Zeller", "Sgt. Okafor"))):
        rows.append((109 + 9 * i, [(30, str(i + 1)), (50, actor), (170, character), (300, "W"), (340, "7:00A")]))
    crew = (("Key Grip", "Sefa Lindqvist", "503 555-0195"), ("Gaffer", "Nils Quispe", "617 555-0153"),
            ("Boom Operator", "Orla Mwangi", "212 555-0141"))
    rows.append((134, [(30 + 186 * k, title) for k, title in enumerate(("GRIP", "LIGHTING", "SOUND"))]))
    rows.append((142, [cell for k, (role, name, phone) in enumerate(crew)
                       for cell in ((30 + 186 * k, role), (90 + 186 * k, name), (152 + 186 * k, "6:30A"),
                                    (172 + 186 * k, phone))]))
    found = _read(tmp_path, rows)
    assert found["Cormac Zeller"].character == "Sgt. Okafor"
    for role, name, phone in crew:
        assert (found[name].role, found[name].phone, found[name].character) == (role, "+1" + phone.replace(" ", "")
                                                                                 .replace("-", ""), None)
