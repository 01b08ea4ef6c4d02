"""What OCR makes of names, and the name that was printed.

Marks (`mended_marks`): a speck before a word read as a low quote (`‚Wolfram ‚LANGE`), a
hyphenated name broken after its hyphen (`Kai- Uwe`), the space before an initial read as an
apostrophe (`Aiko'J. Nakamura`), `Ø` read as `@` in capitals (`S@REN`). Specks
(`without_specks`): a lone lower-case letter or a token without letters around a name
(`_ Ana Ruiz i`), in a `Last, First` cell a lone letter after the comma or a digit at the end
(`Ruiz, i Ana 7`; elsewhere a closing digit is a page number, `LA SAL DEL INVIERNO · 1`), a
suffix `II` read as `I!` or `Il`, and a misread label left after a name in capitals
(`ORTEGA elt 323…`, the `cell` of the number that follows).

A surname OCR broke and lost letters of is spelt again by the person's own address
(`mend_surname`): `IGLE S, Arantxa` beside `arantxa.iglesias@…`: the address names the same given name and
a word that begins with the surname's first fragment and ends with its last, only longer.
Then the address keeps what the print lost. A surname read whole is never touched, nor
one the address spells differently.
"""
from __future__ import annotations

import re
import unicodedata

from callsheet.extraction.normalize.capitalization import particles

__all__ = ["STRAY_TOKEN", "lone_surname", "mend_surname", "mended_marks", "without_specks"]

_LOW_QUOTE = re.compile(r"(?<!\S)[‚„]+")
_BROKEN_HYPHEN = re.compile(r"(?<=[^\W\d_]{2})- (?=[^\W\d_a-z])")
_APOSTROPHE = re.compile(r"(?<=[^\W\d_]{2})'(?=[A-Z]\.)")
_AT_FOR_O_SLASH = re.compile(r"(?<=\b[A-Z])@(?=[A-Z]{2})|(?<=[A-Z]{2})@(?=[A-Z])")
STRAY_TOKEN = re.compile(r"^(?:[a-z]|[^\w\s]+)\s+(?=\S+\s+\S)|(?<=\S\s)(?:[a-z]|[^\w\s.]+)$")
_STRAY_AFTER_COMMA = re.compile(r"(?<=,\s)[a-z]\s+(?=\S)|(?<=[^\W\d_]\s)\d$")
_NUMERAL = re.compile(r"(?<=[^\W\d_]{2}\s)(?=[Il1|!]*[1|!])[Il1|!]{2,3}$")  # `BELL I!` is `BELL II`
_CAPS_THEN_LABEL = re.compile(r"^((?:[^\W\d_a-z][^\W\d_a-z.'\-]*\.?\s+){2,}?)[a-z]{2,4}$")


def mended_marks(text: str) -> str:
    """`text` (spaces single) with OCR's misread marks inside a name put right."""
    if "‚" in text or "„" in text:
        text = _LOW_QUOTE.sub("", text)
    if "- " in text:
        text = _BROKEN_HYPHEN.sub("-", text)
    if "'" in text:
        text = _APOSTROPHE.sub(" ", text)
    if "@" in text and " " in text:
        text = _AT_FOR_O_SLASH.sub("Ø", text)
    return text


def without_specks(text: str) -> str:
    """`text` (a name with a space in it) without OCR's specks and misreadings around it."""
    text = STRAY_TOKEN.sub("", text).strip()
    if "," in text:
        text = _STRAY_AFTER_COMMA.sub("", text).strip()
    if text[-1:] in "Il1|!" and (m := _NUMERAL.search(text)):
        text = text[: m.start()] + "I" * len(m.group())
    if text[-1:].islower() and (m := _CAPS_THEN_LABEL.match(text)) and text.rsplit(" ", 1)[-1] not in particles():
        text = m.group(1).strip()  # `MARIA JOSE N. ORTEGA elt`: the misread `cell` of what follows
    return text

_PARTS = re.compile(r"[._+\-]+")


def _fold(text: str) -> str:
    bare = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    return "".join(ch for ch in bare if ch.isalpha()).casefold()


def mend_surname(name: str, email: str | None) -> str:
    """`Arantxa Igle S` + `arantxa.iglesias@example.net` -> `Arantxa Iglesias`; else `name`."""
    tokens = name.split()
    if not email or "@" not in email or len(tokens) < 3:
        return name
    given, rest = tokens[0], tokens[1:]
    words = [re.sub(r"\d+$", "", w) for w in _PARTS.split(email.split("@", 1)[0].casefold())]
    if _fold(given) not in words:
        return name
    head, tail, joined = _fold(rest[0]), _fold(rest[-1]), _fold("".join(rest))
    if not head or not tail:
        return name
    for word in words:
        if word.isalpha() and len(joined) < len(word) <= len(joined) + 4 and word.startswith(head) \
                and word.endswith(tail) and word != _fold(given):
            return f"{given} {word.capitalize()}"
    return name


_LONE_SURNAME = re.compile(r"^[^\w]*([^\W\d_][^\W\d_'’\-]*(?:[\-'’][^\W\d_]+)*),[^\w]*$")


def lone_surname(raw: str) -> str | None:
    """`WEISSENBORN,` or `| Weißenborn, |`: a `Last, First` cell whose first name OCR lost, as the
    surname in natural capitals; None for anything else (a role, a word of two letters)."""
    m = _LONE_SURNAME.match(raw)
    if not m or len(m.group(1)) < 3:
        return None
    word = m.group(1)
    return word if not word.isupper() else "-".join(p.capitalize() for p in word.split("-"))

