"""Held-out layouts: generate call sheets unlike the DEV corpus, extract them, score them.

    .venv/bin/python -m bench.heldout OUT_DIR

Writes OUT_DIR/docs/<stem>.pdf with <stem>.truth.json (the scorer's format), runs the
`pattern` method on each into OUT_DIR/pred/<stem>.json and prints the team scorer's table.
Deterministic (fixed seeds). The generator checks that every truth name and e-mail is on
the page, so a miss is the extractor's, not a rendering accident.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pymupdf

from bench import heldout_layouts as lay
from bench.heldout_people import Person, Pool

ROOT = Path(__file__).resolve().parent.parent
SCORER = Path("/work/shared/tools/score_contacts.py")
Family = Callable[[Pool, Path], list[Person]]

PLAN: list[tuple[str, str, bool, Family]] = [  # stem, region, wide names (Story only), family
    ("ho_01_textexport", "US", False, lambda pool, p: lay.text_export(pool, p, True)),
    ("ho_02_textexport_gb", "GB", False, lambda pool, p: lay.text_export(pool, p, False)),
    ("ho_03_deptcol", "US", True, lay.dept_column),
    ("ho_04_deptcol_au", "AU", True, lay.dept_column),
    ("ho_05_surname", "NZ", True, lay.surname_first),
    ("ho_06_surname_us", "US", True, lay.surname_first),
    ("ho_07_cards", "US", False, lay.card_grid),
    ("ho_08_cards_ie", "IE", False, lay.card_grid),
    ("ho_09_keyblock", "US", False, lay.key_block),
    ("ho_10_keyblock_au", "AU", False, lay.key_block),
    ("ho_11_threetables", "US", False, lay.three_tables),
    ("ho_12_threetables_gb", "GB", False, lay.three_tables),
    ("ho_13_phonetree", "US", False, lay.phone_tree),
    ("ho_14_phonetree_ie", "IE", False, lay.phone_tree),
    ("ho_15_cast", "US", True, lay.cast_table),
    ("ho_16_cast_gb", "GB", True, lay.cast_table),
    ("ho_17_french", "FR", True, lay.french),
    ("ho_18_keyblock_ie", "IE", False, lay.key_block),
    ("ho_19_surname_tight", "GB", True, lambda pool, p: lay.surname_first(pool, p, tight=True)),
    ("ho_20_mixed", "US", True, lay.mixed_rows),
    ("ho_21_mixed_gb", "GB", True, lay.mixed_rows),
    ("ho_22_scan_cards", "US", False, lay.scanned(lay.card_grid)),
    ("ho_23_scan_textexport", "GB", False, lay.scanned(lambda pool, p: lay.text_export(pool, p, True))),
]


def _check(path: Path, people: list[Person]) -> None:
    """Fail when a truth value is not printed (a generator bug, not an extractor miss)."""
    with pymupdf.open(path) as doc:
        text = " ".join(" ".join(page.get_text().split()) for page in doc)
    text = unicodedata.normalize("NFKC", text).lower().replace("- ", "-")  # `fi` ligatures, wrapped cells
    for p in people:
        for value in (p.first, p.last, p.email or ""):
            if value.lower().replace("ı", "i") not in text.replace("ı", "i"):
                raise SystemExit(f"{path.name}: {value!r} is not on the page")


Plan = list[tuple[str, str, bool, Family]]


def generate(out: Path, plan: Plan = PLAN, seed0: int = 1000) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed, (stem, region, wide, family) in enumerate(plan):
        path = out / f"{stem}.pdf"
        people = family(Pool(seed0 + seed, region, wide), path)
        _check(path, people)
        if path.with_suffix(".png").exists():  # a scanned family: the image is the document
            path.unlink()
            path = path.with_suffix(".png")
        truth = {"file": path.name, "contacts": [p.truth() for p in people]}
        (out / f"{stem}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1))
        paths.append(path)
    return paths


def main(argv: list[str], plan: Plan = PLAN, seed0: int = 1000) -> int:
    """Generate `plan` into argv[0] (default /tmp/heldout), extract with `pattern`, print the scores."""
    out = Path(argv[0] if argv else "/tmp/heldout")
    docs, pred = out / "docs", out / "pred"
    started = time.perf_counter()
    paths = generate(docs, plan, seed0)
    generated = time.perf_counter()
    extract_all(paths, pred)
    done = time.perf_counter()
    print(f"{len(paths)} documents: generated in {generated - started:.1f} s, extracted in {done - generated:.1f} s")
    print(score(docs, pred))
    return 0


def extract_all(paths: list[Path], pred: Path) -> None:
    """`pattern` on each document into pred/<stem>.json; a crash is a result of the bench, not its end."""
    from callsheet.extraction import extract

    pred.mkdir(parents=True, exist_ok=True)
    for path in paths:
        try:
            result = extract(path, "pattern")
        except Exception as exc:
            print(f"{path.name}: {type(exc).__name__}: {exc}")
            continue
        (pred / f"{path.stem}.json").write_text(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))


def score(docs: Path, pred: Path) -> str:
    """The team scorer's table for the predictions in `pred` against the truth in `docs`."""
    roles = ROOT / "callsheet" / "extraction" / "roles.json"
    table = subprocess.run([sys.executable, str(SCORER), "--truth", str(docs), "--pred", str(pred),
                            "--roles", str(roles)], capture_output=True, text=True, check=False)
    return table.stdout + table.stderr


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
