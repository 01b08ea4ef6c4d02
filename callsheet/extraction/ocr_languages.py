"""Which Tesseract languages read a sheet: English, plus the sheet's own language when its
words say which (the lexicon's clue words, `normalize/lexicon/<code>.json`).

Tesseract's English model drops or misreads the letters of other languages (`Teléfono`,
`Größe`, `Régie`) and with them the labels that tell the layout where a table starts;
reading with the sheet's language first and English second fixes that. All installed models
at once would cost 2-3x the CPU of one, so the language is found from a first English
reading (or from an earlier page of the same document).
"""
from __future__ import annotations

import re
import subprocess
import unicodedata
from functools import lru_cache

from callsheet.extraction.normalize.languages import languages

DEFAULT = "eng"
TESSERACT = {"en": "eng", "fr": "fra", "es": "spa", "de": "deu", "it": "ita", "pt": "por"}
MIN_CLUES, MARGIN = 3, 2  # distinct clue words before a language counts, and its lead over the next


@lru_cache(maxsize=1)
def installed() -> frozenset[str]:
    """Tesseract's installed language models (`tesseract --list-langs`), asked once per process."""
    try:
        done = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30,
                              start_new_session=True, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return frozenset({DEFAULT})
    return frozenset(line.strip() for line in done.stdout.splitlines()[1:] if line.strip())


@lru_cache(maxsize=1)
def _clue_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((lang.code, re.compile(r"(?<!\w)(?:" + "|".join(
        map(re.escape, sorted({_fold(c) for c in lang.clues}, key=len, reverse=True))) + r")(?!\w)"))
        for lang in languages() if lang.clues)


def _fold(text: str) -> str:
    """Lower case without accents: OCR misses accents as often as it reads them."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def sheet_language(text: str) -> str | None:
    """The lexicon language (`de`, `es`, ...) whose clue words the text prints most, when it
    prints at least `MIN_CLUES` of them and `MARGIN` more than any other language."""
    folded = _fold(text)
    hits = sorted(((len(set(pattern.findall(folded))), code) for code, pattern in _clue_patterns()), reverse=True)
    if not hits or hits[0][0] < MIN_CLUES or (len(hits) > 1 and hits[0][0] - hits[1][0] < MARGIN):
        return None
    return hits[0][1]


def for_text(text: str) -> str:
    """Tesseract's `-l` for a sheet printing `text`: its language first, then English."""
    model = TESSERACT.get(sheet_language(text) or "")
    if not model or model == DEFAULT or model not in installed():
        return DEFAULT
    return f"{model}+{DEFAULT}"
