"""OCR CPU per page next to its floor: the `tesseract` command's own CPU on the same image.

    .venv/bin/python -m bench.ocr [--corpus DIR ...] [--repeat 1]

For every page of `../shared/corpus` and `../shared/corpus2` that the service OCRs (image
uploads, PDF pages without a text layer): our OCR of the page (`ocr.ocr_page`: rendering,
Tesseract, every extra pass such as orientation detection, parsing) and, in the same run on
the same rendered image, one `tesseract` command with the options of the text pass, in the
languages the page was read in, and `OMP_THREAD_LIMIT=1` (the floor: what reading the page
costs at the least, knowing its language and orientation). CPU time counts
this process and its reaped children (`getrusage`), so the machine's load does not inflate
it; wall time gives ms per OCR page and pages per minute per worker (one worker process
reads one page at a time). Issue 13's goal: our CPU <= 1.2x the floor.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench.goals import Goal
from bench.report import table

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPORA = (SHARED / "corpus", SHARED / "corpus2")
KINDS = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
GOAL_RATIO = 1.2


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _ocr_pages(corpora: tuple[Path, ...]) -> list[tuple[Path, list[int]]]:
    """Every document with pages the service would OCR, and those pages (0-based)."""
    from callsheet.extraction import document

    found = []
    for corpus in corpora:
        for path in sorted((corpus / "docs").glob("*")):
            if path.suffix.lower() not in KINDS:
                continue
            doc = document.open_document(path)
            try:
                numbers = [page.number for page in doc
                           if sum(len(w[4]) for w in (page.get_text("words") if doc.is_pdf else [])) <
                           document.MIN_TEXT_CHARS]
            finally:
                doc.close()
            if numbers:
                found.append((path, numbers))
    return found


def _measure(path: Path, numbers: list[int]) -> list[dict[str, float]]:
    """Our OCR of each page (in turn, the language of one page going to the next as in
    document.load), then the floor on the same image: CPU and wall seconds of each."""
    from callsheet.extraction import document, ocr

    doc = document.open_document(path)
    out, lang = [], None
    try:
        for index in numbers:
            page = doc[index]
            cpu0, kids0, wall0 = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN), time.perf_counter()
            read = ocr.ocr_page(page, not doc.is_pdf, lang)
            wall = time.perf_counter() - wall0
            cpu = _cpu(resource.RUSAGE_SELF) - cpu0 + _cpu(resource.RUSAGE_CHILDREN) - kids0
            lang = read.language or lang
            with tempfile.TemporaryDirectory(prefix="bench-ocr-") as tmp:
                image = Path(tmp) / "page.pgm"
                _, uneven = ocr.render(page, not doc.is_pdf, image)
                args = ["-l", read.language or "eng", *ocr.text_args(uneven)]
                kids0 = _cpu(resource.RUSAGE_CHILDREN)
                subprocess.run(["tesseract", str(image), str(Path(tmp) / "out"), *args, "tsv"],
                               env={**os.environ, "OMP_THREAD_LIMIT": "1"}, capture_output=True, check=True)
                floor = _cpu(resource.RUSAGE_CHILDREN) - kids0
            out.append({"page": index + 1, "cpu": cpu, "wall": wall, "floor": floor, "words": len(read.words),
                        "language": read.language or "-"})
    finally:
        doc.close()
    return out


def run(corpora: tuple[Path, ...] = CORPORA, goals: list[Goal] | None = None) -> str:
    """The per-page table and the summary line; the goal row in `goals`."""
    pages = _ocr_pages(tuple(c for c in corpora if (c / "docs").is_dir()))
    if not pages:
        return "No OCR pages found (is ../shared/corpus there?)."
    rows, measured = [], []
    for path, numbers in pages:
        for m in _measure(path, numbers):
            measured.append(m)
            rows.append([f"{path.parent.parent.name}/{path.name} p{m['page']}", m["language"], m["cpu"] * 1000,
                         m["floor"] * 1000, m["cpu"] / m["floor"], m["wall"] * 1000, m["words"]])
    cpu = sum(m["cpu"] for m in measured)
    floor = sum(m["floor"] for m in measured)
    wall_ms = statistics.median(m["wall"] for m in measured) * 1000
    cpu_ms = statistics.median(m["cpu"] for m in measured) * 1000
    per_minute = 60_000 / wall_ms
    if goals is not None:
        goals.append(Goal.against("OCR CPU per page, x the tesseract command on the same image", cpu / len(measured)
                                  * 1000, floor / len(measured) * 1000, GOAL_RATIO, by_ratio=True,
                                  note=f"{len(measured)} pages; median {wall_ms:,.0f} ms per OCR page, "
                                       f"{per_minute:.1f} pages per minute per worker"))
    head = table(["page", "languages", "our CPU ms", "tesseract CPU ms (floor)", "x floor", "our wall ms", "words"],
                 rows)
    return (f"{head}\n\nAll {len(measured)} OCR pages: our CPU {cpu * 1000:,.0f} ms, the tesseract command's "
            f"{floor * 1000:,.0f} ms: **{cpu / floor:.2f}x the floor** (goal <= {GOAL_RATIO}x). Median per page: "
            f"{cpu_ms:,.0f} ms CPU, {wall_ms:,.0f} ms wall: {per_minute:.1f} pages per minute per worker "
            f"(one page at a time, `OMP_THREAD_LIMIT=1`).\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, nargs="+", default=list(CORPORA))
    args = parser.parse_args()
    print(run(tuple(args.corpus)))


if __name__ == "__main__":
    main()
