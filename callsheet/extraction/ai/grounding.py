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

from callsheet.extraction.normalize.emails import find_emails, normalize_email
from callsheet.extraction.normalize.phones import find_phones, infer_region
from callsheet.extraction.pattern.lines import build_lines
from callsheet.extraction.types import Contact, Page

UNGROUNDED_CAP = 0.5  # a contact that lost a value to grounding
UNVERIFIED_CAP = 0.3  # a contact from a page without any text to check against
NEAR = 3  # lines between a name and its phone or e-mail (stacked contact blocks)
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
    """Everything the document says, normalised for look-ups; positions are line indices."""

    lines: list[TextLine]
    region: str
    phone_at: dict[str, set[int]] = field(default_factory=dict)
    extensions: set[tuple[str, str]] = field(default_factory=set)
    email_at: dict[str, set[int]] = field(default_factory=dict)
    squashed: str = ""  # all text lower-cased without whitespace, for wrapped e-mails
    line_digits: list[str] = field(default_factory=list)
    cell_tokens: list[list[list[str]]] = field(default_factory=list)  # per line, per cell
    wrapped: list[tuple[list[str], int]] = field(default_factory=list)  # cell + the line below it
    pages_with_text: set[int] = field(default_factory=set)

    def has_text(self, page: int | None = None) -> bool:
        return bool(self.pages_with_text) if page is None else page in self.pages_with_text

    def near(self, a: set[int], b: set[int]) -> bool:
        """Some line of `a` is on the same page as, and within a few lines of, one of `b`."""
        return any(
            self.lines[i].page == self.lines[j].page and abs(i - j) <= (NEAR if self.lines[i].exact_cells else NEAR + 1)
            for i in a for j in b
        )


@dataclass(slots=True)
class Dropped:
    """What grounding removed, for `metadata.ungroundedDropped`."""

    phones: int = 0
    emails: int = 0
    people: int = 0
    misplaced: int = 0  # printed, but nowhere near the person (another person's, the office's)
    unverified: int = 0

    @property
    def total(self) -> int:
        return self.phones + self.emails + self.people + self.misplaced


