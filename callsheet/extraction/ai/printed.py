"""What the document prints, indexed for grounding: its lines, phones, e-mails and name cells.

Every page's visual lines are numbered (`"<page>:<n>"`, cells joined by " | ", with each
cell's x-range). Phones are indexed in E.164, e-mails as whole addresses (also when a
narrow cell wraps one over two lines, or OCR put a space beside the `@`), each occurrence
with its cell's x-range and the plain words of the clause printed just before it, so
grounding can tell a contact line from running prose (`prose`) and a value stacked under
a name from one in a neighbour's row. A mailto: link counts as printed, place unknown.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from callsheet.extraction.ai import prose
from callsheet.extraction.ai.prose import fold
from callsheet.extraction.normalize.emails import find_emails, is_partial_email, join_email_parts
from callsheet.extraction.normalize.phones import find_phones, infer_region
from callsheet.extraction.pattern.lines import build_lines
from callsheet.extraction.types import Page

NEAR = 3  # lines between a name and its phone or e-mail (stacked contact blocks)
PLACE_UNKNOWN = -1  # the line of a value printed only as a mailto: link
__all__ = ["NEAR", "PLACE_UNKNOWN", "DocumentText", "Printed", "Span", "TextLine", "document_text", "fold"]
Span = tuple[float, float]  # a cell's x0, x1 in points
EVERYWHERE: Span = (float("-inf"), float("inf"))


@dataclass(slots=True)
class TextLine:
    """A visual line of a page, numbered: id `"<page>:<n>"`; cells joined by " | "."""

    id: str
    page: int
    text: str
    exact_cells: bool = True  # False for OCR/Textract words, whose gaps are less reliable
    cells: list[Span] = field(default_factory=list)

    def span(self, cell: int | None = None) -> Span:
        """The x-range of a cell; of the whole line for OCR words (their gaps make no columns)."""
        if cell is None or not self.exact_cells or not 0 <= cell < len(self.cells):
            return (self.cells[0][0], self.cells[-1][1]) if self.cells else EVERYWHERE
        return self.cells[cell]


Place = tuple[tuple[str, ...], Span]  # the plain words of the clause before a value, its cell
Printed = dict[int, list[Place]]  # line index -> where a value is printed on it


@dataclass(slots=True)
class DocumentText:
    """Everything the document says, normalised for look-ups; positions are line indices."""

    lines: list[TextLine]
    region: str
    phone_at: dict[str, Printed] = field(default_factory=dict)
    extensions: set[tuple[str, str]] = field(default_factory=set)
    email_at: dict[str, Printed] = field(default_factory=dict)
    line_digits: list[str] = field(default_factory=list)
    cell_tokens: list[list[list[str]]] = field(default_factory=list)  # per line, per cell
    clauses: list[list[prose.Clause]] = field(default_factory=list)  # per line
    wrapped: list[tuple[list[str], int, list[prose.Clause], Span]] = field(default_factory=list)  # cell + below
    sources: dict[int, str] = field(default_factory=dict)  # page -> "text", "ocr", "textract"

    def has_text(self, page: int | None = None) -> bool:
        return bool(self.sources) if page is None else page in self.sources

    def source(self, page: int) -> str:
        """Where a page's words came from: "text" (text layer), "ocr", "textract", or "none"."""
        return self.sources.get(page, "none")

    def is_address(self, line: int, cell: int) -> bool:
        """True if the cell holds an e-mail address (whose words may spell the person's name)."""
        cells = self.lines[line].text.split(" | ")
        return self.lines[line].exact_cells and cell < len(cells) and "@" in cells[cell]

    def cell_text(self, line: int, span: Span) -> str:
        """The text of the cells of `line` under x-range `span` (the whole line for OCR words)."""
        cells = self.lines[line].text.split(" | ")
        spans = self.lines[line].cells
        if not self.lines[line].exact_cells or len(cells) != len(spans):
            return self.lines[line].text
        return " ".join(text for text, (x0, x1) in zip(cells, spans, strict=True) if x0 < span[1] and span[0] < x1)

    def near(self, a: set[int], b: set[int]) -> bool:
        """Some line of `a` is on the same page as, and within a few lines of, one of `b`."""
        return any(
            self.lines[i].page == self.lines[j].page and abs(i - j) <= (NEAR if self.lines[i].exact_cells else NEAR + 1)
            for i in a for j in b
        )


