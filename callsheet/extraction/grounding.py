"""Keep only what the document shows: the check between a model's answer and the page text.

Language models invent plausible phone numbers, e-mails and people. Every value the `ai`
method returns is looked up in the document's own words (text layer or OCR): phones after
E.164 normalisation, e-mails lower-cased (also when wrapped over two lines), names by fuzzy
token match (OCR misreads, accents, `LAST, First`). Values not found are dropped and
counted; a person whose name is nowhere in the text is dropped whole. Self-reported
confidence is capped for contacts that lost a value, and for pages that have no text at all
(nothing to check against: those contacts are kept, but flagged as unverified).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from callsheet.extraction.layout import build_lines
from callsheet.extraction.normalize.emails import find_emails, normalize_email
from callsheet.extraction.normalize.phones import find_phones, infer_region
from callsheet.extraction.types import Contact, Page

UNGROUNDED_CAP = 0.5  # a contact that lost a value to grounding
UNVERIFIED_CAP = 0.3  # a contact from a page without any text to check against
FUZZY_TOKEN = 0.75  # SequenceMatcher ratio for a name token against a page token (OCR)


@dataclass(slots=True)
class TextLine:
    """A visual line of a page, numbered for the model: id `"<page>:<n>"`; cells joined by " | "."""

    id: str
    page: int
    text: str
    exact_cells: bool = True  # False for OCR/Textract words, whose gaps are less reliable


@dataclass(slots=True)
class DocumentText:
    """Everything the document says, normalised for look-ups."""

    lines: list[TextLine]
    region: str
    phones: set[str] = field(default_factory=set)
    extensions: set[tuple[str, str]] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)
    squashed: str = ""  # all text lower-cased without whitespace, for wrapped e-mails
    line_digits: list[str] = field(default_factory=list)
    cell_tokens: list[list[list[str]]] = field(default_factory=list)  # per line, per cell
    wrapped_tokens: list[list[str]] = field(default_factory=list)  # cells continued on the next line
    pages_with_text: set[int] = field(default_factory=set)

    def has_text(self, page: int | None = None) -> bool:
        return bool(self.pages_with_text) if page is None else page in self.pages_with_text


@dataclass(slots=True)
class Dropped:
    """What grounding removed, for `metadata.ungroundedDropped`."""

    phones: int = 0
    emails: int = 0
    people: int = 0
    unverified: int = 0

    @property
    def total(self) -> int:
        return self.phones + self.emails + self.people


def fold(text: str) -> str:
    """Lower case, no accents, punctuation as spaces: the form names are compared in."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ø", "o").replace("Ø", "O").replace("ı", "i"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]+", " ", plain.casefold()).strip()


def document_text(pages: list[Page], region: str | None = None) -> DocumentText:
    """Number the visual lines of every page and index their phones, e-mails and words."""
    lines: list[TextLine] = []
    wrapped: list[str] = []  # a cell's text with its next line, for values wrapped in a cell
    for page in pages:
        above: list = []
        for n, line in enumerate(build_lines(page.words), start=1):
            segments = line.segments()
            text = " | ".join(s.text for s in segments)
            lines.append(TextLine(f"{page.number}:{n}", page.number, text, page.source == "text"))
            wrapped += [f"{a.text} {b.text}" for a in above for b in segments
                        if abs(a.x0 - b.x0) <= max(3.0, line.height)]
            above = segments
    full = "\n".join(line.text for line in lines)
    doc = DocumentText(lines=lines, region=region or infer_region(full))
    for text in wrapped:
        doc.phones.update(m.e164 for m in find_phones(text, doc.region))
        doc.wrapped_tokens.append(fold(text).split())
    for line in lines:
        flat = line.text.replace(" | ", "  ")
        for match in find_phones(flat, doc.region):
            doc.phones.add(match.e164)
            if match.ext:
                doc.extensions.add((match.e164, match.ext))
        doc.emails.update(find_emails(flat))
        doc.line_digits.append(re.sub(r"\D", "", flat))
        cells = line.text.split(" | ") if line.exact_cells else [flat]
        doc.cell_tokens.append([fold(cell).split() for cell in cells])
        doc.pages_with_text.add(line.page)
    for page in pages:
        doc.emails.update(e for link in page.links for e in find_emails(link))
    doc.squashed = re.sub(r"\s+|\|", "", full.lower())
    return doc


