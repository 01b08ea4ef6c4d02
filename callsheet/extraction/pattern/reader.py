"""The offline `pattern` method: page layout -> contacts, no network, no API key.

Pages come from document.load (text layer or OCR) or from another engine (Textract) via
`contacts_from_pages`. Each page is cut into the regions drawn on it (regions.py), and each
region read as tables with headers (tables.py, rows.py) and as free text (blocks.py); the
records become contacts (contacts.py), one per person, then options (quality threshold,
role preferences) are applied. Confidence and weak pages: confidence.py.
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from callsheet.extraction import document
from callsheet.extraction.normalize.accents import restore_accents, restore_eszett
from callsheet.extraction.normalize.phones import infer_region
from callsheet.extraction.options import apply_options
from callsheet.extraction.pattern.bands import region_lines
from callsheet.extraction.pattern.blocks import free_records
from callsheet.extraction.pattern.confidence import is_weak, ocr_discount, page_doubts
from callsheet.extraction.pattern.contacts import give_lone_addresses, record_contacts
from callsheet.extraction.pattern.lines import median_line_height
from callsheet.extraction.pattern.merging import merge
from callsheet.extraction.pattern.records import Record
from callsheet.extraction.pattern.regions import find_regions
from callsheet.extraction.pattern.rows import table_records
from callsheet.extraction.pattern.tables import find_tables, open_headers
from callsheet.extraction.types import ExtractionResult, Page

Progress = Callable[[str, int], None]
_CLUE = re.compile(r"[\d@]")
_COUNTRY = re.compile(r"\b(?:Ireland|Australia|New Zealand|United Kingdom|England|Scotland|Wales|France|Canada|USA)\b")


def page_records(page: Page, region: str, carry: list,
                 trace: list | None = None) -> tuple[list[Record], list, dict[str, Any]]:
    """A page's records in reading order, the headers of tables that may continue overleaf,
    and counts for `pageStats`; `trace` (debug.py) receives each region's lines and tables."""
    ordered: list[tuple[tuple, Record]] = []
    found: list = []
    stats = {"regions": 0, "tables": 0, "unmappedTables": 0, "unassigned": 0}
    areas = [a for a in find_regions(page) if a.words]
    laid = [region_lines(a, ocr=page.source == "ocr") for a in areas]
    height = median_line_height([line for lines in laid for line in lines])  # the page's unit
    for area, lines in zip(areas, laid, strict=True):
        mine = [h for h in carry if h.x0 < area.x1 and h.x1 > area.x0] if area.drawn else carry
        tables, used = find_tables(lines, mine, area.rulings, height)
        box = (area.y0, area.x0) if area.drawn else None
        for table in tables:
            for record in table_records(table, page.number, height):
                top = table.rows[0].y0 if table.rows else 0
                ordered.append(((*(box or (top, table.header.x0)), top, record.y), record))
        free, lone = free_records(lines, used, page.number, region, height)
        if trace is not None:
            trace.append((area, lines, tables, free))
        for record in free:
            ordered.append(((*(box or (record.y, 0)), record.y, record.y), record))
        found.extend(tables)
        stats["regions"] += area.drawn
        stats["tables"] += len(tables)
        stats["unmappedTables"] += sum(1 for t in tables if not t.rows)
        stats["unassigned"] += len(lone)
        stats.setdefault("lone", []).extend(lone)
    ordered.sort(key=lambda item: item[0])
    every = [line for lines in laid for line in lines]  # a table is open if it reaches the page's end
    return [r for _, r in ordered], open_headers(found, page.height, every, height), stats


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
        records, carry, stats = page_records(page, region, carry)
        found = [c for r in records for c in record_contacts(r, region)]
        if page.source == "ocr":
            ocr_discount(found, page.words)
        contacts.extend(found)
        stats["unassigned"] -= give_lone_addresses(stats.pop("lone", []), contacts)
        stats.update(page_doubts(records))
        mean = sum(c.confidence for c in found) / len(found) if found else 0.0
        if is_weak(bool(page.words), found, stats):
            weak.append(page.number)
        page_stats.append({"page": page.number, "source": page.source, "contacts": len(found),
                           "meanConfidence": round(mean, 2), **stats})
    ocr_pages = {p.number for p in pages if p.source == "ocr"}
    german = {p.number for p in pages if p.source == "ocr" and "deu" in (p.language or "")}
    for c in contacts:  # OCR drops the accents of common names (`GUTIERREZ` was printed `GUTIÉRREZ`)
        if c.page in ocr_pages:
            c.name = restore_accents(restore_eszett(c.name) if c.page in german else c.name)
    result = ExtractionResult(contacts=merge(contacts))
    result.metadata.update(
        method="pattern",
        pages=len(pages),
        pagesOcr=sum(1 for p in pages if p.source == "ocr"),
        pagesUnread=document.unread_pages(pages),
        region=region,
        weakPages=weak,
        pageStats=page_stats,  # why a page is weak: tables unmapped, lone numbers, doubts, confidence
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
