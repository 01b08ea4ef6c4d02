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

from callsheet.extraction.normalize.languages import merged
from callsheet.extraction.normalize.misread_numbers import readings, repaired
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
    r"\d(?:[\d.\-]|[ \t\u00a0](?=[\d(])|[ \t\u00a0](?=[.\-]\d)|/(?=\d{5})|\((?=\d)|\)(?=[ \t\u00a0\d.\-]))*\d"
    r"(?![^\W\dxX]|\d|@|\.\w|/\d|:\d)"
)
_DATE = re.compile(
    r"^\d{4}[-./]\d{1,2}[-./]\d{1,2}$|^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$"  # dates
    r"|^\d{2,5}\s?[-\u2013]\s?\d{2,5}$"  # ranges: times 0700-1900, years, scenes
)
_GROUP_SPLIT = re.compile(r"[ \t\u00a0]+")


@lru_cache(maxsize=1)
def _ext_re() -> re.Pattern[str]:
    """An extension after a number, in any language of the lexicon (`x26`, `Durchwahl 41`, `int. 18`)."""
    words = {w.casefold() for w in merged()["extensions"]}  # `p.` needs its period, `ext` may have one
    alternation = "|".join(re.escape(w) + (r"\.?" if w.isalpha() else "") for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"[ \t,;]*(?:\(\s*)?(?:{alternation})[ \t]*(\d{{1,6}})\)?(?!\d)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _labels() -> dict[str, str]:
    """Phone labels of every language (`c`, `cell`, `Handy`, `móvil`, `portable`) -> kind."""
    return {k.casefold(): v for k, v in merged()["phone_labels"].items()}


@lru_cache(maxsize=1)
def _label_re() -> re.Pattern[str]:
    return re.compile(
        r"(?:(?<=^)|(?<=[\s(/,;|·\-–—]))\(?("
        + "|".join(sorted((re.escape(k) for k in _labels()), key=len, reverse=True))
        + r")(\.?)\)?[ \t]*([:#]?)[ \t]*\Z",
        re.IGNORECASE,
    )


_NUMBER_AHEAD = re.compile(r"[ \t]*[:.]?[ \t]*[+(]?\d")
_TRAILING_LABEL = re.compile(r"[ \t]*(?:\((\w{1,9})\.?\)|(\w{3,9}))(?=$|[\s,;/|·])", re.IGNORECASE)
_TRAILING_WORDS = frozenset({"cell", "mobile", "mob", "office", "home", "work", "fax", "portable", "bureau", "handy",
                             "mobil", "móvil", "movil", "cellulare", "büro", "oficina", "ufficio"})
_MIN_DIGITS = 7
_MAX_DIGITS = 15


_NOT_DIGITS = re.compile(r"\D+")


def _digits(s: str) -> int:
    return len(_NOT_DIGITS.sub("", s))


_NANP_GROUPS = frozenset({(10,), (3, 3, 4), (3, 7), (11,), (1, 3, 3, 4), (1, 10), (1, 3, 7)})
_AU_SPECIAL = frozenset({"13", "1300", "1800", "1900"})


# Countries whose sheets print national numbers without the trunk prefix their plan has
# (`(11) 95555-0123` in Brazil, `11 5555-0123` in Argentina): such a number must be valid.
_TRUNK_OPTIONAL = frozenset({"BR", "AR", "CO", "PE", "EC", "VE", "UY", "PY", "BO"})


@lru_cache(maxsize=64)
def _trunk_prefix(region: str) -> str | None:
    """The national (trunk) prefix numbers dialled at home start with: `0` in GB, DE, FR; none in ES, IT, MX."""
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    return meta.national_prefix if meta is not None else None


def _looks_grouped(candidate: str, region: str) -> bool:
    """Digit groups as people print phones, not runs of small numbers (`2 10 20 11`).

    National forms must look national: NANP numbers group 3-3-4 (or 10 straight); where the
    country dials a trunk prefix they start with it (`020 7946 0958`, `06 12 34 56 78`);
    where it has none (Spain, Italy, Mexico) the digits alone must make a possible number.
    """
    international = candidate.startswith("+") or candidate.startswith("00")
    body = candidate.lstrip("+")
    if not international and body.startswith("(0)"):  # `(0)160 5553128`: its `+49` lost (OCR, a cut cell)
        body = "0" + body[3:].lstrip()
    body = body.replace("(0)", " ")
    groups = [g for g in re.split(r"[ \t\u00a0.\-()/]+", body) if g]
    if len(groups) > 6:
        return False
    if "/" in body and not (body.count("/") == 1 and body.split("/")[0].strip().startswith("0")):
        return False  # `0176/5558012` (area code / number), never `2025/001234`
    if all(len(g) == 4 and int(g[:2]) < 24 and int(g[2:]) < 60 for g in groups):
        return False  # 24-hour times without colons: "0700 0730"
    trunk = None if international else _trunk_prefix(region)
    if not international:
        if phonenumbers.country_code_for_region(region) == 1:
            return tuple(len(g) for g in groups) in _NANP_GROUPS and (len(groups[0]) != 1 or groups[0] == "1")
        if trunk and not groups[0].startswith(trunk) and not (region == "AU" and groups[0] in _AU_SPECIAL) \
                and region not in _TRUNK_OPTIONAL:
            return False
    first_short = 2 if international else 1  # "+33 1 23 45 67 89"
    if not all(len(g) >= 2 for g in groups[first_short:]):
        return False
    if len(groups[-1]) >= 3:
        return True
    # a final pair: French style "01 23 45 67 89" / "+33 1 23 45 67 89", or Spanish and
    # Italian style "630 55 58 33", "91 555 01 63" (three or more groups of two to four digits)
    pairs = all(len(g) == 2 for g in groups[first_short:])
    if pairs and (international or (len(groups) == 5 and groups[0].startswith("0"))):
        return True
    return trunk is None and len(groups) >= 3 and all(2 <= len(g) <= 4 for g in groups)


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
    if candidate.startswith("00"):
        candidate = "+" + candidate[2:]  # `0044 20 ...`: the international prefix of most countries
    nanp = _nanp_e164(candidate, region)
    if nanp:
        return nanp
    try:
        number = phonenumbers.parse(candidate, region)
    except NumberParseException:
        return None
    if phonenumbers.is_possible_number_with_reason(number) != ValidationResult.IS_POSSIBLE:
        return None
    trunk = _trunk_prefix(region)
    bare = not candidate.lstrip("(").startswith("+") and (trunk is None or not candidate.lstrip("(").startswith(trunk))
    if bare and not phonenumbers.is_valid_number(number):
        return None  # no trunk prefix, no country code: only the numbering plan says it is a phone
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


@lru_cache(maxsize=4096)
def _valid(e164: str) -> bool:
    return phonenumbers.is_valid_number(phonenumbers.parse(e164))


def _pieces(text: str, start: int, end: int, region: str, whole: bool = True) -> list[tuple[int, int, str]]:
    """Numbers in a run cut at its spaces, longest first from the left (`whole`: the run itself may be one)."""
    cuts = [start] + [m.end() for m in _GROUP_SPLIT.finditer(text, start, end)] + [end]
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(cuts) - 1:
        found = []  # (j, piece, e164), longest first
        for j in range(len(cuts) - 1, i, -1):
            if not whole and i == 0 and j == len(cuts) - 1:
                continue
            piece = text[cuts[i]:end if j == len(cuts) - 1 else cuts[j]].rstrip(" \t\u00a0")
            e164 = _parse(piece, region)
            if e164:
                found.append((j, piece, e164))
        if not found:
            i += 1
            continue
        j, piece, e164 = next((f for f in found if _valid(f[2])), found[0])  # a valid number before a longer one
        out.append((cuts[i], cuts[i] + len(piece), e164))
        i = j
    return out


def _split_run(text: str, start: int, end: int, region: str) -> list[tuple[int, int, str]]:
    """Numbers inside one candidate run, which may hold two numbers separated by spaces.

    A run that is possible but no valid number while its parts are valid numbers is two
    numbers (`+49 160 5552891 0176 55525252`, a wrapped cell read as one line).
    """
    whole = _parse(text[start:end], region)
    if whole is None:
        return _pieces(text, start, end, region, whole=False)
    if len(whole) > 14 and not _valid(whole):  # 14+ digits: two numbers more often than one
        parts = _pieces(text, start, end, region, whole=False)
        if len(parts) > 1 and parts[0][0] == start and parts[-1][1] == len(text[:end].rstrip(" \t\u00a0")) \
                and all(_valid(e164) for _, _, e164 in parts):
            return parts
    return [(start, end, whole)]


def _misread(text: str, start: int, end: int, region: str) -> list[tuple[int, int, str]]:
    """A run that is no number as printed, read as the number OCR took it from (misread_numbers.py)."""
    if phonenumbers.country_code_for_region(region) == 1:
        return []
    for reading, mobile in readings(text[start:end], region, _trunk_prefix(region)):
        e164 = _parse(reading, region)
        if e164 and _valid(e164) and (not mobile or _mobile(e164)):
            return [(start, end, e164)]
    return []


@lru_cache(maxsize=1024)
def _mobile(e164: str) -> bool:
    return phonenumbers.number_type(phonenumbers.parse(e164)) == phonenumbers.PhoneNumberType.MOBILE


def find_phones(text: str, region: str = "US") -> list[PhoneMatch]:
    """All phone numbers in a cell or row string, in order, with labels and extensions."""
    if _digits(text) < _MIN_DIGITS:
        return []
    region = (region or "US").upper()
    found: list[PhoneMatch] = []
    floor = 0
    scan = repaired(text)
    for cand in _CANDIDATE.finditer(scan):
        if _digits(cand.group()) < _MIN_DIGITS:
            continue
        runs = _split_run(scan, cand.start(), cand.end(), region) or _misread(scan, cand.start(), cand.end(), region)
        for s, e, e164 in runs:
            if s < floor:
                continue
            ext = None
            m = _ext_re().match(text, e)
            if m:
                ext, e = m.group(1), m.end()
            label = None
            lm = _label_re().search(text, floor, s)
            if lm and (len(lm.group(1)) > 1 or lm.group(3) or not lm.group(2) or lm.group(1).islower()):
                label, s = _labels()[lm.group(1).casefold()], lm.start()  # "M." is an initial, "c." a label
            else:
                tm = _TRAILING_LABEL.match(text, e)
                word = tm and (tm.group(1) or tm.group(2) or "").casefold()
                trailing_ok = word in _labels() if tm and tm.group(1) else word in _TRAILING_WORDS
                if tm and trailing_ok and not _NUMBER_AHEAD.match(text, tm.end()):
                    label, e = _labels()[word], tm.end()  # unless it leads the next number
            found.append(PhoneMatch(e164, ext, s, e, text[s:e], label))
            floor = e
    return found


def normalize_phone(text: str, region: str = "US") -> PhoneMatch | None:
    """The one number in a phone cell (the first, if the cell holds more)."""
    matches = find_phones(text, region)
    return matches[0] if matches else None
