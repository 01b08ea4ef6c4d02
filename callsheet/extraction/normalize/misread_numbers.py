"""What OCR makes of a phone number, and the number it was printed as.

`repaired` puts back letters read for digits in a NANP area code (`G26 555.0121`). On faxes
and photos the `+` of a country code reads as `1` or `4` (`+49 172 …` -> `1449 172 …`), a
table's ruling left of a cell as a `1` glued to the trunk prefix (`|0176` -> `10176`), and a
faint trunk `0` is lost (`0160 …` -> `160 …`). `readings` gives the numbers such a run may
have been; phones.py keeps one only when the numbering plan says it is a valid number, and
only for runs that are no number as printed.
"""
from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers

__all__ = ["readings", "repaired"]


@lru_cache(maxsize=64)
def _plus_misread(region: str) -> re.Pattern[str] | None:
    code = phonenumbers.country_code_for_region(region)
    return re.compile(rf"^[14]{{1,2}}{code}(?=[ \t.\-]+\d)") if code else None


def readings(run: str, region: str, trunk: str | None) -> list[tuple[str, bool]]:
    """Numbers `run` may have been printed as, each with whether it must be a mobile number
    (a lost trunk prefix is put back only where that makes a mobile: a bare run of digits
    could be anything else)."""
    run = run.strip()
    out: list[tuple[str, bool]] = []
    plus = _plus_misread(region)
    if plus is not None and (m := plus.match(run)):
        out.append((f"+{phonenumbers.country_code_for_region(region)}{run[m.end():]}", False))
    first = re.match(r"\d*", run).group()
    if trunk and run.startswith("1" + trunk) and len(first) >= 5:  # `10176 …`, never `101 102 …`
        out.append((run[1:], False))
    if trunk and run[:1].isdigit() and not run.startswith(trunk):
        out.append((trunk + run, True))
    return out


# OCR reads 6 as G, 0 as O, 1 as l or I, 5 as S, 8 as B in an area code: "G26 555.0121".
_OCR_DIGITS = str.maketrans("OoDIl|SsGBZ", "00011155682")
_OCR_AREA = re.compile(
    r"(?<![\w])(?=[\dOoDIl|SsGBZ]{3}\)?[ .\-]{1,2}\d{3}[ .\-]\d{4}(?!\d))(?=\S*\d)([\dOoDIl|SsGBZ]{3})"
)


# Typographic spaces and dashes inside numbers (French thin spaces, en dashes), one for one.
_SEPARATORS = str.maketrans({**{c: " " for c in "\u2009\u202f\u2007\u2002\u2003"},
                             **{c: "-" for c in "\u2010\u2011\u2012\u2013\u2212"}})


def repaired(text: str) -> str:
    """`text` with odd separators plain and misread NANP area-code digits repaired.

    Every replacement is one character for one, so spans found in the result fit `text`.
    """
    text = text.translate(_SEPARATORS)
    if not any(c.isalpha() or c == "|" for c in text):
        return text
    return _OCR_AREA.sub(lambda m: m.group(1).translate(_OCR_DIGITS), text)
