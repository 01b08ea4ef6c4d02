"""E-mail addresses on call sheets: find, undo obfuscation, join parts split across cells.

Narrow columns wrap addresses (`ana.ruiz@north` / `light.example`), some sheets write
`name [at] host (dot) com`, and production offices print generic mailboxes that belong
to no person (`production@`, `office@`).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import phonenumbers

from callsheet.extraction.normalize.languages import merged

__all__ = [
    "find_emails",
    "is_generic_mailbox",
    "is_partial_email",
    "join_email_parts",
    "normalize_email",
]

# RFC 5322 allows `|` in a local part; no one uses it, and OCR reads a table's ruling as it
_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{}~\-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{}~\-]+)*"
_DOMAIN = r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,24}"
_EMAIL = re.compile(rf"(?<![\w.+\-])({_LOCAL})@({_DOMAIN})(?![\w\-]|\.[A-Za-z0-9])")
_FULL = re.compile(rf"{_LOCAL}@{_DOMAIN}")
_AT = re.compile(r"\s*(?:\[\s*at\s*\]|\(\s*at\s*\)|\{\s*at\s*\}|<\s*at\s*>|\s@\s)\s*", re.IGNORECASE)
_DOT = re.compile(r"\s*(?:\[\s*dot\s*\]|\(\s*dot\s*\)|\{\s*dot\s*\}|<\s*dot\s*>)\s*", re.IGNORECASE)
# Where an address (plain, `mailto:`, or `[at]`/`(dot)` spelled) sits in a line of text, for
# layout code that needs its span; `find_emails` then reads the address itself.
_AT_IN_TEXT = r"(?:@|\s?[\[({<]\s?at\s?[\])}>]\s?)"
_DOT_IN_TEXT = r"(?:\.|\s?[\[({<]\s?dot\s?[\])}>]\s?)"
EMAIL_IN_TEXT = re.compile(
    rf"(?:mailto:)?[\w.+'\-]+{_AT_IN_TEXT}[\w\-]+(?:{_DOT_IN_TEXT}[\w\-]+)+", re.IGNORECASE
)
# "ana.ruiz at northlight dot com": spelled out, only with at least one " dot ".
_SPOKEN = re.compile(r"(?<![\w.])([A-Za-z0-9][\w.+\-]*) at ([A-Za-z0-9\-]+(?: dot [A-Za-z0-9\-]+)+)\b", re.IGNORECASE)
_SPOKEN_DOT = re.compile(r" dot ", re.IGNORECASE)
_MAILTO = re.compile(r"mailto:\s*", re.IGNORECASE)
_PARTIAL_HEAD = re.compile(rf"^{_LOCAL}@(?:[A-Za-z0-9\-]+\.?)*$")
_PARTIAL_TAIL = re.compile(rf"^@{_DOMAIN}$|^@?[A-Za-z0-9\-]*(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{{2,24}}$")

_GENERIC = frozenset(
    """production productions prod office info information accounts accounting accountant
    casting bookings booking hello contact contacts admin administration crew callsheet
    callsheets call sheets reception studio studios enquiries enquiry inquiries inquiry team
    mail general support sales press media noreply no reply donotreply hr jobs careers
    locations location transport transpo transportation payroll billing invoices ap ar orders
    rentals rental dispatch catering events talent agency main unit set ops operations hq
    office1 frontdesk front desk desk news marketing legal permits safety security coord
    coordinator poc apoc art camera wardrobe costume props sound grip electric post vfx
    editorial stills publicity the us all staff bookkeeping finance insurance clearances
    clearance travel""".split()
)
# Words a shared mailbox may carry beside a generic one: office.uk@, la.production@.
_PLACES = frozenset("uk us usa ca au nz fr ie eu la ny nyc sf atl chi tor van mtl ldn london toronto paris".split())
_TRAILING = ".,;:)]}>\"'"
_GENERIC_TLDS = frozenset(
    """com org net edu gov mil int info biz name pro mobi app dev io ai co me tv uk eu film
    studio studios productions agency media digital email online site tech xyz club live news
    store shop design art events group company team works world global london paris nyc la
    quebec berlin tokyo test example invalid localhost local""".split()
)


@lru_cache(maxsize=1)
def _known_tlds() -> frozenset[str]:
    """Generic TLDs plus a country code for every region libphonenumber knows."""
    return _GENERIC_TLDS | {r.lower() for r in phonenumbers.SUPPORTED_REGIONS}


def _cut_tld(address: str) -> bool:
    """True if the last label is no TLD but the start of one: `...example.or` wrapped before `g`."""
    tld = address.rsplit(".", 1)[-1].lower()
    known = _known_tlds()
    return tld not in known and any(t.startswith(tld) for t in known)


def _ascii_fold(s: str) -> str:
    return unicodedata.normalize("NFKC", s).replace("\u200b", "").replace("\u00ad", "")


def _deobfuscate(text: str) -> str:
    text = _MAILTO.sub("", _ascii_fold(text))
    if "at" in text.lower() or "dot" in text.lower():
        text = _AT.sub("@", text)
        text = _DOT.sub(".", text)
        text = _SPOKEN.sub(lambda m: f"{m.group(1)}@{_SPOKEN_DOT.sub('.', m.group(2))}", text)
    return text


# OCR spaces an address apart at its `@` and after its dots (`nerea98 @host.example`,
# `ana. ruiz@mail. example. com`) or loses the dot before the TLD (`ana@example net`)
_SPACED_AT = re.compile(r"(?<=[\w.\-])[ \t]*@[ \t]*(?=[\w\-]+\.)")
_SPACED_DOT = re.compile(r"(@[\w\-]+(?:\.[\w\-]+)*)\.[ \t‚„]+([a-z][\w\-]*)")
_SPACED_LOCAL = re.compile(r"(?<![\w.@])([a-z0-9][\w\-]*)\.[ \t‚„]+(?=[\w.\-]+@)")
_LOST_DOT = re.compile(r"(?<=@)([\w\-]+)[ \t]+([a-z]{2,6})\b")


def _unspaced(text: str) -> str:
    """`text` with an address OCR spaced apart joined again, where the join ends in a known TLD."""
    text = _SPACED_AT.sub("@", text)
    known = _known_tlds()
    for _ in range(3):  # `@mail. example. com`: one dot at a time
        joined = _SPACED_DOT.sub(lambda m: f"{m.group(1)}.{m.group(2)}" if m.group(2) in known else m.group(0), text)
        if joined == text:
            break
        text = joined
    text = _LOST_DOT.sub(lambda m: f"{m.group(1)}.{m.group(2)}" if m.group(2) in known else m.group(0), text)
    return _SPACED_LOCAL.sub(r"\1.", text)


# OCR reads an `@` as `€`, `©`, `®` or a capital `G` (`nicanor96€ buzon.example.es`,
# `consuelo.aldecoaG alondra-av.example`): kept only where a known TLD ends the domain after it
_MISREAD_AT = re.compile(r"(?<=[a-z0-9])(?:[€©®][ \t]?|G[ \t])(?=([a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)+)\b)")


def _misread_at(text: str) -> str:
    known = _known_tlds()
    return _MISREAD_AT.sub(lambda m: "@" if m.group(1).rsplit(".", 1)[-1] in known else m.group(0), text)


def find_emails(text: str) -> list[str]:
    """All addresses in `text`, lower-cased, in order; `[at]`/`(dot)` and `mailto:` undone."""
    if any(c in text for c in "€©®") or "G " in text:
        text = _misread_at(text)
    if "@" not in text and "at" not in text.lower():
        return []
    cleaned = _deobfuscate(text)
    if "@" in cleaned and " " in cleaned:
        cleaned = _unspaced(cleaned)
    # a local part without a letter (`7@mail.example`) is what OCR left of an address
    return [f"{m.group(1)}@{m.group(2)}".lower() for m in _EMAIL.finditer(cleaned)
            if any(c.isalpha() for c in m.group(1))]


@lru_cache(maxsize=4096)
def normalize_email(s: str) -> str | None:
    """The one address in a cell, lower-cased, or None when the cell holds none."""
    if not s:
        return None
    cleaned = _deobfuscate(s).strip().strip(_TRAILING).strip()
    if _FULL.fullmatch(cleaned):
        return cleaned.lower()
    found = find_emails(s)
    return found[0] if found else None


def is_partial_email(s: str) -> bool:
    """True for a fragment of an address wrapped over cells or lines.

    `ana.ruiz@`, `ana.ruiz@north`, `ana.ruiz@northlight.` (head) and `@northlight.example`
    (tail) are fragments; a complete address or plain text is not.
    """
    cleaned = _deobfuscate(s).strip().strip(",;:)]}>\"'")
    if not cleaned or " " in cleaned:
        return False
    if cleaned.startswith("@"):
        return bool(_PARTIAL_TAIL.match(cleaned))
    if "@" not in cleaned:
        return False
    if cleaned.endswith((".", "-")):
        return True
    if _FULL.fullmatch(cleaned):
        return _cut_tld(cleaned)
    return bool(_PARTIAL_HEAD.match(cleaned))


def join_email_parts(parts: list[str]) -> str | None:
    """Join fragments of one address (`["ana.ruiz@north", "light.example"]`); None if invalid."""
    joined = "".join(_deobfuscate(p).strip() for p in parts if p and p.strip())
    joined = joined.strip(_TRAILING)
    return joined.lower() if _FULL.fullmatch(joined) else None


def _segments(local: str) -> bool:
    """True if `local` is a concatenation of generic words (`productionoffice`)."""
    n = len(local)
    ok = [True] + [False] * n
    generic = _generic_words()
    for end in range(1, n + 1):
        ok[end] = any(ok[start] and local[start:end] in generic for start in range(max(0, end - 16), end - 2))
    return ok[n]


@lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    """English mailbox words and every language's (`produccion`, `dispo`, `produzione`), accents folded."""
    return _GENERIC | {_plain(w) for w in merged()["mailboxes"]}


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def _domain_names(email: str, owner: str) -> bool:
    """True if the address's domain spells its owner's name: `info@anaruiz.example` for Ana Ruiz."""
    domain = _plain(email.rsplit("@", 1)[-1].split(".", 1)[0]).replace("-", "")
    tokens = [t for t in re.split(r"[^\w]+", _plain(owner).replace("'", "")) if len(t) > 1]
    if len(tokens) < 2 or not domain:
        return False
    return "".join(tokens) in domain or "".join(tokens[1:]) + tokens[0] in domain \
        or (len(tokens[-1]) >= 4 and tokens[-1] in domain and tokens[0][0] == domain[0])


@lru_cache(maxsize=4096)
def is_generic_mailbox(email: str, owner: str | None = None) -> bool:
    """True for a shared mailbox (production@, office@, info@...) that belongs to no person.

    With `owner` (the name on the row), a mailbox on a domain that spells that name is the
    person's own: `info@anaruiz.example` on Ana Ruiz's row is hers.
    """
    local = email.strip().lower().split("@", 1)[0]
    words = [re.sub(r"\d+$", "", _plain(w)) for w in re.split(r"[._+\-]+", local) if w]
    words = [w for w in words if w]
    if not words:
        return False
    generic_words = _generic_words()
    generic = [w in generic_words or _segments(w) for w in words]
    shared = any(generic) and all(g or w in _PLACES for g, w in zip(generic, words, strict=True))
    return shared and not (owner and _domain_names(email, owner))

