"""The production's country, guessed from the document, for numbers printed in national form.

`020 7946 0958` is a London number only if the sheet is British; `600 555 292` is Spanish
only if the sheet is. Every clue printed anywhere votes for a region: country calling codes
(`+49`, `0039`), e-mail and web domains (`.de`, `.com.mx`), postcodes, country and city
names (places.json), the shape of national numbers, and the sheet's language (the clue
words of lexicon/*.json): the language votes for whichever of its countries the other
clues point to, else for its first (`es` -> Spain, unless Mexican clues say Mexico).
"""
from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import phonenumbers

from callsheet.extraction.normalize.languages import languages

__all__ = ["infer_region"]

_CAP = 10  # occurrences of one clue that count: a long crew list is not ten times as sure
_CODE_WEIGHT = 3.0
_DOMAIN_WEIGHT = 1.5
_PLACE_WEIGHT = 1.5
_LANGUAGE_WEIGHT = 1.0  # per distinct clue word of the language
_LANGUAGE_MIN = 3  # distinct clue words before a language counts
_PATTERNS: tuple[tuple[str, re.Pattern[str], float], ...] = (
    ("GB", re.compile(r"\bA&E\b|\b0\d{3}\s?\d{3}\s?\d{4}\b|\b0\d{2}\s?\d{4}\s?\d{4}\b|\b07\d{3}\s?\d{6}\b"), 2.0),
    ("GB", re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s\d[ABD-HJLNP-UW-Z]{2}\b"), 1.5),  # postcode
    ("CA", re.compile(r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\s?\d[ABCEGHJ-NPRSTV-Z]\d\b"), 2.0),
    ("CA", re.compile(r",\s*(?:ON|QC|BC|AB|MB|NS|NB|SK|NL|PE)\b"), 1.0),
    ("AU", re.compile(r"\b(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT)\s+\d{4}\b|\b04\d{2}\s\d{3}\s\d{3}\b"
                      r"|\(0[2378]\)\s?\d{4}\s?\d{4}"), 2.0),
    ("FR", re.compile(r"\b0[1-9](?:[ .]\d{2}){4}\b"), 2.0),
    ("NANP", re.compile(r"\(?\b[2-9]\d{2}\)?[ .\-][2-9]\d{2}[ .\-]\d{4}\b"), 0.5),
    ("US", re.compile(r"\b[A-Z][a-z]+,\s(?:CA|NY|GA|IL|TX|LA|NM|WA|MA|FL|PA|OR|NV|NC|CO|UT|AZ|NJ|MI|MN|OH|TN)"
                      r"\s\d{5}\b"), 1.0),
)
# A calling code: `+49 30 ...`, `+39 06 ...`, `0049 30 ...` (at least six digits after it).
_CALLING_CODE = re.compile(
    r"(?<![\w+:.,/\-])(?:\+\s?|00)([1-9]\d{0,2})(?=[\s.\-()/]*(?:\(0\)\s*)?(?:\d[\s.\-()/]*){6})"
)
_DOMAIN = re.compile(r"(?:@|\bwww\.|https?://)[\w\-]+(?:\.[\w\-]+)*\.([a-z]{2})\b(?![.\-@])", re.IGNORECASE)
# Country-code domains that companies everywhere use for their look (.tv, .io, .co, .me...).
_VANITY_DOMAINS = frozenset("co tv io me ai fm ly to cc ws la am gg so sh ac im is app ag gl vc".split())


def _code_region(code: str) -> str | None:
    """Main region of a calling code; `NANP` for +1 (the US and Canada are told apart elsewhere)."""
    for n in range(1, len(code) + 1):
        regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(int(code[:n]))
        if regions:
            return "NANP" if regions[0] == "US" else regions[0]
    return None


@lru_cache(maxsize=1)
def _places() -> tuple[re.Pattern[str], dict[str, str]]:
    """One whole-word pattern for every place name (as printed or in capitals) and its region."""
    data = json.loads((Path(__file__).resolve().parent / "places.json").read_text(encoding="utf-8"))
    region_of = {form: region for region, names in data.items() if isinstance(names, list)
                 for name in names for form in (name, name.upper())}
    forms = sorted(region_of, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, forms)) + r")(?!\w)"), region_of


@lru_cache(maxsize=1)
def _language_patterns() -> tuple[tuple[tuple[str, ...], re.Pattern[str]], ...]:
    """Per language its countries and one pattern for all its clue words."""
    return tuple((lang.countries, re.compile(r"(?<!\w)(?:" + "|".join(
        map(re.escape, sorted(lang.clues, key=len, reverse=True))) + r")(?!\w)")) for lang in languages())


def _votes(text: str) -> Counter[str]:
    scores: Counter[str] = Counter()
    for region, pattern, weight in _PATTERNS:
        scores[region] += weight * min(len(pattern.findall(text)), 20)
    codes = Counter(r for r in map(_code_region, _CALLING_CODE.findall(text)) if r)
    domains = Counter(t.lower() for t in _DOMAIN.findall(text) if t.lower() not in _VANITY_DOMAINS)
    for code_region, n in codes.items():
        scores[code_region] += _CODE_WEIGHT * min(n, _CAP)
    for tld, n in domains.items():
        region = "GB" if tld == "uk" else tld.upper()
        if region in phonenumbers.SUPPORTED_REGIONS:
            scores[region] += _DOMAIN_WEIGHT * min(n, _CAP)
    pattern, region_of = _places()
    for region, n in Counter(region_of[m] for m in pattern.findall(text)).items():
        scores[region] += _PLACE_WEIGHT * min(n, _CAP)
    return scores


def _language_vote(text: str, scores: Counter[str]) -> None:
    """The sheet's language votes for the one of its countries the other clues favour."""
    folded = text.casefold()
    hits = sorted(((len(set(pattern.findall(folded))), countries) for countries, pattern in _language_patterns()),
                  reverse=True)
    if not hits or hits[0][0] < _LANGUAGE_MIN or (len(hits) > 1 and hits[0][0] - hits[1][0] < 2):
        return
    count, countries = hits[0]
    nanp = scores.get("NANP", 0.0)
    best = max(countries, key=lambda c: (scores.get(c, 0.0) + (nanp if c in ("US", "CA") else 0.0),
                                         -countries.index(c)))
    scores[best] += _LANGUAGE_WEIGHT * min(count, _CAP)


def infer_region(text: str) -> str:
    """ISO region of the production, from clues anywhere in the document; default "US".

    Every clue votes with its weight per occurrence (capped), so a single stray +1 number
    on a London sheet does not flip it. Canada and the US share +1, so either is harmless
    for NANP numbers; the region matters for numbers printed in national form.
    """
    scores = _votes(text)
    _language_vote(text, scores)
    north_america = "CA" if scores.get("CA", 0.0) > scores.get("US", 0.0) else "US"
    scores[north_america] = scores.get("US", 0.0) + scores.get("CA", 0.0) + scores.pop("NANP", 0.0)
    if north_america == "CA":
        scores.pop("US", None)
    best = max(scores, key=lambda r: scores[r], default="US")
    return best if scores[best] > 0 else "US"
