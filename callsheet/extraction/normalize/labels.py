"""Folded role labels: the one comparable form of `1st Asst. Dir.`, `1ST ASST DIR`, `1st-asst-dir`.

Case, accents, periods and hyphens are dropped; `&` reads as `and` and `/` separates. Each
alias also gets the spellings sheets use interchangeably (assistant/asst, make up/makeup).
Gender-inclusive spellings read as the plain word: `Director/a`, `Réalisateur·trice`,
`Fahrer:in`, `FahrerIn`, `Assistant(e)`, `Organizzatore/trice` fold like `Director`,
`Réalisateur`, `Fahrer`, `Assistant`, `Organizzatore` (the lexicon lists both genders).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold_label", "fold_with_map", "inclusive_spans", "trie_regex", "variants"]

# A gender ending glued to a word: `/a`, `·trice`, `(e)`, `:in`, `*innen`, Binnen-I `In`.
# Endings are lower case and never followed by a letter or an address (`director.a@...`).
_ENDINGS = "a|as|o|os|e|es|in|innen|trice|trices|rice|rices|euse|euses|ice|essa|ora|ra|ne|fe|ère"
_INCLUSIVE = re.compile(
    rf"(?<=[^\W\d_])(?:[/·•‧*_]\(?(?:{_ENDINGS})\)?|\((?:{_ENDINGS})\)|[.\-](?:e|es|ne|fe|rice|trice|euse|ère)"
    rf"|:(?:in|innen)|(?<=[a-zäöüß])(?:In|Innen))(?![^\W\d_]|[@.]\w)"
)
_INCLUSIVE_MARKS = frozenset("/·•‧*_(.-:I")


def inclusive_spans(text: str) -> list[tuple[int, int]]:
    """Spans of gender endings in `text` (`/a` in `Jefe/a de producción`), to be read as absent."""
    if not any(c in _INCLUSIVE_MARKS for c in text):
        return []
    return [m.span() for m in _INCLUSIVE.finditer(text)]


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in ".’‘`":
        return "" if ch == "." else "'"
    if ch in "-–—_":
        return " "
    if ch == "&" or ch == "+":
        return " and "
    if ch in "/|,;:":
        return " / "
    if ch.isspace():
        return " "
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Folded text and, for each folded character, the index of its source character."""
    out: list[str] = []
    index: list[int] = []
    skip = {i for s, e in inclusive_spans(text) for i in range(s, e)}
    for i, ch in enumerate(text):
        if i in skip:
            continue
        for c in _fold_char(ch):
            if c == " " and (not out or out[-1] == " "):
                continue
            out.append(c)
            index.append(i)
    return "".join(out), index


# Spellings of one word that sheets use interchangeably; every alias gets each variant.
_SYNONYMS = (("assistant", "asst"), ("makeup", "make up"), ("coordinator", "co ordinator"),
             ("coordinator", "coord"), ("department", "dept"), ("production", "prod"),
             ("manager", "mgr"), ("supervisor", "supv"), ("supervisor", "sup"),
             ("operator", "op"), ("director", "dir"), ("and", "/"), ("first", "1st"),
             ("second", "2nd"), ("third", "3rd"), ("hairstylist", "hair stylist"),
             ("camera", "cam"), ("transportation", "transpo"), ("transportation", "transport"),
             ("captain", "capt"), ("executive", "exec"), ("location", "loc"), ("electric", "elec"),
             ("special effects", "sfx"), ("special effects", "special fx"), ("wardrobe", "costume"),
             ("location", "locations"), ("prop", "props"), ("electric", "electrical"), ("costume", "costumes"))
_SYNONYM_RES = tuple(
    (a, re.compile(rf"(?<![a-z0-9]){re.escape(a)}(?![a-z0-9])"), b)
    for pair in _SYNONYMS for a, b in (pair, pair[::-1])
)


_ASCII_FOLD = str.maketrans({".": "", "`": "'", "-": " ", "_": " ", "&": " and ", "+": " and ", "/": " / ",
                             "|": " / ", ",": " / ", ";": " / ", ":": " / "})
_SLASH = re.compile(r"\s*/\s*")


# `2° Ayudante` (a degree sign for the ordinal º), and OCR's `2*` / `2%` for it: `2o ayudante`
_ORDINAL_MARKS = "°*%˚"
_ORDINAL = re.compile(r"^(\d)[°*%˚](?= [^\W\d_])")


@lru_cache(maxsize=16384)
def fold_label(text: str) -> str:
    """Folded form used as the key of every alias: `1st Asst. Dir.` -> `1st asst dir`."""
    if any(c in _INCLUSIVE_MARKS for c in text):
        text = _INCLUSIVE.sub("", text)
    if text.isascii():  # fast path, same result as fold_with_map
        folded = " ".join(text.translate(_ASCII_FOLD).lower().split())
    else:
        folded = fold_with_map(text)[0]
    folded = folded.strip(" /")
    if len(folded) > 2 and folded[1] in _ORDINAL_MARKS:
        folded = _ORDINAL.sub(r"\1o", folded)
    return _SLASH.sub(" / ", folded).strip() if "/" in folded else folded


def variants(key: str) -> set[str]:
    """`asst art director` -> also `assistant art director`, `asst art dir`...

    A one-word key is left alone: `Prod.` (Producer) spelled out is `Production`, a department.
    """
    seen = {key}
    if " " not in key:
        return seen
    frontier = [key]
    while frontier and len(seen) < 64:
        current = frontier.pop()
        for word, pattern, repl in _SYNONYM_RES:
            if word not in current:
                continue
            candidate = pattern.sub(repl, current)
            if candidate not in seen:
                seen.add(candidate)
                frontier.append(candidate)
    return seen


def trie_regex(words: list[str]) -> str:
    """One regex alternation shaped as a trie: fast, and longer labels win at a position."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        end = "" in node
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)
