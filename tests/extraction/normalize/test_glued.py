"""Role labels glued to the name after them are cut off; names with inner capitals never are."""
from __future__ import annotations

import pytest

from callsheet.extraction.normalize.glued import glued_label_end, unglue_words
from callsheet.extraction.types import Word


@pytest.mark.parametrize(("word", "before", "cut"),
                         [("MasterNandini", "Property", 6), ("ADLena", "1st", 2), ("GafferLena", "", 6),
                          ("DoPLena", "", 3), ("McAlpine", "", None), ("DeShawn", "", None), ("LeFevre", "", None),
                          ("MacKenzie", "Gaffer", None), ("DiCaprio", "", None), ("Gaffer", "", None)])
def test_glued_label_end(word: str, before: str, cut: int | None) -> None:
    assert glued_label_end(word, before) == cut


def test_unglue_words_splits_the_box_by_characters() -> None:
    words = [Word(10, 0, 50, 8, "Property"), Word(54, 0, 119, 8, "MasterNandini"), Word(122, 0, 140, 8, "Rao")]
    out = unglue_words(words)
    assert [w.text for w in out] == ["Property", "Master", "Nandini", "Rao"]
    assert out[1].x0 == 54 and out[1].x1 == out[2].x0 == 84 and out[2].x1 == 119
