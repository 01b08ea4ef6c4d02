"""The offline `pattern` method: page layout -> contacts, no network, no API key.

Pages come from document.load (text layer or OCR) or from another engine (Textract) via
`contacts_from_pages`. Each page is read as tables with headers (tables.py) and as free text
(blocks.py); the records become contacts (contacts.py), one per person, then options
(quality threshold, role preferences) are applied.
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from callsheet.extraction import document
from callsheet.extraction.normalize.accents import restore_accents
from callsheet.extraction.normalize.phones import infer_region
from callsheet.extraction.options import apply_options
from callsheet.extraction.pattern.blocks import free_records
from callsheet.extraction.pattern.contacts import merge, record_contacts
from callsheet.extraction.pattern.lines import build_lines, median_line_height
from callsheet.extraction.pattern.records import Record
from callsheet.extraction.pattern.tables import find_tables, open_headers, table_records
from callsheet.extraction.types import ExtractionResult, Page

Progress = Callable[[str, int], None]
WEAK_CONFIDENCE = 0.6
OCR_PENALTY = 0.15
WEAK_UNASSIGNED = 2  # lone personal-looking numbers/e-mails on a page before it counts as weak
_CLUE = re.compile(r"[\d@]")
_COUNTRY = re.compile(r"\b(?:Ireland|Australia|New Zealand|United Kingdom|England|Scotland|Wales|France|Canada|USA)\b")


def _page_records(page: Page, region: str, carry: list) -> tuple[list[Record], list, dict[str, Any]]:
    lines = build_lines(page.words, ocr=page.source == "ocr")
    height = median_line_height(lines)
    tables, used = find_tables(lines, carry)
    ordered: list[tuple[tuple, Record]] = []
    for table in tables:
        for record in table_records(table, page.number, height):
            ordered.append(((table.rows[0].y0 if table.rows else 0, table.header.x0, record.y), record))
    free, unassigned = free_records(lines, used, page.number, region)
    for record in free:
        ordered.append(((record.y, 0, record.y), record))
    ordered.sort(key=lambda item: item[0])
    stats = {"tables": len(tables), "unmappedTables": sum(1 for t in tables if not t.rows), "unassigned": unassigned}
    return [r for _, r in ordered], open_headers(tables, page.height, lines), stats


def region_text(pages: list[Page], first: int = 1200, others: int = 300) -> str:
    """Where the production is told: the lines with numbers or e-mails (addresses, postcodes,
    phones, domains), most of them from the first page; prose is skipped to keep this cheap."""
    parts = []
    for n, page in enumerate(pages):
        lines: dict[tuple[int, int], list[str]] = {}
        for w in page.words:
            lines.setdefault((w.block, w.line), []).append(w.text)
        texts = list(map(" ".join, lines.values()))
        text = " ; ".join(line for line in texts if _CLUE.search(line))  # no clue across two lines
        parts.append(text[: first if n == 0 else others])
        parts.extend(line for line in texts if _COUNTRY.search(line))  # a footer address counts too
    return " ; ".join(parts)


def contacts_from_pages(pages: list[Page], options: dict[str, Any], region: str | None = None) -> ExtractionResult:
    """Contacts of a document given as pages of words (text layer, OCR or Textract)."""
    if region is None:
        region = infer_region(region_text(pages))
    contacts = []
    weak = []
    page_stats = []
    carry: list = []
    for page in pages:
        records, carry, stats = _page_records(page, region, carry)
        found = [c for r in records for c in record_contacts(r, region)]
        if page.source == "ocr":
            for c in found:  # OCR misreads letters: a name may be slightly wrong
                c.confidence = round(max(0.05, c.confidence - OCR_PENALTY), 2)
        contacts.extend(found)
        mean = sum(c.confidence for c in found) / len(found) if found else 0.0
        if page.words and (not found or mean < WEAK_CONFIDENCE or stats["unmappedTables"]
                           or stats["unassigned"] >= WEAK_UNASSIGNED):
            weak.append(page.number)
        page_stats.append({"page": page.number, "source": page.source, "contacts": len(found),
                           "meanConfidence": round(mean, 2), **stats})
    ocr_pages = {p.number for p in pages if p.source == "ocr"}
    for c in contacts:  # OCR drops the accents of common names (`GUTIERREZ` was printed `GUTIÉRREZ`)
        if c.page in ocr_pages:
            c.name = restore_accents(c.name)
    result = ExtractionResult(contacts=merge(contacts))
    result.metadata.update(
        method="pattern",
        pages=len(pages),
        pagesOcr=sum(1 for p in pages if p.source == "ocr"),
        region=region,
        weakPages=weak,
        pageStats=page_stats,  # why a page is weak: tables found/unmapped, lone numbers, confidence
    )
    return apply_options(result, options)


def extract(path: Path, options: dict[str, Any], progress: Progress | None = None) -> ExtractionResult:
    """Extract the contacts of the call sheet at `path` from its layout."""
    started = time.perf_counter()
    if progress:
        progress("reading", 5)
    pages = document.load(Path(path))
    loaded = time.perf_counter()
    if progress:
        progress("extracting", 60)
    result = contacts_from_pages(pages, options)
    done = time.perf_counter()
    result.metadata["timings"] = {
        "loadMs": round((loaded - started) * 1000, 1),
        "layoutMs": round((done - loaded) * 1000, 1),
        "totalMs": round((done - started) * 1000, 1),
    }
    if progress:
        progress("done", 100)
    return result
