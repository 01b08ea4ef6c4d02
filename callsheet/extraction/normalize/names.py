"""People's names on call sheets: natural order, real capitalisation, person or not.

Sheets print `RUIZ, ANA`, `DE LA CRUZ, María José` and `Ana M. Ruiz` for the same kind of
person, and put roles, vendors, placeholders and characters in the same column. nameparser
is not used to decide *whether* a string is a person (it calls "Key Grip" a first and last
name); the checks here do that, then the name is reordered and recapitalised.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from callsheet.extraction.normalize.capitalization import (
    SUFFIXES,
    TITLES,
    lower_name,
    one_case,
    particles,
    recapitalise,
)
from callsheet.extraction.normalize.languages import merged
from callsheet.extraction.normalize.ocr_names import STRAY_TOKEN, mended_marks, without_specks
from callsheet.extraction.normalize.orgs import is_organization, is_placeholder
from callsheet.extraction.normalize.roles import lexicon

__all__ = [
    "is_organization",
    "is_placeholder",
    "looks_like_person",
    "name_key",
    "normalize_character",
    "normalize_name",
]

_NON_NAME = frozenset(
    """call crew notes note weather hospital sunrise sunset scene scenes parking lunch breakfast
    wrap total name names position phone email e-mail cell mobile office fax location
    locations department dept production company int ext walkie walkies channel schedule
    advance confidential sheet shooting unit base tbd tba tbc street road avenue ave blvd
    suite floor gate stage the and of for with at by from via guardian self pickup see n/a am
    pm rts cast set time contact contacts list pages address emergency nearest directions
    call-time calltime remarks character characters role roles dept. ph tel none above below
    continued cont'd cont department's safety wardrobe makeup hair props camera grip electric
    sound transport transpo catering vfx dit prepared approved issued crew-call background
    extras cloudy partly mostly showers overcast drizzle fog windy thunderstorms storms clear
    residence apartment apartments apt diner county plaza square if then when please no not
    only all any every each must should usa""".split()
)
# First words of place names ("Los Angeles", "New York", "Fort Worth"), never of a given name.
_PLACE_START = frozenset(
    "new los las san santa fort ft port mount mt saint ste north south east west upper lower greater".split()
)
_REGION_CODE = re.compile(
    r",\s*(?:A[BKLRZ]|BC|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ABDEINOST]|N[BCDEHJLMSTUVY]|O[HKNR]|P[AE]|QC|RI"
    r"|S[CDK]|T[NX]|UT|V[AT]|W[AIVY]|YT|NSW|VIC|QLD|TAS|ACT)\b"
)
# Role words that are also given names or surnames (Dolly, Minnie Driver, Muriel Spark).
_NAME_LIKE_ROLES = frozenset(
    "dolly driver buyer dresser runner spark scout boom teacher tutor hair swing client chef "
    "stills graphics publicist medic casting wrangler talent principal".split()
)
_ELIDED = re.compile(r"^(?:d|l|dell|dall|degl)['’][^\W\d_]", re.IGNORECASE)  # d'Arcy, dell'Acqua
_DIGIT = re.compile(r"\d")
_SPACED_DASH = re.compile(r"\s[-–—]\s")
# Character descriptions: a describing word and a kind of person ("Bus Driver", "Best Friend").
_DESCRIBING = frozenset(
    """best dog cat delivery news lead store bus teen party uber cab taxi old little tall short angry drunk
    rich poor lost sick dead bad good nice new first second third other another random local street shop
    coffee bar hotel pizza security police hospital school office construction tv radio band gang club bank
    gas sales cafe restaurant park beach airport young older younger elderly middle aged hot cute""".split()
)
_PERSON_KIND = frozenset(
    """friend owner guy girl boy man woman men women anchor singer clerk driver teen guest customer kid child
    stranger neighbor neighbour reporter officer cop thug guard waiter waitress bartender barista patron
    passenger pedestrian jogger hiker shopper tourist victim suspect witness soldier student server host
    hostess lady gentleman worker employee manager owner assistant cashier vendor dancer player fan mom dad
    mother father sister brother son daughter wife husband couple twin nurse doctor""".split()
)
_POSSESSIVE = re.compile(r"[^\W\d_]'s\b", re.IGNORECASE)
# A period ends an initial (`M.`) or a suffix/title (`Jr.`), never a longer word or a domain.
_BAD_PERIOD = re.compile(r"(?:^|[^\W\d_]{3,}|\s)\.(?!\s*$)|\.(?![\s,]|$|[^\W\d_]\.)", re.UNICODE)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_TRAILING_NOTE = re.compile(r"\s*(?:\([^)]*\)|\[[^\]]*\]|\*+)\s*$")
_LEAD_IN = re.compile(r"^(?:(?:prepared|approved|issued|compiled|signed|checked)\s+by|attn|contact)\s*[:.\-–—]?\s*",
                      re.IGNORECASE)
_NICKNAME = re.compile(r"(?<=\w)\s+(?:\"[^\"]{1,20}\"|“[^”]{1,20}”|'[^']{1,20}'|\([^)]{1,20}\))\s+(?=\w)")
_HONORIFIC = re.compile(r"^(?:mr|mrs|ms|miss|mx|dr|prof)\.?\s+(?=\S+\s+\S)", re.IGNORECASE)
_GLUED_INITIAL = re.compile(r"(?<=\b[^\W\d_])\.\s*(?=[^\W\d_]{2})")
_JUNK = "\\s•·*\\-–—:;,_'`|~^.«»\"“”‚„©®°¢§"
_LEADING_JUNK = re.compile(f"^[{_JUNK}]+")
_TRAILING_JUNK = re.compile(f"[{_JUNK.replace('.', '')}]+$|(?<=[^\\W\\d_]{{3}})\\.$")


def _clean(raw: str) -> str:
    """Drop what surrounds a name: bullets, `Prepared by:`, notes, nicknames, `Dr.` before two names."""
    text = raw or ""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    text = mended_marks(" ".join(text.split()))  # what OCR makes of marks in a name (ocr_names.py)
    if "." in text:
        text = _GLUED_INITIAL.sub(". ", text)  # "A.Ruiz" -> "A. Ruiz", but "W.E.B." stays
    text = _LEADING_JUNK.sub("", text)
    if text[:1] in "AaCcIiPpSs":
        text = _LEAD_IN.sub("", text)
    if any(q in text for q in "\"“'("):
        text = _NICKNAME.sub(" ", text)
    if text[:1] in "MmDdPp":
        text = _HONORIFIC.sub("", text)
    if text[-1:] in ")]*":
        text = _TRAILING_NOTE.sub("", _TRAILING_NOTE.sub("", text))
    text = _TRAILING_JUNK.sub("", _LEADING_JUNK.sub("", text))
    if " " in text:
        text = without_specks(text)
        text = _TRAILING_JUNK.sub("", _LEADING_JUNK.sub("", text)).strip()
        head, _, last = text.rpartition(" ")
        if " " in head and lower_name(last.rstrip(".")) in _phone_labels():
            text = head  # "Ana M. Ruiz cell": the label of the number that follows
    return text


@lru_cache(maxsize=1)
def _phone_labels() -> frozenset[str]:
    """Phone labels of three letters or more (`cell`, `mobile`, `Handy`, `móvil`) that end a name cell."""
    return frozenset(k.casefold() for k in merged()["phone_labels"] if len(k) >= 3)


def _reorder(text: str) -> str:
    """`Ruiz, Ana M.` -> `Ana M. Ruiz`; `Bell Jr., Marcus` -> `Marcus Bell Jr.`."""
    if "," not in text:
        return text
    left, right = (p.strip() for p in text.split(",", 1))
    if "," in right:
        right = right.replace(",", " ")
    if right.replace(".", "").casefold() in SUFFIXES:
        return f"{left} {right}"
    suffix = ""
    left_tokens = left.split()
    if len(left_tokens) > 1 and left_tokens[-1].replace(".", "").casefold() in SUFFIXES:
        suffix = left_tokens.pop()
    right_tokens = right.split()
    if len(right_tokens) > 1 and right_tokens[-1].replace(".", "").casefold() in SUFFIXES:
        suffix = right_tokens.pop()
    return " ".join(t for t in [*right_tokens, *left_tokens, suffix] if t)


def _surname_last(text: str) -> str:
    """`RUIZ Ana` / `DE LA CRUZ María José` (surname in capitals first) -> given names first."""
    tokens = text.split()
    caps = 0
    for token in tokens:
        letters = [c for c in token if c.isalpha()]
        shouting = len(letters) >= 3 or lower_name(token) in particles()
        initials = "." in token
        if not (letters and all(c.isupper() for c in letters) and shouting) or initials or token.casefold() in SUFFIXES:
            break
        caps += 1
    rest = tokens[caps:]
    if not any(lower_name(t) not in particles() for t in tokens[:caps]):
        return text  # only particles in capitals ("Y", "DE"): no surname there
    if not caps or not rest or any(t.isupper() for t in rest if len(t) > 1 and t.isalpha()):
        return text
    if not rest[0][:1].isupper() or not any(c.islower() for c in rest[0]):
        return text
    suffix = [rest.pop()] if len(rest) > 1 and rest[-1].replace(".", "").casefold() in SUFFIXES else []
    return " ".join([*rest, *tokens[:caps], *suffix])


@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    """Words of other languages that never stand in a person's name (`Festnetz`, `llamar`, `chiamare`)."""
    return frozenset(lower_name(w) for w in merged()["not_names"])


