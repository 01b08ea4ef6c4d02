"""Phone numbers on call sheets: find them in a cell, normalise to E.164, guess the region.

Call sheets print times (7:30, 07:00-19:00), dates, page counts (1 3/8), scene numbers
(45-47, 12A), ZIPs and walkie channels next to phone numbers, so a candidate must look
like a phone (digit groups, 7+ digits, no ':' or '/') *and* be a possible number for
libphonenumber. Possible, not valid: drama ranges such as UK 07700 900xxx are not valid.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

from callsheet.extraction.normalize.region import infer_region

__all__ = ["PhoneMatch", "find_phones", "infer_region", "normalize_phone"]


@dataclass(frozen=True, slots=True)
class PhoneMatch:
    """One number; `start:end` spans label, number and extension, `raw` is that slice."""

    e164: str
    ext: str | None
    start: int
    end: int
    raw: str
    label: str | None


# A digit group may be "(0)" after a country code or an area code in parentheses.
_CANDIDATE = re.compile(
    r"(?<![\w+@/\-])(?<!\d:)(?<![\d@]\.)"
    r"(?:\+[ \t\u00a0]?\d{1,3}[ \t.\-\u00a0]?(?:\(0\)[ \t\u00a0]?)?)?"
    r"(?:\(\d{1,5}\)[ \t.\-\u00a0]?)?"
    r"\d(?:[\d.\-]|[ \t\u00a0](?=[\d(])|\((?=\d)|\)(?=[ \t\u00a0\d.\-]))*\d"
    r"(?![^\W\dxX]|\d|@|\.\w|/\d|:\d)"
)
_DATE = re.compile(
    r"^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$"  # dates
    r"|^\d{2,5}\s?[-\u2013]\s?\d{2,5}$"  # ranges: times 0700-1900, years, scenes
)
_GROUP_SPLIT = re.compile(r"[ \t\u00a0]+")
_EXT = re.compile(
    r"[ \t,;]*(?:\(\s*)?(?:x|ext\.?|extn\.?|extension|poste|p\.|#)[ \t]*(\d{1,6})\)?(?!\d)",
    re.IGNORECASE,
)
_LABELS = {
    "c": "cell", "cell": "cell", "cel": "cell", "mob": "cell", "mobile": "cell", "m": "cell",
    "portable": "cell", "port": "cell", "cellulaire": "cell", "handy": "cell", "gsm": "cell", "natel": "cell",
    "mobil": "cell", "móvil": "cell", "movil": "cell", "celular": "cell", "fixe": "tel",
    "o": "office", "off": "office", "office": "office", "bureau": "office", "w": "office",
    "work": "office", "direct": "office", "d": "office", "dir": "office",
    "t": "tel", "tel": "tel", "tél": "tel", "telephone": "tel", "téléphone": "tel",
    "ph": "tel", "phone": "tel", "p": "tel", "main": "tel", "landline": "tel",
    "f": "fax", "fax": "fax", "télécopie": "fax",
    "h": "home", "home": "home", "domicile": "home",
}
_LABEL_RE = re.compile(
    r"(?:(?<=^)|(?<=[\s(/,;|·\-–—]))\(?("
    + "|".join(sorted((re.escape(k) for k in _LABELS), key=len, reverse=True))
    + r")(\.?)\)?[ \t]*([:#]?)[ \t]*\Z",
    re.IGNORECASE,
)
# A label printed after its number: "323 555 0163 (c)", "416 555 0100 office".
_NUMBER_AHEAD = re.compile(r"[ \t]*[:.]?[ \t]*[+(]?\d")
_TRAILING_LABEL = re.compile(r"[ \t]*(?:\((\w{1,9})\.?\)|(\w{3,9}))(?=$|[\s,;/|·])", re.IGNORECASE)
_TRAILING_WORDS = frozenset({"cell", "mobile", "mob", "office", "home", "work", "fax", "portable", "bureau"})
_MIN_DIGITS = 7
_MAX_DIGITS = 15


_NOT_DIGITS = re.compile(r"\D+")


def _digits(s: str) -> int:
    return len(_NOT_DIGITS.sub("", s))


_NANP_GROUPS = frozenset({(10,), (3, 3, 4), (3, 7), (11,), (1, 3, 3, 4), (1, 10), (1, 3, 7)})
_AU_SPECIAL = frozenset({"13", "1300", "1800", "1900"})


def _looks_grouped(candidate: str, region: str) -> bool:
    """Digit groups as people print phones, not runs of small numbers (`2 10 20 11`).

    National forms must look national: NANP numbers group 3-3-4 (or 10 straight), other
    countries' start with the trunk 0 (`020 7946 0958`, `06 12 34 56 78`).
    """
    international = candidate.startswith("+") or candidate.startswith("00")
    body = candidate.lstrip("+").replace("(0)", " ")
    groups = [g for g in re.split(r"[ \t\u00a0.\-()]+", body) if g]
    if len(groups) > 6:
        return False
    if all(len(g) == 4 and int(g[:2]) < 24 and int(g[2:]) < 60 for g in groups):
        return False  # 24-hour times without colons: "0700 0730"
    if not international:
        if phonenumbers.country_code_for_region(region) == 1:
            return tuple(len(g) for g in groups) in _NANP_GROUPS and (len(groups[0]) != 1 or groups[0] == "1")
        if not groups[0].startswith("0") and not (region == "AU" and groups[0] in _AU_SPECIAL):
            return False
    first_short = 2 if international else 1  # "+33 1 23 45 67 89"
    if not all(len(g) >= 2 for g in groups[first_short:]):
        return False
    if len(groups[-1]) >= 3:
        return True
    # a final pair is French style only: "01 23 45 67 89" or "+33 1 23 45 67 89"
    pairs = all(len(g) == 2 for g in groups[first_short:])
    return pairs and (international or (len(groups) == 5 and groups[0].startswith("0")))


_NANP_REGIONS = frozenset({"US", "CA"})


def _nanp_e164(candidate: str, region: str) -> str | None:
    """Fast path for the common North American number (what libphonenumber would say, 20x faster)."""
    if region not in _NANP_REGIONS and not candidate.startswith("+1"):
        return None
    if candidate.startswith("+") and not candidate.startswith("+1"):
        return None
    digits = _NOT_DIGITS.sub("", candidate)
    if len(digits) == 11 and digits[0] == "1":
        digits = digits[1:]
    elif len(digits) != 10 or candidate.startswith("+"):
        return None
    if digits[0] in "01" or digits[3] in "01":
        return None  # let libphonenumber judge the odd ones
    return "+1" + digits


@lru_cache(maxsize=8192)
def _parse(candidate: str, region: str) -> str | None:
    """E.164 for a candidate if libphonenumber finds it a possible (not local-only) number."""
    if _DATE.match(candidate.strip()):
        return None
    n = _digits(candidate)
    if n < _MIN_DIGITS or n > _MAX_DIGITS + 2 or not _looks_grouped(candidate, region):
        return None
    nanp = _nanp_e164(candidate, region)
    if nanp:
        return nanp
    try:
        number = phonenumbers.parse(candidate, region)
    except NumberParseException:
        return None
    if phonenumbers.is_possible_number_with_reason(number) != ValidationResult.IS_POSSIBLE:
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def _split_run(text: str, start: int, end: int, region: str) -> list[tuple[int, int, str]]:
    """Numbers inside one candidate run, which may hold two numbers separated by spaces."""
    whole = _parse(text[start:end], region)
    if whole:
        return [(start, end, whole)]
    cuts = [start] + [m.end() for m in _GROUP_SPLIT.finditer(text, start, end)] + [end]
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(cuts) - 1:
        for j in range(len(cuts) - 1, i, -1):
            stop = end if j == len(cuts) - 1 else cuts[j]
            piece = text[cuts[i]:stop].rstrip(" \t\u00a0")
            e164 = _parse(piece, region)
            if e164:
                out.append((cuts[i], cuts[i] + len(piece), e164))
                i = j
                break
        else:
            i += 1
    return out


# OCR reads 6 as G, 0 as O, 1 as l or I, 5 as S, 8 as B in an area code: "G26 555.0121".
_OCR_DIGITS = str.maketrans("OoDIl|SsGBZ", "00011155682")
_OCR_AREA = re.compile(
    r"(?<![\w])(?=[\dOoDIl|SsGBZ]{3}\)?[ .\-]{1,2}\d{3}[ .\-]\d{4}(?!\d))(?=\S*\d)([\dOoDIl|SsGBZ]{3})"
)


# Typographic spaces and dashes inside numbers (French thin spaces, en dashes), one for one.
_SEPARATORS = str.maketrans({**{c: " " for c in "\u2009\u202f\u2007\u2002\u2003"},
                             **{c: "-" for c in "\u2010\u2011\u2012\u2013\u2212"}})


def _ocr_repaired(text: str) -> str:
    """`text` with odd separators plain and misread NANP area-code digits repaired.

    Every replacement is one character for one, so spans found in the result fit `text`.
    """
    text = text.translate(_SEPARATORS)
    if not any(c.isalpha() or c == "|" for c in text):
        return text
    return _OCR_AREA.sub(lambda m: m.group(1).translate(_OCR_DIGITS), text)


def find_phones(text: str, region: str = "US") -> list[PhoneMatch]:
    """All phone numbers in a cell or row string, in order, with labels and extensions."""
    if _digits(text) < _MIN_DIGITS:
        return []
    region = (region or "US").upper()
    found: list[PhoneMatch] = []
    floor = 0
    scan = _ocr_repaired(text)
    for cand in _CANDIDATE.finditer(scan):
        if _digits(cand.group()) < _MIN_DIGITS:
            continue
        for s, e, e164 in _split_run(scan, cand.start(), cand.end(), region):
            if s < floor:
                continue
            ext = None
            m = _EXT.match(text, e)
            if m:
                ext, e = m.group(1), m.end()
            label = None
            lm = _LABEL_RE.search(text, floor, s)
            if lm and (len(lm.group(1)) > 1 or lm.group(3) or not lm.group(2)):
                label, s = _LABELS[lm.group(1).casefold()], lm.start()  # "M." is an initial
            else:
                tm = _TRAILING_LABEL.match(text, e)
                word = tm and (tm.group(1) or tm.group(2) or "").casefold()
                trailing_ok = word in _LABELS if tm and tm.group(1) else word in _TRAILING_WORDS
                if tm and trailing_ok and not _NUMBER_AHEAD.match(text, tm.end()):
                    label, e = _LABELS[word], tm.end()  # unless it leads the next number
            found.append(PhoneMatch(e164, ext, s, e, text[s:e], label))
            floor = e
    return found


def normalize_phone(text: str, region: str = "US") -> PhoneMatch | None:
    """The one number in a phone cell (the first, if the cell holds more)."""
    matches = find_phones(text, region)
    return matches[0] if matches else None
