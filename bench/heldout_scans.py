"""Scans nobody printed: image-only copies of the digital sheets of both corpora, read by OCR.

    .venv/bin/python -m bench.heldout_scans OUT_DIR [--dpi 200] [--quality 45] [--corpus DIR ...]

Each digital sheet's pages are rendered in grey at `--dpi`, JPEG-compressed at `--quality`
and put back as an image-only PDF beside a copy of its truth; `pattern` reads them through
Tesseract like any scan, and the team's scorer prints the table. The same truth scored on the
text layer (bench.quality) and on its picture shows what OCR costs, family by family, on
layouts the photo family does not have (gridded spreadsheet exports, boxes, cards).
"""
from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

import pymupdf

from bench.heldout import ROOT, extract_all, score

CORPORA = (ROOT.parent / "shared" / "corpus2", ROOT.parent / "shared" / "corpus")


def image_copies(corpora: list[Path], docs: Path, dpi: int, quality: int) -> list[Path]:
    """Write an image-only copy of every text-layer PDF of `corpora` (scans excepted) into `docs`."""
    docs.mkdir(parents=True, exist_ok=True)
    out = []
    for corpus in corpora:
        for source in sorted((corpus / "docs").glob("*.pdf")):
            truth = source.with_name(f"{source.stem}.truth.json")
            if not truth.exists():
                continue
            with pymupdf.open(source) as src:
                if not any(page.get_text("words") for page in src):
                    continue  # already a scan
                copy = pymupdf.open()
                for page in src:
                    picture = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY).tobytes("jpeg", jpg_quality=quality)
                    blank = copy.new_page(width=page.rect.width, height=page.rect.height)
                    blank.insert_image(blank.rect, stream=picture)
                target = docs / source.name
                copy.save(target)
                copy.close()
            shutil.copy(truth, docs / truth.name)
            out.append(target)
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="/tmp/heldout_scans")
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--quality", type=int, default=45)
    parser.add_argument("--corpus", nargs="+", type=Path, default=[CORPORA[0]])
    args = parser.parse_args(argv)
    out = Path(args.out)
    docs, pred = out / "docs", out / "pred"
    started = time.perf_counter()
    paths = image_copies(args.corpus, docs, args.dpi, args.quality)
    extract_all(paths, pred)
    print(f"{len(paths)} documents at {args.dpi} dpi, JPEG q{args.quality}: {time.perf_counter() - started:.0f} s")
    print(score(docs, pred))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