def document_text(pages: list[Page], region: str | None = None) -> DocumentText:
    """Number the visual lines of every page and index their phones, e-mails and words."""
    lines: list[TextLine] = []
    wrapped: list[tuple[str, str, int, Span]] = []  # a cell's text, the cell below it, its line, its x-range
    for page in pages:
        above: list = []
        for n, line in enumerate(build_lines(page.words), start=1):
            segments = line.segments()
            lines.append(TextLine(f"{page.number}:{n}", page.number, " | ".join(s.text for s in segments),
                                  page.source == "text", [(s.x0, s.x1) for s in segments]))
            wrapped += [(a.text, b.text, len(lines) - 1, (a.x0, a.x1)) for a in above for b in segments
                        if abs(a.x0 - b.x0) <= max(3.0, line.height)]
            above = segments
    doc = DocumentText(lines=lines, region=region or infer_region("\n".join(line.text for line in lines)))
    for upper, lower, at, span in wrapped:
        joined = f"{upper} {lower}"
        if not lines[at].exact_cells:
            span = lines[at].span()
        for match in find_phones(joined, doc.region):
            if match.start < len(upper) < match.end:  # wrapped, not a number of either cell alone
                _add(doc.phone_at, match.e164, (at - 1, at), (prose.context(joined, match.start), span))
        for email, start in _wrapped_emails(upper, lower):
            _add(doc.email_at, email, (at - 1, at), (prose.context(upper, start), span))
        doc.wrapped.append((fold(joined).split(), at, prose.clauses(joined), span))
    for at, line in enumerate(lines):
        flat = line.text.replace(" | ", "  ")
        for match in find_phones(flat, doc.region):
            place = (prose.context(flat, match.start), line.span(flat[:match.start].count("  ")))
            _add(doc.phone_at, match.e164, (at,), place)
            if match.ext:
                doc.extensions.add((match.e164, match.ext))
        for email, start in _emails(line.text):
            place = (prose.context(line.text, start), line.span(line.text[:start].count(" | ")))
            _add(doc.email_at, email, (at,), place)
        doc.line_digits.append(re.sub(r"\D", "", flat))
        cells = line.text.split(" | ") if line.exact_cells else [flat]
        doc.cell_tokens.append([fold(cell).split() for cell in cells])
        doc.clauses.append(prose.clauses(line.text))
    for page in pages:
        if any(line.page == page.number for line in lines):
            doc.sources[page.number] = page.source
        for email in {e for link in page.links for e in find_emails(link)} - set(doc.email_at):
            doc.email_at[email] = {PLACE_UNKNOWN: [((), EVERYWHERE)]}
    return doc


def _add(index: dict[str, Printed], value: str, at: tuple[int, ...], place: Place) -> None:
    """Record `value` printed at `place` on lines `at`."""
    places = index.setdefault(value, {})
    for line in at:
        if line >= 0:
            places.setdefault(line, []).append(place)


def _emails(text: str) -> list[tuple[str, int]]:
    """Whole addresses in a line and where they start; OCR spaces beside `@` or inside the
    domain are closed (`ana @ north light.example`), never joined across cells."""
    found: list[tuple[str, int]] = []
    offset = 0
    for cell in text.split(" | "):
        found += [(email, offset + cell.lower().find(email.split("@")[0])) for email in find_emails(cell)]
        tokens = cell.split()
        for k, token in enumerate(tokens):
            if "@" not in token:
                continue
            first = k - 1 if token.startswith("@") and k else k
            parts = tokens[first:k + 1]
            last = k
            while last + 1 < len(tokens) and last - k < 2 and (
                    parts[-1].endswith("@") or is_partial_email("".join(parts))):
                last += 1
                parts.append(tokens[last])
            email = join_email_parts(parts) if len(parts) > 1 else None
            if email and all(email != e for e, _ in found):
                found.append((email, offset + cell.find(parts[0])))
        offset += len(cell) + 3
    return found


def _wrapped_emails(upper: str, lower: str) -> list[tuple[str, int]]:
    """An address a narrow cell wrapped, and where it starts in the upper cell: the upper cell
    ends with a fragment (`ana.ruiz@north`) or the lower one starts with one
    (`@northlight.example`), and together they are one whole address."""
    head, tail = upper.split()[-1:], lower.split()[:1]
    if not head or not tail or not (is_partial_email(head[0]) or is_partial_email(tail[0])):
        return []
    email = join_email_parts([head[0], tail[0]])
    return [(email, len(upper) - len(head[0]))] if email else []
