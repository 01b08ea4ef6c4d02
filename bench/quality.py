"""Extraction quality per family, and the extractor's CPU per page next to its floor.

    .venv/bin/python -m bench.quality [--corpus DIR ...] [--method pattern] [--family NAME ...]
                                      [--jobs 2] [--pred DIR] [--markdown]

For every document of each corpus (default: `../shared/corpus` and `../shared/corpus2`),
in `--jobs` processes: the extraction's predictions (written to `--pred`, one JSON per
document, what `score_contacts.py` reads), its CPU ms, and the floor, PyMuPDF opening the
document and reading the words of every page. Then, per family of the corpus's
`index.json`: F1, exact-contact rate and field accuracies with the team's scorer
(`../shared/tools/score_contacts.py`, imported, not copied), and the precision of the
contacts given confidence >= 0.8, counted two ways: a real person of the sheet (matched)
and a person with name, role, phone and e-mail right (exact). Digital pages and OCR pages
report their CPU apart (Tesseract runs in a child process: its CPU is counted too).
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import statistics
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
KINDS = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
CONFIDENT = 0.8


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (Tesseract)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _floor_ms(path: Path) -> float | None:
    """CPU ms to open the document and read every page's words: no reading logic at all."""
    import pymupdf

    started = _cpu()
    try:
        doc = pymupdf.open(path)
        for page in doc:
            page.get_text("words")
        doc.close()
    except Exception:  # an image PyMuPDF cannot open as a document: no floor
        return None
    return (_cpu() - started) * 1000


def _run(task: tuple[str, str, str]) -> dict[str, Any]:
    """Extract one document in a worker process; never raises (a failure is a result)."""
    path, method, pred_dir = Path(task[0]), task[1], Path(task[2])
    from callsheet.extraction import extract

    floor = _floor_ms(path)
    started = _cpu()
    try:
        result = extract(path, method)
        contacts, metadata, error = [c.to_dict() for c in result.contacts], result.metadata, None
    except Exception as exc:
        contacts, metadata, error = [], {}, f"{type(exc).__name__}: {exc}"
    cpu_ms = (_cpu() - started) * 1000
    (pred_dir / f"{path.stem}.json").write_text(json.dumps({"contacts": contacts, "metadata": metadata},
                                                           ensure_ascii=False, default=str, indent=1))
    return {"file": path.name, "cpu_ms": cpu_ms, "floor_ms": floor, "pages": max(1, int(metadata.get("pages") or 1)),
            "ocr_pages": int(metadata.get("pagesOcr") or 0), "error": error}


def _families(corpus: Path) -> dict[str, str]:
    index = json.loads((corpus / "index.json").read_text())
    return {doc["file"]: doc["family"] for doc in index["documents"]}


def _score(scorer: Any, roles: Any, truth_dir: Path, pred_dir: Path, files: list[str]) -> dict[str, Any]:
    """The scorer's summary over `files`, plus the precision of confident contacts."""
    tot = defaultdict(int)
    confident = matched_confident = exact_confident = 0
    for name in files:
        stem = Path(name).stem
        truth = json.loads((truth_dir / f"{stem}.truth.json").read_text())["contacts"]
        pred, _ = scorer.load_pred(pred_dir / f"{stem}.json")
        doc = scorer.score_doc(truth, pred, roles)
        for key in ("n_truth", "n_pred", "matched"):
            tot[key] += doc[key]
        for key, value in doc["fields"].items():
            tot[key] += value
        pairs = dict((j, i) for i, j in scorer.match(truth, pred))
        for j, contact in enumerate(pred):
            if float(contact.get("confidence") or 0) < CONFIDENT:
                continue
            confident += 1
            if j in pairs:
                matched_confident += 1
                one = scorer.score_doc([truth[pairs[j]]], [contact], roles)
                exact_confident += one["fields"]["exact"]
    p, r, f1 = scorer.prf(tot["matched"], tot["n_truth"], tot["n_pred"])
    m = tot["matched"] or 1
    return {
        "docs": len(files), "truth": tot["n_truth"], "pred": tot["n_pred"], "f1": f1, "precision": p, "recall": r,
        "exact": tot["exact"] / tot["n_truth"] if tot["n_truth"] else 0.0,
        **{k: tot[k] / m for k in ("name", "role", "department", "phone", "email")},
        "character": tot["character"] / tot["character_n"] if tot["character_n"] else None,
        "confident": confident,
        "confident_real": matched_confident / confident if confident else 1.0,
        "confident_exact": exact_confident / confident if confident else 1.0,
    }


def _fmt(value: Any) -> str:
    return "-" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def table(rows: list[tuple[str, dict[str, Any]]]) -> str:
    """A markdown table of the per-family scores."""
    cols = ["docs", "truth", "pred", "f1", "exact", "name", "role", "department", "phone", "email", "character",
            "confident", "confident_real", "confident_exact"]
    heads = ["family", *cols[:11], "conf>=0.8", "P(real)", "P(exact)"]
    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    for name, row in rows:
        lines.append("| " + " | ".join([name] + [_fmt(row[c]) for c in cols]) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, nargs="+", default=[SHARED / "corpus", SHARED / "corpus2"])
    parser.add_argument("--method", default="pattern")
    parser.add_argument("--family", nargs="*", help="only these families")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--pred", type=Path, default=Path("/tmp/callsheet-quality"))
    parser.add_argument("--scorer", type=Path, default=SHARED / "tools")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.scorer))
    scorer = importlib.import_module("score_contacts")

    started = time.monotonic()
    report: list[str] = []
    cpu_digital: list[float] = []
    floor_digital: list[float] = []
    cpu_ocr: list[float] = []
    for corpus in args.corpus:
        families = _families(corpus)
        docs = corpus / "docs"
        files = sorted(f for f, fam in families.items() if not args.family or fam in args.family)
        pred_dir = args.pred / corpus.name
        pred_dir.mkdir(parents=True, exist_ok=True)
        tasks = [(str(docs / f), args.method, str(pred_dir)) for f in files]
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(_run, tasks))
        for res in results:
            if res["error"]:
                print(f"  {res['file']}: {res['error']}", file=sys.stderr)
            elif res["ocr_pages"]:
                cpu_ocr.append(res["cpu_ms"] / res["ocr_pages"])
            else:
                cpu_digital.append(res["cpu_ms"] / res["pages"])
                if res["floor_ms"] is not None:
                    floor_digital.append(res["floor_ms"] / res["pages"])
        roles = scorer.RoleMap(corpus / "roles.json")
        by_family: dict[str, list[str]] = defaultdict(list)
        for f in files:
            by_family[families[f]].append(f)
        rows = [(fam, _score(scorer, roles, docs, pred_dir, fs)) for fam, fs in sorted(by_family.items())]
        rows.append(("**all**", _score(scorer, roles, docs, pred_dir, files)))
        report.append(f"### {corpus.name} ({args.method})\n\n{table(rows)}\n")
    if cpu_digital:
        median, floor = statistics.median(cpu_digital), statistics.median(floor_digital or [0.0])
        report.append(f"Digital pages: median {median:.1f} CPU ms per page (goal <= 30), floor (PyMuPDF open + "
                      f"words) {floor:.1f} ms, x{median / floor:.1f} the floor; {len(cpu_digital)} documents.")
    if cpu_ocr:
        report.append(f"OCR pages: median {statistics.median(cpu_ocr):.0f} CPU ms per page (Tesseract included), "
                      f"{len(cpu_ocr)} documents.")
    report.append(f"_{time.monotonic() - started:.0f} s, predictions in {args.pred}_")
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
