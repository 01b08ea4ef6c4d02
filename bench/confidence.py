"""Does confidence mean something? Precision of predicted contacts above each threshold.

    python3 bench/confidence.py --truth ../shared/corpus/docs --pred DIR [--scorer ../shared/tools]

Pairs predictions with truth exactly as the team scorer does (its own `match`), then prints,
for thresholds 0.5..0.9, how many predictions reach it and how many of those are real
people of the sheet. The issue's bar: precision >= 0.99 at confidence >= 0.8.
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--truth", type=Path, default=ROOT.parent / "shared" / "corpus" / "docs")
    parser.add_argument("--pred", type=Path, required=True)
    parser.add_argument("--scorer", type=Path, default=ROOT.parent / "shared" / "tools")
    args = parser.parse_args()
    sys.path.insert(0, str(args.scorer))
    scorer = importlib.import_module("score_contacts")

    scored: list[tuple[float, bool]] = []
    for truth_file in sorted(args.truth.glob("*.truth.json")):
        pred_file = args.pred / (truth_file.name.removesuffix(".truth.json").rsplit(".", 1)[0] + ".json")
        if not pred_file.exists():
            continue
        truth = json.loads(truth_file.read_text())["contacts"]
        pred = json.loads(pred_file.read_text())["contacts"]
        matched = {j for _, j in scorer.match(truth, pred)}
        scored += [(float(p.get("confidence") or 0), j in matched) for j, p in enumerate(pred)]
    print(f"{len(scored)} predicted contacts")
    for limit in THRESHOLDS:
        kept = [real for conf, real in scored if conf >= limit]
        precision = sum(kept) / len(kept) if kept else 1.0
        print(f"  confidence >= {limit:.1f}: {len(kept):5d} contacts, precision {precision:.4f}")


if __name__ == "__main__":
    main()
