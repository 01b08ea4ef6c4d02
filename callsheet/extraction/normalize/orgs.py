"""Organisations and placeholders: strings that sit in a name column but are no person.

Vendors, rental houses, hospitals and agencies are printed in crew rows; `TBD`, `(open)`
and `Day Player - TBD` hold a place. None of them is a contact.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from callsheet.extraction.normalize.languages import merged

__all__ = ["is_organization", "is_placeholder"]

_ORG_WORDS = (
    r"inc|incorporated|llc|l\.l\.c|ltd|limited|plc|llp|lp|corp|corporation|co|company|cie|gmbh"
    r"|s\.?a\.?r\.?l|sas|s\.a|pty|pvt|group|holdings|partners|associates|enterprises"
    r"|rentals?|hire|catering|caterers?|hospital|hospitals|clinic|infirmary|urgent\s+care"
    r"|medical|medics|health\s+(?:center|centre)|a\s*&\s*e"
    r"|emergency\s+(?:room|dept|department|services?)|police|precinct|constabulary|sheriff'?s"
    r"|fire\s+(?:department|dept|station|service)|security|studios|productions|pictures"
    r"|films?|fx|trailers?|taxis?|cabs?|limos?|limousines?|wagons?|waggons?|trucks|content|creative|lot|inn|hyatt|marriott|hilton|sheraton|downtown|kids|permanente|memorial|central|bank|banking|financial|insurance|brands|beverages|foods|airlines|entertainment|media|agency|agence|talent|management|mgmt|honeywagons?|walkies"
    r"|communications|comms|services|equipment|supply|supplies|solutions|logistics|trucking"
    r"|transport\s+ltd|vehicles|motors|facilities|labs?|laboratory|post\s+house|camera\s+house"
    r"|grip\s*(?:&|and)\s*(?:electric|lighting)|lighting\s+(?:co|company|rentals?)|stages"
    r"|restaurant|caf[eé]|bakery|kitchen|hotel|motel|inn|church|school|university|college"
    r"|council|city\s+of|department\s+of|ministry|bureau|authority|foundation|association"
    r"|union|local\s+\d+|iatse|sag|aftra|equity|bectu|office|headquarters|hq|network"
    r"|broadcasting|channel|studio|warehouse|depot|yard|airport|station|library"
    r"|museum|park|market|mall|center|centre|club|bar|pub|brewery|winery|farm|ranch|gallery"
    r"|theatre|theater|cinema|stadium|arena|hall"
    r"|hospitali(?:er|[eè]re)|h[oô]pital|clinique|commissariat|gendarmerie|pompiers|pharmacie|mairie"
)
_ORG = re.compile(rf"(?<![\w'])(?:{_ORG_WORDS})\.?(?![\w'])", re.IGNORECASE)
# Words that are also common surnames: only organisational with another org clue or "The".
_WEAK = frozenset({"hall", "park", "bar", "church", "yard", "union", "equity", "co", "lp",
                   "studio", "center", "centre", "club", "farm", "market", "kitchen"})
_PLACEHOLDER = re.compile(
    r"^(?:tbd|tba|tbc|t\.b\.[dac]\.?|n/?a|n\.a\.?|none|nil|vacant|open|\(open\)|pending|hold|on hold"
    r"|to be (?:determined|announced|confirmed|advised|hired)|hiring|same as above|see above"
    r"|\?+|[-–—_.*/\s]+|x+|\s*)$",
    re.IGNORECASE,
)
_PLACEHOLDER_WORD = re.compile(
    r"(?<![\w])(?:tbd|tba|tbc|t\.b\.[dac]|\(open\)|\(tbd\)|to be (?:determined|announced|confirmed)"
    r"|vacant|position open|open position|n/a)(?![\w])",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _language_orgs() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Other languages' organisation words (`Producciones`, `Klinikum`) and legal forms (`S.L.`, `GmbH`).

    Words match in any case; legal forms only as printed (`AG`, `SA` are capitals), trailing period optional.
    """
    data = merged()
    words = sorted({w.casefold() for w in data["org_words"]}, key=len, reverse=True)
    forms = sorted({f.rstrip(".") for f in data["legal_forms"]}, key=len, reverse=True)
    word_re = re.compile(r"(?<![\w'])(?:" + "|".join(map(re.escape, words)) + r")(?![\w'])", re.IGNORECASE)
    form_re = re.compile(r"(?<![\w'.])(?:" + "|".join(map(re.escape, forms)) + r")\.?(?![\w'])")
    return word_re, form_re


@lru_cache(maxsize=1)
def _language_placeholders() -> re.Pattern[str]:
    phrases = sorted({p.casefold() for p in merged()["placeholders"]}, key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, phrases)) + r")(?![\w])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _squeezed_placeholders() -> frozenset[str]:
    """Each language's placeholder phrases without their spaces: OCR splits and joins words."""
    return frozenset(re.sub(r"\W+", "", p.casefold()) for p in merged()["placeholders"])


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "")).strip()


@lru_cache(maxsize=8192)
def is_placeholder(raw: str) -> bool:
    """True for TBD, TBA, (open), N/A, ---, `Day Player - TBD` and the like."""
    text = _norm(raw)
    if _PLACEHOLDER.match(text) or _PLACEHOLDER.match(text.strip("()[]{}<> ")):
        return True
    if _PLACEHOLDER_WORD.search(text) or _language_placeholders().search(text):
        return True
    return re.sub(r"\W+", "", text.casefold()) in _squeezed_placeholders()  # `Da de finire`, `POR CONFIR MAR`


@lru_cache(maxsize=8192)
def is_organization(raw: str) -> bool:
    """True for companies, vendors, hospitals, police, agencies: `Reel Grip & Lighting Rentals`."""
    text = _norm(raw)
    if not text:
        return False
    hits = [m.group(0).casefold() for m in _ORG.finditer(text)]
    strong = [h for h in hits if h.rstrip(".") not in _WEAK or h == "co."]
    if strong:
        return True
    words, forms = _language_orgs()
    if words.search(text) or forms.search(text):
        return True
    if hits and (text.casefold().startswith("the ") or len(text.split()) > 3):
        return True
    if re.search(r"\w\s*&\s*(?:sons?|co|daughters?|partners)\b", text, re.IGNORECASE):
        return True
    return bool(re.search(r"\b[A-Z]\s*&\s*[A-Z]\b", text))  # A&E, G&E
