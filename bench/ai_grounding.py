"""DEV scores of `hybrid` without outside services (must equal `pattern`), and of `ai` and
`hybrid` against the local fake Messages API answering the truth plus invented values.

    .venv/bin/python bench/ai_grounding.py [--docs DIR] [--out DIR]

The fake model answers, for the pages it is sent, every true contact printed there (read
from the request as `bench/ai_model.py` does; all of them for an image without text) plus
noise: two invented people per request, an invented extra number for every third person,
an invented e-mail for every fourth, another person's printed e-mail for some without one.
Grounding must drop the noise: precision >= 0.99. Nothing leaves this machine.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.ai_model import answer_contact, present, schema_fields, truth_fields  # noqa: E402
from callsheet.extraction import extract  # noqa: E402
from tests.fake_anthropic import FakeAnthropic, ok  # noqa: E402

SCORER = Path("/work/shared/tools/score_contacts.py")
SERVICE_SETTINGS = ("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                    "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION")
FIRST = ["Zebulon", "Ottoline", "Pryderi", "Quillon", "Ysolde", "Barnaby", "Thaddeus", "Leocadia"]
LAST = ["Quartermaine", "Vasquez-Oyelaran", "Featherstonehaugh", "Marchbanks", "Okonkwo-Reyes"]


class NoisyModel:
    """Answers a request with the truth of the pages it holds, plus inventions."""

    def __init__(self, truth: list[dict], seed: int) -> None:
        self.truth = truth
        self.random = random.Random(seed)
        self.invented = {"people": 0, "phones": 0, "emails": 0, "misattributed": 0}

    def __call__(self, request: dict) -> tuple[int, dict]:
        fields = schema_fields(request)
        found = present(self.truth, request)
        answer = []
        others = [c["email"] for _, c in found if c["email"]]
        for i, (page, c) in enumerate(found):
            values = truth_fields(c)
            if i % 3 == 0:
                values["phones"] = [*values["phones"], self._phone()]
                self.invented["phones"] += 1
            if i % 4 == 1 and not values["email"]:
                values["email"] = f"{c['name'].split()[0].lower()}.{self.random.randint(10, 99)}@invented.example"
                self.invented["emails"] += 1
            elif i % 7 == 3 and not values["email"] and others:
                values["email"] = self.random.choice(others)  # someone else's address, printed elsewhere
                self.invented["misattributed"] += 1
            answer.append(answer_contact(fields, page, c["name"], **values))
        page = found[0][0] if found else 1
        for _ in range(2):
            name = f"{self.random.choice(FIRST)} {self.random.choice(LAST)}"
            answer.append(answer_contact(fields, page, name, "Key Grip", department="Grip", phones=[self._phone()],
                                         email=f"{name.split()[0].lower()}@invented.example"))
            self.invented["people"] += 1
        return ok({"contacts": answer}, input_tokens=3000, output_tokens=40 * len(answer))

    def _phone(self) -> str:
        return f"+1 (310) 555-{self.random.randint(200, 999):04d}"  # outside the 0100-0199 range


def run(files: list[Path], method: str, out: Path, server: FakeAnthropic | None = None) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    invented = {"people": 0, "phones": 0, "emails": 0, "misattributed": 0}
    usage = {"inputTokens": 0, "outputTokens": 0, "requests": 0}
    for i, path in enumerate(files):
        if server is not None:
            truth = json.loads(path.with_name(f"{path.stem}.truth.json").read_text())["contacts"]
            model = NoisyModel(truth, seed=i)
            server._reply = model
        result = extract(path, method, {})
        (out / f"{path.stem}.json").write_text(json.dumps(result.to_dict(), ensure_ascii=False))
        if server is not None:
            for key in invented:
                invented[key] += model.invented[key]
            for key in usage:
                usage[key] += result.metadata.get("usage", {}).get(key, 0)
    return {"invented": invented, "usage": usage}


def _people(path: Path) -> list[dict]:
    """A prediction file's contacts without `sources` (hybrid adds the method there)."""
    return [{k: v for k, v in c.items() if k != "sources"} for c in json.loads(path.read_text())["contacts"]]


def score(out: Path, docs: Path) -> dict:
    cmd = [sys.executable, str(SCORER), "--truth", str(docs), "--pred", str(out)]
    table = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    summary = json.loads(subprocess.run([*cmd, "--json"], capture_output=True, text=True, check=True).stdout)
    print(table)
    return summary["summary"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=Path("/work/shared/corpus/docs"))
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "ai_grounding")
    args = parser.parse_args()
    files = sorted(p for p in args.docs.iterdir() if p.suffix in (".pdf", ".png", ".jpg"))
    for name in SERVICE_SETTINGS:
        os.environ.pop(name, None)

    print("== pattern ==")
    run(files, "pattern", args.out / "pattern")
    pattern = score(args.out / "pattern", args.docs)
    print("== hybrid, no outside service configured ==")
    run(files, "hybrid", args.out / "hybrid-offline")
    offline = score(args.out / "hybrid-offline", args.docs)
    same = all(
        _people(args.out / "pattern" / f.name) == _people(f)
        for f in sorted((args.out / "hybrid-offline").glob("*.json"))
    )

    with FakeAnthropic() as server:
        os.environ.update(ANTHROPIC_API_KEY="sk-bench", ANTHROPIC_BASE_URL=server.url, ANTHROPIC_MAX_RETRIES="0")
        print("== ai, fake model answering truth + noise ==")
        ai_run = run(files, "ai", args.out / "ai-noisy", server)
        ai = score(args.out / "ai-noisy", args.docs)
        print("== hybrid, fake model on weak pages ==")
        hybrid_run = run(files, "hybrid", args.out / "hybrid-noisy", server)
        hybrid = score(args.out / "hybrid-noisy", args.docs)

    print(json.dumps({
        "pattern_f1": pattern["f1"], "hybrid_offline_f1": offline["f1"],
        "hybrid_offline_contacts_identical_to_pattern": same,
        "ai_noisy": {"precision": ai["precision"], "recall": ai["recall"], **ai_run},
        "hybrid_noisy": {"precision": hybrid["precision"], "recall": hybrid["recall"],
                         **hybrid_run},
    }, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