def ground(
    contacts: list[Contact], cited: list[list[str] | None], doc: DocumentText
) -> tuple[list[Contact], Dropped]:
    """Drop what the text does not show; `cited[i]` are the line ids of `contacts[i]`,
    None when it was read from a page without any text (kept, confidence capped)."""
    dropped = Dropped()
    kept: list[Contact] = []
    for contact, lines in zip(contacts, cited, strict=True):
        if lines is None:
            contact.confidence = min(contact.confidence, UNVERIFIED_CAP)
            dropped.unverified += 1
            kept.append(contact)
            continue
        if not name_grounded(contact.name, doc, lines):
            dropped.people += 1
            continue
        lost = _ground_values(contact, doc, dropped)
        if lost:
            contact.confidence = min(contact.confidence, UNGROUNDED_CAP)
        kept.append(contact)
    return kept, dropped


def _ground_values(contact: Contact, doc: DocumentText, dropped: Dropped) -> int:
    """Remove ungrounded phones, extension and e-mail from `contact`; how many went."""
    phones = [p for p in contact.phones or ([contact.phone] if contact.phone else []) if p]
    kept = [p for p in phones if phone_grounded(p, doc)]
    lost = len(phones) - len(kept)
    dropped.phones += lost
    contact.phones = kept
    contact.phone = kept[0] if kept else None
    if contact.phone_ext and (contact.phone, contact.phone_ext) not in doc.extensions:
        contact.phone_ext = None
    if contact.email and not email_grounded(contact.email, doc):
        contact.email = None
        dropped.emails += 1
        lost += 1
    return lost


def phone_grounded(e164: str, doc: DocumentText) -> bool:
    """The number is printed somewhere: as a parsed number, or its digits within one line."""
    if e164 in doc.phones:
        return True
    national = _national_digits(e164)
    return len(national) >= 7 and any(national in digits for digits in doc.line_digits)


def email_grounded(email: str, doc: DocumentText) -> bool:
    """The address is printed somewhere, possibly wrapped over lines or cells."""
    email = normalize_email(email) or email.lower()
    return email in doc.emails or (len(email) > 5 and email in doc.squashed)


def name_grounded(name: str, doc: DocumentText, prefer: list[str] | None = None) -> bool:
    """Every word of the name (initials aside) is in one cell of the text, fuzzily, or in
    one cell wrapped over two lines: words from different cells of a row do not make a name
    (on OCR'd pages, whose word gaps are unreliable, one line is enough)."""
    tokens = [t for t in fold(name).split() if len(t) > 1]
    if not tokens:
        return False
    joined = "".join(tokens)
    cells = [cell for i in _line_order(doc, prefer or []) for cell in doc.cell_tokens[i]]
    candidates = cells + doc.wrapped_tokens
    return any(
        all(_token_on_line(t, line) for t in tokens) or joined in "".join(line) for line in candidates
    )


def _line_order(doc: DocumentText, prefer: list[str]) -> list[int]:
    """Cited lines first (the usual hit), then all the others."""
    ids = {line.id: i for i, line in enumerate(doc.lines)}
    first = [ids[p] for p in prefer if p in ids]
    seen = set(first)
    return first + [i for i in range(len(doc.lines)) if i not in seen]


def _token_on_line(token: str, line: list[str]) -> bool:
    if token in line:
        return True
    if len(token) < 4:
        return False
    return any(
        abs(len(word) - len(token)) <= 2 and SequenceMatcher(None, token, word).ratio() >= FUZZY_TOKEN
        for word in line
    )


def _national_digits(e164: str) -> str:
    import phonenumbers

    try:
        return str(phonenumbers.parse(e164).national_number)
    except phonenumbers.NumberParseException:
        return re.sub(r"\D", "", e164)
