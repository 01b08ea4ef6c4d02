"""`hybrid`: `pattern` first; an outside service only for the pages pattern reads weakly.

A page is escalated when it has no words at all (a scan on a machine without OCR) or when
`pattern` flags it in `weakPages` (phones or e-mails without a name, low mean confidence,
a table it could not map). Escalation goes to `ai` when it is configured, else to
`aws-textract`, else the weak pages are only reported. On a digital sheet that `pattern`
reads confidently no outside call is made at all, so cost is paid only where it helps.

The readings are merged per person (`merge.merge_people`): text-layer contacts come first
and keep their values; escalated readings fill gaps and add people pattern missed. On an
escalated scan, OCR's values join a person the service read only where the two readings do
not disagree: a number the service read for that person and grounding refused (it is not
in the OCR text) means OCR or the service misread it, so OCR's other number is left out
too (`metadata.ocrConflicts`). If the service fails or its breaker is open, the job still
succeeds with what `pattern` found and says so in `metadata.degraded`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from callsheet.extraction import document
from callsheet.extraction.errors import ExtractionError, OCRUnavailable
from callsheet.extraction.hybrid.merge import absorb, find_person, merge_people
from callsheet.extraction.methods import missing_setting
from callsheet.extraction.normalize.names import name_key
from callsheet.extraction.options import apply_options
from callsheet.extraction.pattern import reader as pattern
from callsheet.extraction.types import Contact, ExtractionResult, Page, Word

Progress = Callable[[str, int], None]


def extract(
    path: Path, options: dict[str, Any], progress: Progress | None = None, clients: dict[str, Any] | None = None
) -> ExtractionResult:
    """Pattern everywhere, then the configured outside service on weak pages only.

    `clients` may hold ready "ai" / "aws-textract" clients (tests, long-lived workers).
    """
    clients = clients or {}
    if progress:
        progress("reading", 5)
    pages = _load(path)
    found = pattern.contacts_from_pages([p for p in pages if p.words], {})
    reasons = weak_pages(pages, found.metadata.get("weakPages", []))
    weak = sorted(reasons)
    service = next((m for m in ("ai", "aws-textract") if m in clients or missing_setting(m) is None), None)
    metadata = {**found.metadata, "method": "hybrid", "methodsUsed": ["pattern"], "weakPages": weak,
                "weakReasons": {str(n): r for n, r in sorted(reasons.items())}, "pagesEscalated": []}
    contacts = [_tag(c, "pattern") for c in found.contacts]
    unconfirmed: list[Contact] = []
    if weak and service is None:
        metadata["escalation"] = "no outside service configured; weak pages reported only"
    elif weak:
        if progress:
            progress(service, 50)
        try:
            extra, service_meta, disputed = _escalate(service, path, pages, weak, clients.get(service))
        except ExtractionError as exc:
            metadata["degraded"] = {"service": service, "reason": str(exc), "pagesNotEscalated": weak}
        else:
            ocr = {p.number for p in pages if p.source == "ocr"}
            contacts, unconfirmed, conflicts = _combine(contacts, extra, ocr, disputed)
            metadata.update(service_meta, unconfirmedOcrContacts=len(unconfirmed), ocrConflicts=conflicts)
            metadata["methodsUsed"] = ["pattern", service]
            metadata["pagesEscalated"] = weak
    if progress:
        progress("done", 100)
    result = ExtractionResult(contacts=contacts, below_threshold=unconfirmed, metadata=metadata)
    return apply_options(result, options)


def _combine(
    found: list[Contact], extra: list[Contact], ocr: set[int], disputed: dict[str, set[str]] | None = None
) -> tuple[list[Contact], list[Contact], int]:
    """One contact per person: text-layer readings first, then the service's, then OCR's; and
    how many OCR values were left out because the service read otherwise.

    On an OCR page the service saw the image itself, so a person only OCR "found" is more
    likely misread text than a person: such contacts are returned apart, for review. A
    value the service read for a person and grounding refused (`disputed`, by name key)
    means the readings disagree: OCR's own value of that kind is not added.
    """
    disputed = disputed or {}
    people = merge_people([*[c for c in found if c.page not in ocr], *extra])
    unconfirmed = []
    conflicts = 0
    for contact in (c for c in found if c.page in ocr):
        same = find_person(people, contact)
        if same is None:
            unconfirmed.append(contact)
            continue
        kinds = disputed.get(name_key(same.name), set()) | disputed.get(name_key(contact.name), set())
        if "phones" in kinds:
            ours = set(same.phones or ([same.phone] if same.phone else []))
            theirs = contact.phones or ([contact.phone] if contact.phone else [])
            conflicts += sum(1 for p in theirs if p not in ours)
            contact = replace(contact, phones=[p for p in theirs if p in ours], phone=None, phone_ext=None)
        if "emails" in kinds and contact.email and contact.email != same.email:
            conflicts += 1
            contact = replace(contact, email=None)
        absorb(same, contact)
    return people, unconfirmed, conflicts


def weak_pages(pages: list[Page], pattern_weak: list[int]) -> dict[int, str]:
    """Pages worth an outside reading, with the reason: no text at all, OCR text (a scan:
    the weakest evidence), or flagged by `pattern` (names missing, low confidence, a table
    it could not map). Digital pages pattern reads confidently never appear here."""
    reasons = {n: "pattern-weak" for n in pattern_weak}
    for page in pages:
        if not page.words:
            reasons[page.number] = "no-text"
        elif page.source == "ocr":
            reasons[page.number] = "ocr"
    return reasons


def _escalate(
    service: str, path: Path, pages: list[Page], weak: list[int], client: Any
) -> tuple[list[Contact], dict[str, Any], dict[str, set[str]]]:
    """Contacts of the weak pages read by `service`, the metadata worth keeping, and the
    people for whom the service read values grounding refused (`_combine`)."""
    disputed: dict[str, set[str]] = {}
    if service == "ai":
        from callsheet.extraction.ai import client as ai

        result, dropped = ai.read(path, pages, weak, ai.Settings.from_env(), client)
        keys = ("usage", "ungroundedDropped", "ungrounded", "unverifiedContacts")
        meta = {k: result.metadata[k] for k in keys if k in result.metadata}
        disputed = dropped.disputed
    else:
        from callsheet.extraction.textract import client as textract

        read, textract_meta = textract.analyze_pages(path, client or textract.make_client(), numbers=weak)
        result = pattern.contacts_from_pages(read, {}, region=pattern_region(pages))
        meta = {"textract": textract_meta}
    return [_tag(c, service) for c in result.contacts + result.below_threshold], meta, disputed


def pattern_region(pages: list[Page]) -> str | None:
    """The production's region from the text pattern read, so Textract numbers agree."""
    from callsheet.extraction.normalize.phones import infer_region

    text = " ".join(w.text for p in pages for w in p.words)
    return infer_region(text) if text else None


def _tag(contact: Contact, method: str) -> Contact:
    contact.sources = sorted({*contact.sources, method})
    return contact


def _load(path: Path) -> list[Page]:
    """All pages, OCR'd where needed; without OCR, the pages with no text layer stay empty."""
    try:
        return document.load(path)
    except OCRUnavailable:
        pass
    with document.open_document(path) as doc:
        pages = []
        for page in doc:
            raw = page.get_text("words") if doc.is_pdf else []
            text = sum(len(w[4]) for w in raw) >= document.MIN_TEXT_CHARS
            words = [Word(*w[:7]) for w in raw] if text else []
            pages.append(Page(page.number + 1, page.rect.width, page.rect.height, words,
                              source="text" if text else "none"))
        return pages
