"""Speed and memory of the pattern method on the DEV corpus.

    .venv/bin/python bench/extraction.py [--corpus DIR] [--repeat 10] [--ocr-repeat 1]

Per digital PDF, in the same process: the floor (`pymupdf.open` + `get_text("words")` of
every page) and the whole `pattern` extraction. Prints the median ms per document for both
and their ratio (goal <= 3), the OCR documents separately (ms per OCR page), and the peak
RSS of this process after extracting the corpus `--repeat` times (goal < 100 MB; Tesseract
runs in its own process and is not counted).
"""
from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pymupdf  # noqa: E402

from callsheet.extraction import extract  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "docs"


def floor_ms(path: Path) -> float:
    """Time to open the PDF and read the words of every page: no layout logic at all."""
    started = time.perf_counter()
    doc = pymupdf.open(path)
    for page in doc:
        page.get_text("words")
    doc.close()
    return (time.perf_counter() - started) * 1000


def pattern_ms(path: Path) -> tuple[float, dict]:
    started = time.perf_counter()
    result = extract(path, "pattern")
    return (time.perf_counter() - started) * 1000, result.metadata


def rss_mb() -> float:
    """Peak resident set size of this process in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=10, help="passes over the digital PDFs")
    parser.add_argument("--ocr-repeat", type=int, default=1, help="passes over the scans (slow)")
    args = parser.parse_args()

    files = sorted(p for p in args.corpus.iterdir() if p.suffix.lower() in {".pdf", ".png", ".jpg", ".jpeg", ".tif"})
    extract(files[0], "pattern")  # imports, role lexicon and regexes are loaded once per process
    floors: dict[Path, list[float]] = {}
    patterns: dict[Path, list[float]] = {}
    ocr: list[tuple[float, int]] = []
    for n in range(max(args.repeat, args.ocr_repeat)):
        for path in files:
            is_pdf = path.suffix.lower() == ".pdf"
            if is_pdf and n < args.repeat:
                floors.setdefault(path, []).append(floor_ms(path))
            if n >= args.repeat and n >= args.ocr_repeat:
                continue
            elapsed, meta = pattern_ms(path) if (n < args.repeat or meta_is_ocr(path)) else (0.0, {})
            if meta.get("pagesOcr"):
                if n < args.ocr_repeat:
                    ocr.append((elapsed, meta["pagesOcr"]))
                floors.pop(path, None)
            elif meta:
                patterns.setdefault(path, []).append(elapsed)
    digital = [p for p in patterns if p in floors]
    floor_doc = statistics.median(statistics.median(floors[p]) for p in digital)
    pattern_doc = statistics.median(statistics.median(patterns[p]) for p in digital)
    pages = sum(pymupdf.open(p).page_count for p in digital)
    print(f"digital PDFs: {len(digital)} documents, {pages} pages, {args.repeat} passes")
    print(f"  floor   (open + words) median {floor_doc:7.1f} ms/doc")
    print(f"  pattern (whole method) median {pattern_doc:7.1f} ms/doc")
    per_doc = statistics.median(statistics.median(patterns[p]) / statistics.median(floors[p]) for p in digital)
    print(f"  ratio pattern/floor            {pattern_doc / floor_doc:7.2f}   (goal <= 3; ratio of the medians)")
    print(f"  per-document ratio, median     {per_doc:7.2f}")
    if ocr:
        per_page = statistics.median(ms / n for ms, n in ocr)
        print(f"OCR documents: {len(ocr)} runs, median {per_page:7.0f} ms per OCR page (Tesseract, one call per page)")
    print(f"peak RSS after {args.repeat} passes: {rss_mb():.1f} MB   (goal < 100 MB)")


def meta_is_ocr(path: Path) -> bool:
    return path.suffix.lower() != ".pdf" or "scan" in path.stem


if __name__ == "__main__":
    main()