@lru_cache(maxsize=1)
def _role_vocabulary() -> frozenset[str]:
    """Every word of every role label and department name, particles excepted."""
    lex = lexicon()
    words: set[str] = set()
    for label in lex.labels():
        words.update(lower_name(w) for w in _WORD.findall(label))
    return frozenset(words - particles() - {"a", "b", "c", "e", "g"})


@lru_cache(maxsize=8192)
def looks_like_person(raw: str) -> bool:
    """True if the string can be a person's name: not a role, org, placeholder, phone or label."""
    quoted = (raw or "").strip()
    if not quoted or len(quoted) > 80:
        return False
    if quoted[:1] in "\"“«'‘" and quoted[-1:] in "\"”»'’":
        return False  # a title: “COLD HARBOUR”
    text = _clean(raw)
    if not text or len(text) > 60 or _DIGIT.search(text):
        return False
    if "@" in text or "/" in text or "&" in text or text.endswith(":") or ":" in text:
        return False
    if any(ch in text for ch in "\"“”«»;!?()[]") or _POSSESSIVE.search(text) or _BAD_PERIOD.search(text):
        return False
    if _SPACED_DASH.search(text):
        return False  # "CLIENT — LUMA", "Cast - Mabel": a label and a value
    if is_placeholder(text) or is_organization(text):
        return False
    words = _WORD.findall(_reorder(text))
    if not words or len(words) > 6:
        return False
    if len(text.replace(",", " ").split()) == 1:
        return False  # a single word is a label, a character or a first name only
    if not one_case(text) and any(t[0].islower() and lower_name(t) not in particles() and not _ELIDED.match(t)
                                   for t in text.replace(",", " ").split() if t[0].isalpha()):
        return False  # "Tracking vehicle", "Showers likely"
    if _REGION_CODE.search(text) and not one_case(text):
        return False  # "Los Angeles, CA" (but "SMITH, AL" is Al Smith)
    lowered = [lower_name(w) for w in words]
    if all(w in particles() for w in lowered):
        return False  # "von der", "de la": a surname's start, not a name
    if lowered[0] in _PLACE_START and "," not in text:
        return False
    vocabulary = _role_vocabulary()
    if all(w in vocabulary for w in lowered):
        return False  # role fragments: "Digital Imaging", "Assistant Property"
    if len(lowered) == 2 and lowered[0] in _DESCRIBING and lowered[1] in _PERSON_KIND:
        return False  # "Bus Driver", "Best Friend": a character
    last = lowered[-1]
    if last.endswith("s") and last[:-1] in vocabulary and len(last) > 4:
        return False  # vendors named for the trade: "Reel Medics", "Star Drivers"
    if last in {"house", "general"} and (lowered[0] in vocabulary or last == "general"):
        return False  # "Prop House", "Mercy General"
    if any(w in _NON_NAME or w in _not_names() for w in lowered if len(w) > 1):
        return False
    if lowered[0].strip(".") in TITLES and len(words) <= 3 and "," not in text:
        return False  # "Det. Quill", "Mrs. O'Hara", "Young Maya"
    lex = lexicon()
    if lex.is_role_label(text) or lex.match_department_header(text):
        return False
    for match in lex.find_roles(text):
        label_words = match.label.split()
        if len(label_words) > 1 or lex.is_acronym(match.label):
            return False  # "Key Grip Ana Ruiz", "DP Ana Ruiz"
        if match.start == 0 and len(words) > 2 and lower_name(match.label) not in _NAME_LIKE_ROLES:
            return False  # "Producer Tigist Haile"
    if sum(1 for w in words if len(w) > 1) < 1:
        return False
    return not any(ch in text for ch in "#$%+=<>|{}[]")


