"""Capitalisation of names as a person writes them: McAllister, O'Neil, de la Cruz, Jean-Luc.

Only tokens printed in one case (ALL CAPS or all lower) are rewritten; a name printed in
mixed case is kept as printed, since the sheet's writer knew better (DeShawn, MacKenzie).
"""
from __future__ import annotations

import re
from functools import lru_cache

from callsheet.extraction.normalize.languages import merged

__all__ = ["SUFFIXES", "TITLES", "lower_name", "one_case", "particles", "recapitalise"]

SUFFIXES = {"jr": "Jr.", "sr": "Sr.", "ii": "II", "iii": "III", "iv": "IV", "v": "V"}
_PARTICLES = frozenset(
    "de del della der den di da das do dos du la le van von ter ten zu y bin ibn al el".split()
)


@lru_cache(maxsize=1)
def particles() -> frozenset[str]:
    """Surname particles written in lower case inside a name: `de la`, `los`, `von der`, `dos`, `bin`.

    The code's list plus the lexicon's languages (lexicon/*.json `particles`). Italian keeps its
    capitals (`Lo Presti`, `De Luca`) and has none there.
    """
    return _PARTICLES | {w for p in merged()["particles"] for w in p.casefold().split()}
# Gaelic particles keep their capital: Ní Bhriain, Mac an tSaoi is too rare to handle.
_GAELIC = {"ni": "Ní", "ní": "Ní", "nic": "Nic", "ui": "Uí", "uí": "Uí", "ua": "Ua", "ó": "Ó"}
# Scottish/Irish Mac- surnames whose third letter is a capital; Mack, Macy, Machado are not.
_MAC_NAMES = frozenset(
    """macdonald mackenzie macleod macarthur macgregor macmillan macintyre mackay macpherson
    maclean macneil macinnes macaulay macfarlane maclachlan macrae maciver mackinnon macqueen
    macdougall macewan macgillivray macisaac macaskill maclennan macphail macmahon macbride
    maccarthy macdermott macgowan macguire mackintosh maclaren macnamara macnaughton macrory
    macsween mactavish macalister macallister macbeth maccallum maccormack macdowell
    macfadyen macgill maclellan macleish macneill macvicar macwilliams""".split()
)
TITLES = frozenset(
    """det detective sgt sergeant officer ofc capt captain lt lieutenant agent mr mrs ms miss dr
    doctor nurse father fr sister judge uncle aunt auntie grandma grandpa granny mom mum dad
    old little baby mayor sheriff deputy chief prof professor coach rev reverend pastor
    lord lady king queen prince princess inspector constable pc dci ds cpl corporal pvt
    private general colonel col major maj commander cmdr madame mme mlle monsieur""".split()
)
_ELIDED = frozenset({"dell", "dall", "nell", "sull", "all", "degl", "coll"})  # Italian article + '
_INITIAL = re.compile(r"^[^\W\d_]\.?$")
_INITIALS = re.compile(r"^(?:[^\W\d_]\.){2,}$")


def lower_name(s: str) -> str:
    return s.replace("İ", "i").lower()


def _cap_simple(word: str) -> str:
    if not word:
        return word
    low = lower_name(word)
    if low.startswith("mc") and len(low) > 3:
        return "Mc" + low[2].upper() + low[3:]
    if low in _MAC_NAMES:
        return "Mac" + low[3].upper() + low[4:]
    first = low[0].upper()
    return (first if len(first) == 1 else low[0]) + low[1:]


def _cap_word(word: str, middle: bool) -> str:
    """Capitalise one name token: O'Neil, D'Angelo, Jean-Luc, McAllister, van (in the middle)."""
    low = lower_name(word)
    bare = low.replace(".", "")
    if bare in SUFFIXES and len(bare) > 1:
        return SUFFIXES[bare]
    if low in _GAELIC:
        return _GAELIC[low]
    if middle and low in particles():
        return low
    if "&" in word:
        return word
    if "-" in word:
        return "-".join(_cap_word(part, False) for part in word.split("-"))
    if "'" in word:
        head, _, tail = low.partition("'")
        if len(head) == 1:  # O'Neil, D'Angelo
            return head.upper() + "'" + _cap_simple(tail)
        if head in _ELIDED:  # Dell'Acqua, Dall'Ara
            return _cap_simple(head) + "'" + _cap_simple(tail)
        return _cap_simple(head) + "'" + tail
    if _INITIALS.match(word):  # "W.E.B."
        return word.upper()
    if _INITIAL.match(word):
        up = word[0].upper()
        return (up if len(up) == 1 else word[0]) + "."
    return _cap_simple(word)


def one_case(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and (all(c.isupper() for c in letters) or all(c.islower() for c in letters))


def recapitalise(text: str, titles: bool = False) -> str:
    tokens = text.split()
    whole = one_case(text)
    out = []
    for i, token in enumerate(tokens):
        middle = 0 < i < len(tokens) - 1
        letters = [c for c in token if c.isalpha()]
        shouting = len(letters) > 1 and all(c.isupper() for c in letters)
        if whole or shouting:
            if titles and lower_name(token.strip(".")) in TITLES:
                out.append(_cap_simple(token))
            elif titles and middle and lower_name(token) in {"of", "the", "and"}:
                out.append(lower_name(token))
            else:
                out.append(_cap_word(token, middle))
        elif _INITIAL.match(token) and token.isupper() and not token.endswith(".") and len(tokens) > 2 and middle \
                and token != "Ó":
            out.append(token.upper() + ".")
        else:
            out.append(token)
    return " ".join(out)
