"""How many cell strings per second the normalizers handle (run for every cell of every page).

    .venv/bin/python -m bench.normalize [CORPUS_DOCS_DIR]

Strings are the text lines of the DEV PDFs (the cells the layout engineer sees, roughly).
"cold" clears the per-function caches before every pass; "warm" keeps them, as one worker
does over a document where names and numbers repeat. Rates are strings per CPU second (best
of 3 passes), so a busy machine disturbs them less than wall time.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import pymupdf

from callsheet.extraction.normalize import (
    find_emails,
    find_phones,
    infer_region,
    lexicon,
    looks_like_person,
    name_key,
    normalize_name,
)
from callsheet.extraction.normalize import names as names_module
from callsheet.extraction.normalize import orgs as orgs_module
from callsheet.extraction.normalize import phones as phones_module

DEFAULT_DOCS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "docs"


def corpus_lines(folder: Path) -> list[str]:
    lines: list[str] = []
    for pdf in sorted(folder.glob("*.pdf")):
        with pymupdf.open(pdf) as doc:
            for page in doc:
                lines.extend(line.strip() for line in page.get_text().splitlines() if line.strip())
    return lines


def clear_caches() -> None:
    for fn in (names_module.normalize_name, names_module.name_key, names_module.looks_like_person,
               orgs_module.is_organization, orgs_module.is_placeholder, phones_module._parse):
        fn.cache_clear()
    lexicon()._memo.clear()


def rate(fn: Callable[[str], object], strings: list[str], cold: bool, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        if cold:
            clear_caches()
        start = time.process_time()  # CPU time: steadier than wall time on a busy machine
        for s in strings:
            fn(s)
        best = min(best, time.process_time() - start)
    return len(strings) / best


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DOCS
    start = time.perf_counter()
    lex = lexicon()
    print(f"lexicon build: {1000 * (time.perf_counter() - start):.1f} ms")
    lines = corpus_lines(folder)
    region = infer_region("\n".join(lines))
    print(f"{len(lines)} strings from {folder}")
    cases: dict[str, Callable[[str], object]] = {
        "find_phones": lambda s: find_phones(s, region),
        "normalize_name": normalize_name,
        "looks_like_person": looks_like_person,
        "name_key": name_key,
        "find_emails": find_emails,
        "match_role": lex.match_role,
        "find_roles": lex.find_roles,
        "match_department_header": lex.match_department_header,
    }
    phone_lines = [s for s in lines if sum(c.isdigit() for c in s) >= 7]
    print(f"{len(phone_lines)} of them with 7+ digits")
    print(f"{'function':<26}{'cold /s':>12}{'warm /s':>12}")
    cold, warm = rate(lambda s: find_phones(s, region), phone_lines, True), rate(lambda s: find_phones(s, region),
                                                                                phone_lines, False)
    print(f"{'find_phones (7+ digits)':<26}{cold:>12,.0f}{warm:>12,.0f}")
    for label, fn in cases.items():
        print(f"{label:<26}{rate(fn, lines, True):>12,.0f}{rate(fn, lines, False):>12,.0f}")


if __name__ == "__main__":
    main()