@lru_cache(maxsize=8192)
def normalize_name(raw: str) -> str | None:
    """Natural-order, capitalised name (`RUIZ, ANA` -> `Ana Ruiz`), or None if not a person."""
    if not looks_like_person(raw):
        return None
    text = _clean(_surname_last(_reorder(_clean(raw))))
    name = recapitalise(" ".join(text.split()))
    if not name:
        return None
    return name if name == raw or looks_like_person(name) else None  # a fixed point: stable when re-read


def normalize_character(raw: str) -> str:
    """Character name with natural capitalisation: `DET. QUILL` -> `Det. Quill`."""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", raw or "")).strip().replace("’", "'")
    text = STRAY_TOKEN.sub("", _TRAILING_JUNK.sub("", _LEADING_JUNK.sub("", text))).strip()
    return recapitalise(text, titles=True) if text else ""


_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "œ": "oe",
                       "þ": "th", "ð": "d"})


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.replace("'", "").replace("’", "")


@lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """Key equal for the same person in any printed form (`RUIZ, Ana M.` == `Ana Ruiz`)."""
    text = _fold(_reorder(_clean(name)))
    tokens = [t for t in re.split(r"[^\w]+|_", text) if t]
    tokens = [t for t in tokens if len(t) > 1 and t not in SUFFIXES]
    return " ".join(sorted(tokens))
