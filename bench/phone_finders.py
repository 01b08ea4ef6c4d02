"""Phone finders compared on every text-layer line of the corpora: ours and libphonenumber's.

    .venv/bin/python -m bench.phone_finders [--corpus DIR ...]

For each line of each digital document (PyMuPDF words grouped by line, region inferred as
the reader does), `normalize.phones.find_phones` and `phonenumbers.PhoneNumberMatcher`
(leniency POSSIBLE, the same region) each list numbers. Printed per corpus: how many of the
numbers the truth gives people (and, where index.json lists them, the organisations' numbers)
each finder finds, how many it finds that are neither (times, dates, ZIPs read as numbers),
how many only one of them finds, and the CPU each takes, so the choice of finder is measured.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import phonenumbers

from callsheet.extraction import document
from callsheet.extraction.normalize.phones import find_phones
from callsheet.extraction.normalize.region import infer_region
from callsheet.extraction.pattern.reader import region_text

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _lines(pages) -> list[str]:
    out = []
    for page in pages:
        lines: dict[tuple[int, int], list[str]] = {}
        for w in page.words:
            lines.setdefault((w.block, w.line), []).append(w.text)
        out += [" ".join(ws) for ws in lines.values()]
    return out


def _matcher(line: str, region: str) -> set[str]:
    return {phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164)
            for m in phonenumbers.PhoneNumberMatcher(line, region, leniency=phonenumbers.Leniency.POSSIBLE)}


def _corpus(folder: Path) -> dict[str, float]:
    index = {d["file"]: d for d in json.loads((folder / "index.json").read_text())["documents"]}
    totals = dict.fromkeys(("known", "ours", "matcher", "ours_other", "matcher_other", "only_ours",
                            "only_matcher", "ours_s", "matcher_s"), 0.0)
    for path in sorted((folder / "docs").glob("*.pdf")):
        pages = document.load(path)
        if any(p.source != "text" for p in pages):
            continue
        truth = json.loads(path.with_suffix(".truth.json").read_text())["contacts"]
        known = {n for c in truth for n in (c.get("phones") or ([c["phone"]] if c.get("phone") else []))}
        known |= set(index.get(path.name, {}).get("org_numbers", []))
        region = infer_region(region_text(pages))
        lines = _lines(pages)
        started = time.process_time()
        ours = {m.e164 for line in lines for m in find_phones(line, region)}
        totals["ours_s"] += time.process_time() - started
        started = time.process_time()
        theirs = {n for line in lines for n in _matcher(line, region)}
        totals["matcher_s"] += time.process_time() - started
        totals["known"] += len(known)
        totals["ours"] += len(ours & known)
        totals["matcher"] += len(theirs & known)
        totals["ours_other"] += len(ours - known)
        totals["matcher_other"] += len(theirs - known)
        totals["only_ours"] += len((ours - theirs) & known)
        totals["only_matcher"] += len((theirs - ours) & known)
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", nargs="*", type=Path, default=[SHARED / "corpus", SHARED / "corpus2"])
    args = parser.parse_args(argv)
    print("| corpus | known numbers | find_phones | PhoneNumberMatcher | only find_phones | only matcher "
          "| other finds (ours / matcher) | CPU s (ours / matcher) |")
    print("|---|---|---|---|---|---|---|---|")
    for folder in args.corpus:
        t = _corpus(folder)
        print(f"| {folder.name} | {t['known']:.0f} | {t['ours']:.0f} | {t['matcher']:.0f} | {t['only_ours']:.0f} "
              f"| {t['only_matcher']:.0f} | {t['ours_other']:.0f} / {t['matcher_other']:.0f} "
              f"| {t['ours_s']:.2f} / {t['matcher_s']:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
