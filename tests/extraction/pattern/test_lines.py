"""Lines, segments, table headers and columns from word boxes."""
from __future__ import annotations

from callsheet.extraction.pattern.headers import parse_header
from callsheet.extraction.pattern.lines import build_lines, is_leader
from callsheet.extraction.pattern.rows import table_records
from callsheet.extraction.pattern.tables import find_tables
from callsheet.extraction.types import Word
from tests.extraction.pattern.sheets import words_page


def _lines(rows, **kw):
    return build_lines(words_page(rows, **kw).words)


def test_words_on_one_baseline_make_one_line_across_columns():
    lines = _lines([(100, [(40, "Key Grip"), (200, "Ana Ruiz"), (400, "323 555 0147")]),
                    (112, [(40, "Dolly Grip"), (200, "Li Wei")])])
    assert [line.text for line in lines] == ["Key Grip Ana Ruiz 323 555 0147", "Dolly Grip Li Wei"]
    assert [s.text for s in lines[0].segments()] == ["Key Grip", "Ana Ruiz", "323 555 0147"]


def test_slightly_offset_words_still_share_a_line():
    words = [Word(40, 100, 80, 108, "Director"), Word(200, 101.5, 240, 109.5, "Ana")]
    assert len(build_lines(words)) == 1


def test_dot_leaders_split_segments_and_vanish():
    (line,) = _lines([(100, [(40, "RUIZ, Ana ............"), (160, "(323) 555-0147")])])
    assert [s.text for s in line.segments()] == ["RUIZ, Ana", "(323) 555-0147"]
    assert is_leader("..........") and not is_leader("A.")
    glued = build_lines([Word(40, 100, 120, 108, "Niamh......."), Word(130, 100, 160, 108, "555-0161")])
    assert glued[0].words[0].text == "Niamh"


def test_ocr_lines_keep_the_engines_grouping():
    # noisy boxes: the middle initial sits low, the surname high; OCR says they are one line
    words = [Word(40, 100, 80, 112, "Gaffer", 1, 1), Word(200, 98, 250, 117, "SANTIAGO", 2, 1),
             Word(255, 106, 262, 115, "D.", 2, 1), Word(266, 92, 330, 115, "ELLSWORTH", 2, 1),
             Word(40, 130, 80, 142, "Electric", 3, 1)]
    lines = build_lines(words, ocr=True)
    assert [line.text for line in lines] == ["Gaffer SANTIAGO D. ELLSWORTH", "Electric"]


def test_header_line_names_its_columns():
    (line,) = _lines([(50, [(30, "POSITION"), (160, "NAME"), (300, "PHONE"), (400, "EMAIL"), (560, "CALL")])])
    (table,) = parse_header(line)
    assert [c.kind for c in table.columns] == ["role", "name", "phone", "email", "other"]
    assert not table.cast


def test_side_by_side_tables_split_where_columns_repeat():
    (line,) = _lines([(50, [(30, "POSITION"), (110, "NAME"), (200, "CELL"), (276, "CALL"),
                            (312, "POSITION"), (395, "NAME"), (490, "CELL"), (559, "CALL")])])
    left, right = parse_header(line)
    assert left.x1 <= right.x0 and [c.kind for c in right.columns] == ["role", "name", "phone", "other"]


def test_actor_role_header_is_a_cast_table_whose_role_is_the_character():
    (line,) = _lines([(50, [(40, "ID"), (70, "ACTOR"), (180, "ROLE"), (290, "PHONE")])])
    (table,) = parse_header(line)
    assert table.cast and [c.kind for c in table.columns] == ["other", "name", "character", "phone"]


def test_header_can_share_its_line_with_another_box():
    (line,) = _lines([(50, [(30, "7:00A"), (70, "Crew call / breakfast"), (300, "NAME"), (380, "ROLE"),
                            (460, "CALL")])])
    (table,) = parse_header(line)
    assert table.x0 > 290


def test_prose_and_data_rows_are_not_headers():
    for text in ("All cast contact through the production office", "Director Ana Ruiz 323 555 0147"):
        (line,) = _lines([(50, [(30, text)])])
        assert parse_header(line) == []


def test_centred_headers_get_the_columns_of_their_left_aligned_cells():
    rows = [(50, [(40, "#"), (96, "CAST"), (187, "CHARACTER"), (266, "STATUS")])]
    cast = [("Preston Kendrick", "RUTH"), ("Yu-Ting Lin", "NELL"), ("María José Ruiz", "OFFICER QUILL")]
    for i, (name, character) in enumerate(cast):
        rows.append((64 + 14 * i, [(36, str(i + 1)), (56, name), (168, character), (265, "W")]))
    lines = _lines(rows)
    tables, _ = find_tables(lines)
    records = table_records(tables[0], 1, 8)
    assert [(r.name, r.character, r.kind) for r in records] == [(n, c, "cast") for n, c in cast]


def test_table_ends_at_a_note_running_across_its_columns():
    rows = [(50, [(30, "POSITION"), (160, "NAME"), (300, "PHONE")]),
            (62, [(30, "Gaffer"), (160, "Ana Ruiz"), (300, "323 555 0147")]),
            (74, [(30, "All crew must carry their badge at all times on set today; no visitors without approval")])]
    tables, _ = find_tables(_lines(rows))
    assert len(tables[0].rows) == 1


def test_header_labels_of_one_kind_side_by_side_are_one_column():
    for labels, kinds in [
        ([(30, "CREW MEMBER"), (160, "TITLE"), (300, "PHONE NUMBER"), (400, "E-MAIL ADDRESS")],
         ["name", "role", "phone", "email"]),
        ([(30, "Name"), (160, "Position"), (300, "Mobile No."), (400, "Email")], ["name", "role", "phone", "email"]),
        ([(30, "NAME"), (160, "CONTACT"), (300, "EMAIL")], ["name", "phone", "email"]),
    ]:
        (line,) = _lines([(50, labels)])
        (table,) = parse_header(line)
        assert [c.kind for c in table.columns] == kinds
