"""OCR CPU per page next to its floor: the `tesseract` command's own CPU on the same image.

    .venv/bin/python -m bench.ocr [--corpus DIR ...] [--repeat 1]

For every page of `../shared/corpus` and `../shared/corpus2` that the service OCRs (image
uploads, PDF pages without a text layer): our OCR of the page (`ocr.ocr_page`: rendering,
Tesseract, every extra pass such as orientation detection, parsing) and, in the same run on
the same rendered image, one `tesseract` command with the options of the text pass and
`OMP_THREAD_LIMIT=1` (the floor: what reading the page costs at the least). CPU time counts
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


def _ocr_pages(corpora: tuple[Path, ...]) -> list[tuple[Path, int]]:
    """(file, page index) of every page the service would OCR."""
    from callsheet.extraction import document

    found = []
    for corpus in corpora:
        for path in sorted((corpus / "docs").glob("*")):
            if path.suffix.lower() not in KINDS:
                continue
            doc = document.open_document(path)
            try:
                for page in doc:
                    text = [] if not doc.is_pdf else page.get_text("words")
                    if sum(len(w[4]) for w in text) < document.MIN_TEXT_CHARS:
                        found.append((path, page.number))
            finally:
                doc.close()
    return found


def _measure(path: Path, index: int) -> dict[str, float]:
    """Our OCR of one page, then the floor on the same image: CPU and wall seconds of each."""
    from callsheet.extraction import document, ocr

    doc = document.open_document(path)
    try:
        page = doc[index]
        cpu0, kids0, wall0 = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN), time.perf_counter()
        read = ocr.ocr_page(page, not doc.is_pdf)
        wall = time.perf_counter() - wall0
        cpu = _cpu(resource.RUSAGE_SELF) - cpu0 + _cpu(resource.RUSAGE_CHILDREN) - kids0
        with tempfile.TemporaryDirectory(prefix="bench-ocr-") as tmp:
            image = Path(tmp) / "page.pgm"
            _, uneven = ocr.render(page, not doc.is_pdf, image)
            kids0, wall0 = _cpu(resource.RUSAGE_CHILDREN), time.perf_counter()
            subprocess.run(["tesseract", str(image), str(Path(tmp) / "out"), *ocr.text_args(uneven), "tsv"],
                           env={**os.environ, "OMP_THREAD_LIMIT": "1"}, capture_output=True, check=True)
            floor_wall = time.perf_counter() - wall0
            floor = _cpu(resource.RUSAGE_CHILDREN) - kids0
    finally:
        doc.close()
    return {"cpu": cpu, "wall": wall, "floor": floor, "floor_wall": floor_wall, "words": len(read.words)}


def run(corpora: tuple[Path, ...] = CORPORA, goals: list[Goal] | None = None) -> str:
    """The per-page table and the summary line; the goal row in `goals`."""
    pages = _ocr_pages(tuple(c for c in corpora if (c / "docs").is_dir()))
    if not pages:
        return "No OCR pages found (is ../shared/corpus there?)."
    rows, measured = [], []
    for path, index in pages:
        m = _measure(path, index)
        measured.append(m)
        rows.append([f"{path.parent.parent.name}/{path.name} p{index + 1}", m["cpu"] * 1000,
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
    head = table(["page", "our CPU ms", "tesseract CPU ms (floor)", "x floor", "our wall ms", "words"], rows)
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
