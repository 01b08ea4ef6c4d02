"""Keep only what the document shows: the check between a model's answer and the page text.

Language models invent plausible phone numbers, e-mails and people, and obey text planted
in a document. Every value the `ai` method returns is looked up in the document's own
words (text layer or OCR, indexed by `printed`). What grounding guarantees for a kept
contact, on a page that has text:

- its name is printed, on a page the model was sent, in one cell of a contact line (fuzzily, for OCR and accents;
  `LAST, First` and a name wrapped inside a cell count; words picked from different cells
  of a row do not, and neither does a name printed only inside running prose, `prose`);
- every phone is printed (E.164 after normalisation, or its digits within one line) and
  every e-mail is printed as a whole address (wrapped or OCR-spaced, never a part of a
  longer one), each outside running prose, on the name's line, or within `NEAR` lines of
  it on a line that does not name another person of the answer in the name's column (the
  next row of the same table keeps its own number; on OCR'd pages, whose lines a skewed
  scan splits, nearness alone).

Invented people are dropped whole; invented or misplaced values are dropped and counted;
a contact that lost a value has its confidence capped. Contacts read from a page with no
text at all cannot be checked: they are kept, capped lower, and counted as unverified.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from callsheet.extraction.ai import prose
from callsheet.extraction.ai.printed import PLACE_UNKNOWN, DocumentText, Printed, Span, fold
from callsheet.extraction.normalize.emails import normalize_email
from callsheet.extraction.normalize.names import name_key
from callsheet.extraction.types import Contact

UNGROUNDED_CAP = 0.5  # a contact that lost a value to grounding
UNVERIFIED_CAP = 0.3  # a contact from a page without any text to check against
FUZZY_TOKEN = 0.75  # SequenceMatcher ratio for a name token against a page token (OCR)
NameWord = Callable[[str], bool]
Places = dict[int, list[Span]]  # line index -> the x-ranges of the cells printing a name or value


@dataclass(slots=True)
class Dropped:
    """What grounding removed, for `metadata.ungroundedDropped`."""

    phones: int = 0
    emails: int = 0
    people: int = 0
    misplaced: int = 0  # printed, but not near the person (another person's, the office's)
    prose: int = 0  # names and values printed only inside running prose
    unverified: int = 0
    disputed: dict[str, set[str]] = field(default_factory=dict)  # name key -> "phones"/"emails" refused

    @property
    def total(self) -> int:
        return self.phones + self.emails + self.people + self.misplaced + self.prose


def ground(contacts: list[Contact], sent: list[list[int]], doc: DocumentText) -> tuple[list[Contact], Dropped]:
    """Drop what the text does not show; `sent[i]` are the pages of the request `contacts[i]`
    was read from: its name must be printed there (the model saw nothing else). Contacts
    read from pages without any text are kept, confidence capped."""
    dropped = Dropped()
    verifiable = [any(doc.has_text(page) for page in pages) for pages in sent]
    places = [_name_places(c.name, doc, set(pages)) if ok else ({}, False)
              for c, ok, pages in zip(contacts, verifiable, sent, strict=True)]
    kept: list[Contact] = []
    for n, (contact, ok) in enumerate(zip(contacts, verifiable, strict=True)):
        if not ok:
            contact.confidence = min(contact.confidence, UNVERIFIED_CAP)
            dropped.unverified += 1
            kept.append(contact)
            continue
        where, in_prose = places[n]
        if not where:
            if in_prose:
                dropped.prose += 1
            else:
                dropped.people += 1
            continue
        own = set(fold(contact.name).split())
        others: Places = {}
        for m, (lines, _) in enumerate(places):
            if m != n and set(fold(contacts[m].name).split()) != own:
                for i, spans in lines.items():
                    if i not in where:
                        others.setdefault(i, []).extend(spans)
        if _ground_values(contact, where, others, doc, dropped):
            contact.confidence = min(contact.confidence, UNGROUNDED_CAP)
        kept.append(contact)
    return kept, dropped


def _ground_values(contact: Contact, where: Places, others: Places, doc: DocumentText, dropped: Dropped) -> int:
    """Remove from `contact` the phones and e-mail not printed near its name; how many went."""
    word = _name_word(contact.name)
    phones = [p for p in contact.phones or ([contact.phone] if contact.phone else []) if p]
    kept = [p for p in phones if _placed(_phone_places(p, doc, word), where, others, doc, dropped, "phones")]
    lost = len(phones) - len(kept)
    if lost:
        dropped.disputed.setdefault(name_key(contact.name), set()).add("phones")
    contact.phones = kept
    contact.phone = kept[0] if kept else None
    if contact.phone_ext and (contact.phone, contact.phone_ext) not in doc.extensions:
        contact.phone_ext = None
    if contact.email and not _placed(_email_places(contact.email, doc, word), where, others, doc, dropped, "emails"):
        dropped.disputed.setdefault(name_key(contact.name), set()).add("emails")
        contact.email = None
        lost += 1
    return lost


def _placed(at: Places | None, where: Places, others: Places, doc: DocumentText, dropped: Dropped,
            kind: str) -> bool:
    """True if a value printed at `at` belongs to the person named at `where`: on a name line,
    or near one on a line where no other person of the answer is named in the same column
    (that line is their row); else count why not."""
    if at is None:
        setattr(dropped, kind, getattr(dropped, kind) + 1)
    elif not at:
        dropped.prose += 1
    elif PLACE_UNKNOWN in at or at.keys() & where.keys() or any(
            doc.near({i}, {j}) and not (doc.lines[j].exact_cells and _next_row(doc, j, others.get(j, []), i, where[i]))
            for j in at for i in where):
        return True
    else:
        dropped.misplaced += 1
    return False


def _next_row(doc: DocumentText, j: int, theirs: list[Span], i: int, ours: list[Span]) -> bool:
    """True if line `j` is another person's row: their name cell is in the column of ours
    (x-ranges overlap), and not a later line of one cell naming both (`LEE, Sam /` over
    `RUIZ, Ana`, which shares the row's number)."""
    for a in theirs:
        for b in ours:
            if a[0] < b[1] and b[0] < a[1]:
                top, low = sorted((i, j))
                column = (max(a[0], b[0]), min(a[1], b[1]))
                if not any(doc.cell_text(k, column).rstrip().endswith(_JOINS)
                           or doc.cell_text(k + 1, column).lstrip().startswith(_JOINS) for k in range(top, low)):
                    return True
    return False


_JOINS = ("/", "&", "+", ",", "and")


def _outside_prose(places: Printed | None, word: NameWord) -> Places | None:
    """Where a value is printed outside running prose; None when it is printed nowhere."""
    if places is None:
        return None
    out: Places = {}
    for line, found in places.items():
        spans = [span for context, span in found if not prose.is_prose(context, word)]
        if spans:
            out[line] = spans
    return out


def _phone_places(e164: str, doc: DocumentText, word: NameWord) -> Places | None:
    if e164 in doc.phone_at:
        return _outside_prose(doc.phone_at[e164], word)
    national = _national_digits(e164)
    found = [i for i, digits in enumerate(doc.line_digits) if len(national) >= 7 and national in digits]
    if not found:
        return None
    return {i: [doc.lines[i].span()] for i in found
            if not doc.clauses[i] or not all(prose.is_prose(c.plain, word) for c in doc.clauses[i])}


def _email_places(email: str, doc: DocumentText, word: NameWord) -> Places | None:
    return _outside_prose(doc.email_at.get(normalize_email(email) or email.lower()), word)


def phone_lines(e164: str, doc: DocumentText) -> set[int]:
    """Lines where the number is printed outside prose (parsed, or its digits within one line)."""
    return set(_phone_places(e164, doc, _no_name) or {})


def phone_grounded(e164: str, doc: DocumentText) -> bool:
    return bool(phone_lines(e164, doc))


def email_lines(email: str, doc: DocumentText) -> set[int] | None:
    """Lines where the whole address is printed outside prose; None if nowhere (`PLACE_UNKNOWN`
    for a mailto: link only)."""
    places = _email_places(email, doc, _no_name)
    return set(places) if places else None


def email_grounded(email: str, doc: DocumentText) -> bool:
    return email_lines(email, doc) is not None


def name_lines(name: str, doc: DocumentText) -> set[int]:
    """Lines of contact lines that print the name (see `_name_places`)."""
    return set(_name_places(name, doc)[0])


def name_grounded(name: str, doc: DocumentText) -> bool:
    return bool(name_lines(name, doc))


def _name_places(name: str, doc: DocumentText, pages: set[int] | None = None) -> tuple[Places, bool]:
    """Where every word of the name (initials aside) is in one cell, fuzzily, or in one cell
    wrapped over two lines, outside running prose; and whether the name was found only in
    prose (on `pages` only, if given). Words from different cells of a row do not make a
    name (on OCR'd pages, whose word gaps are unreliable, one line is enough)."""
    tokens = [t for t in fold(name).split() if len(t) > 1]
    if not tokens:
        return {}, False
    joined = "".join(tokens)
    word = _name_word(name)

    def holds(cell: list[str], fuzzy: bool) -> bool:
        return all(_token_in_cell(t, cell, fuzzy) for t in tokens) or joined in "".join(cell)

    seen_in_prose = False
    for fuzzy in (False, True):  # exact matches first: fuzzy matching is slow and rarely needed
        found: dict[int, tuple[list[prose.Clause], list[Span]]] = {}
        for i, cells in enumerate(doc.cell_tokens):
            holding = [k for k, cell in enumerate(cells) if holds(cell, fuzzy)]
            named = [k for k in holding if not doc.is_address(i, k)] or holding  # not the e-mail it spells
            if holding:
                found[i] = (doc.clauses[i], [doc.lines[i].span(k) for k in named])
        if not found:  # only then a cell wrapped over two lines: its lower line is not the name's
            found = {at - 1: (clauses, [span]) for cell, at, clauses, span in doc.wrapped if holds(cell, fuzzy)}
        found = {i: f for i, f in found.items() if pages is None or doc.lines[i].page in pages}
        places = {i: spans for i, (clauses, spans) in found.items() if not prose.in_prose(clauses, word)}
        if places:
            return places, False
        seen_in_prose = seen_in_prose or bool(found)
    return {}, seen_in_prose


def _name_word(name: str) -> NameWord:
    """Whether a printed word is one of the name's words (fuzzily, as names are matched)."""
    tokens = [t for t in fold(name).split() if len(t) > 1]
    known: dict[str, bool] = {}

    def is_name_word(w: str) -> bool:
        if w not in known:
            known[w] = any(_token_in_cell(t, [w], fuzzy=True) for t in tokens)
        return known[w]

    return is_name_word


def _no_name(word: str) -> bool:
    return False


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
