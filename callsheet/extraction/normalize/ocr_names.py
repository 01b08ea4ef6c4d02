"""A surname OCR broke and lost letters of, spelt again by the person's own address.

`IGLE S, Arantxa` beside `arantxa.iglesias@…`: the address names the same given name and
a word that begins with the surname's first fragment and ends with its last, only longer.
Then the address keeps what the print lost. A surname read whole is never touched, nor
one the address spells differently.
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["mend_surname"]

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
