"""The production's country, guessed from the document, for numbers printed in national form.

`020 7946 0958` is a London number only if the sheet is British: addresses, postcodes,
country codes, domains and labels printed anywhere on the sheet vote for a region.
"""
from __future__ import annotations

import re

__all__ = ["infer_region"]


_REGION_CLUES: tuple[tuple[str, re.Pattern[str], float], ...] = (
    ("GB", re.compile(r"\+\s?44\b|\.co\.uk\b|\.org\.uk\b|\bA&E\b|\bUnited Kingdom\b|\bLondon\b"
                      r"|\b0\d{3}\s?\d{3}\s?\d{4}\b|\b0\d{2}\s?\d{4}\s?\d{4}\b|\b07\d{3}\s?\d{6}\b"), 2.0),
    ("GB", re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s\d[ABD-HJLNP-UW-Z]{2}\b"), 1.5),  # postcode
    ("CA", re.compile(r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\s?\d[ABCEGHJ-NPRSTV-Z]\d\b"), 2.0),
    ("CA", re.compile(r"\.ca\b|\bCanada\b|\b(?:Ontario|Qu[ée]bec|British Columbia|Alberta|Manitoba"
                      r"|Nova Scotia|Toronto|Vancouver|Montr[ée]al|Calgary|Winnipeg|Halifax)\b"
                      r"|,\s*(?:ON|QC|BC|AB|MB|NS|NB|SK|NL|PE)\b"), 1.0),
    ("AU", re.compile(r"\+\s?61\b|\.com\.au\b|\.net\.au\b|\bAustralia\b"
                      r"|\b(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT)\s+\d{4}\b|\b04\d{2}\s\d{3}\s\d{3}\b"
                      r"|\(0[2378]\)\s?\d{4}\s?\d{4}"), 2.0),
    ("FR", re.compile(r"\+\s?33\b|\.fr\b|\bFrance\b|\bTél\b|\bPortable\s*:|\bR[ée]gie\b"
                      r"|\bfeuille de service\b|\b0[1-9](?:[ .]\d{2}){4}\b"), 2.0),
    ("NZ", re.compile(r"\+\s?64\b|\.co\.nz\b|\bNew Zealand\b|\bAuckland\b|\bWellington\b"), 2.0),
    ("IE", re.compile(r"\+\s?353\b|\.ie\b|\bIreland\b|\bDublin\b"), 2.0),
    ("NANP", re.compile(r"\+\s?1\b|\(?\b[2-9]\d{2}\)?[ .\-][2-9]\d{2}[ .\-]\d{4}\b"), 0.5),
    ("US", re.compile(r"\b[A-Z][a-z]+,\s(?:CA|NY|GA|IL|TX|LA|NM|WA|MA|FL|PA|OR|NV|NC|LA|CO|UT|AZ|NJ|MI|MN|OH|TN)"
                      r"\s\d{5}\b|\bUSA\b|\bUnited States\b"), 1.0),
)


def infer_region(text: str) -> str:
    """ISO region of the production, from clues anywhere in the document; default "US".

    Every clue votes with its weight per occurrence (capped), so a single stray +1 number
    on a London sheet does not flip it. Canada and the US share +1, so either is harmless
    for NANP numbers; the region matters for numbers printed in national form.
    """
    scores: dict[str, float] = {}
    for region, pattern, weight in _REGION_CLUES:
        hits = min(len(pattern.findall(text)), 20)
        if hits:
            scores[region] = scores.get(region, 0.0) + weight * hits
    north_america = "CA" if scores.get("CA", 0.0) > scores.get("US", 0.0) else "US"
    scores[north_america] = scores.get("US", 0.0) + scores.get("CA", 0.0) + scores.pop("NANP", 0.0)
    best = max(scores, key=lambda r: scores[r], default="US")
    return best if scores[best] > 0 else "US"