def fold(text: str) -> str:
    """Lower case, no accents, punctuation as spaces: the form names are compared in."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ø", "o").replace("Ø", "O").replace("ı", "i"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]+", " ", plain.casefold()).strip()


def document_text(pages: list[Page], region: str | None = None) -> DocumentText:
    """Number the visual lines of every page and index their phones, e-mails and words."""
    lines: list[TextLine] = []
    wrapped: list[tuple[str, int]] = []  # a cell's text with the cell below it, and its line
    for page in pages:
        above: list = []
        for n, line in enumerate(build_lines(page.words), start=1):
            segments = line.segments()
            text = " | ".join(s.text for s in segments)
            lines.append(TextLine(f"{page.number}:{n}", page.number, text, page.source == "text"))
            wrapped += [(f"{a.text} {b.text}", len(lines) - 1) for a in above for b in segments
                        if abs(a.x0 - b.x0) <= max(3.0, line.height)]
            above = segments
    full = "\n".join(line.text for line in lines)
    doc = DocumentText(lines=lines, region=region or infer_region(full))
    for text, at in wrapped:
        for match in find_phones(text, doc.region):
            doc.phone_at.setdefault(match.e164, set()).update((at - 1, at))
        doc.wrapped.append((fold(text).split(), at))
    for at, line in enumerate(lines):
        flat = line.text.replace(" | ", "  ")
        for match in find_phones(flat, doc.region):
            doc.phone_at.setdefault(match.e164, set()).add(at)
            if match.ext:
                doc.extensions.add((match.e164, match.ext))
        for email in find_emails(flat):
            doc.email_at.setdefault(email, set()).add(at)
        doc.line_digits.append(re.sub(r"\D", "", flat))
        cells = line.text.split(" | ") if line.exact_cells else [flat]
        doc.cell_tokens.append([fold(cell).split() for cell in cells])
        doc.pages_with_text.add(line.page)
    doc.squashed = re.sub(r"\s+|\|", "", full.lower())
    links = {e for page in pages for link in page.links for e in find_emails(link)}
    for email in links - set(doc.email_at):
        doc.email_at[email] = set()  # a mailto: link: printed, place unknown
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
        where = name_lines(contact.name, doc, lines)
        if not where:
            dropped.people += 1
            continue
        lost = _ground_values(contact, where, doc, dropped)
        if lost:
            contact.confidence = min(contact.confidence, UNGROUNDED_CAP)
        kept.append(contact)
    return kept, dropped


def _ground_values(contact: Contact, where: set[int], doc: DocumentText, dropped: Dropped) -> int:
    """Remove from `contact` the phones and e-mail not printed near its name; how many went.

    Near is a few lines (stacked contact blocks put the number under the name); it catches
    the office number or another section's values, not a neighbour's row in a table."""
    phones = [p for p in contact.phones or ([contact.phone] if contact.phone else []) if p]
    kept = []
    for phone in phones:
        at = phone_lines(phone, doc)
        if not at:
            dropped.phones += 1
        elif not doc.near(where, at):
            dropped.misplaced += 1
        else:
            kept.append(phone)
    lost = len(phones) - len(kept)
    contact.phones = kept
    contact.phone = kept[0] if kept else None
    if contact.phone_ext and (contact.phone, contact.phone_ext) not in doc.extensions:
        contact.phone_ext = None
    if contact.email:
        at = email_lines(contact.email, doc)
        if at is not None and (not at or doc.near(where, at)):
            return lost
        if at is None:
            dropped.emails += 1
        else:
            dropped.misplaced += 1
        contact.email = None
        lost += 1
    return lost


def phone_lines(e164: str, doc: DocumentText) -> set[int]:
    """Lines where the number is printed, parsed or as its digits within one line; empty if nowhere."""
    if e164 in doc.phone_at:
        return doc.phone_at[e164]
    national = _national_digits(e164)
    if len(national) < 7:
        return set()
    return {i for i, digits in enumerate(doc.line_digits) if national in digits}


def phone_grounded(e164: str, doc: DocumentText) -> bool:
    return bool(phone_lines(e164, doc))


def email_lines(email: str, doc: DocumentText) -> set[int] | None:
    """Lines where the address is printed (empty: printed, place unknown); None if nowhere."""
    email = normalize_email(email) or email.lower()
    if email in doc.email_at:
        return doc.email_at[email]
    return set() if len(email) > 5 and email in doc.squashed else None


def email_grounded(email: str, doc: DocumentText) -> bool:
    return email_lines(email, doc) is not None


def name_lines(name: str, doc: DocumentText, prefer: list[str] | None = None) -> set[int]:
    """Lines where every word of the name (initials aside) is in one cell, fuzzily, or in one
    cell wrapped over two lines: words from different cells of a row do not make a name (on
    OCR'd pages, whose word gaps are unreliable, one line is enough)."""
    tokens = [t for t in fold(name).split() if len(t) > 1]
    if not tokens:
        return set()
    joined = "".join(tokens)

    def holds(cell: list[str], fuzzy: bool) -> bool:
        return all(_token_in_cell(t, cell, fuzzy) for t in tokens) or joined in "".join(cell)

    for fuzzy in (False, True):  # exact matches first: fuzzy matching is slow and rarely needed
        found = {i for i in _line_order(doc, prefer or []) if any(holds(c, fuzzy) for c in doc.cell_tokens[i])}
        if not found:  # only then a cell wrapped over two lines: its lower line is not the name's
            found = {at - 1 for cell, at in doc.wrapped if holds(cell, fuzzy)}
        if found:
            return found
    return set()


def name_grounded(name: str, doc: DocumentText, prefer: list[str] | None = None) -> bool:
    return bool(name_lines(name, doc, prefer))


def _line_order(doc: DocumentText, prefer: list[str]) -> list[int]:
    """Cited lines first (the usual hit), then all the others."""
    ids = {line.id: i for i, line in enumerate(doc.lines)}
    first = [ids[p] for p in prefer if p in ids]
    seen = set(first)
    return first + [i for i in range(len(doc.lines)) if i not in seen]


def _token_in_cell(token: str, cell: list[str], fuzzy: bool) -> bool:
    if token in cell:
        return True
    if not fuzzy or len(token) < 4:
        return False
    for word in cell:
        if abs(len(word) - len(token)) > 2:
            continue
        matcher = SequenceMatcher(None, token, word)
        if matcher.real_quick_ratio() >= FUZZY_TOKEN and matcher.quick_ratio() >= FUZZY_TOKEN \
                and matcher.ratio() >= FUZZY_TOKEN:
            return True
    return False


def _national_digits(e164: str) -> str:
    import phonenumbers

    try:
        return str(phonenumbers.parse(e164).national_number)
    except phonenumbers.NumberParseException:
        return re.sub(r"\D", "", e164)
