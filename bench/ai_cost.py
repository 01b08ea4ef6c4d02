"""AI cost on the DEV corpus: input and output tokens per page next to the page's own text.

    .venv/bin/python -m bench.ai_cost [--docs DIR] [--method ai|hybrid]

Every document goes through the real `ai` client code (or `hybrid`, which sends only its
weak pages) to the local Messages-API server (`tests/fake_anthropic.py`) answering as an
honest model, the truth of the pages it is sent (`bench/ai_model.py`). The server counts
tokens by the stated rule of `tests/fake_tokens.py` (text: characters / 4; an image or a
PDF page's picture: width x height / 750 after the API's downscaling; a PDF page: its
picture plus its text layer), because Anthropic's own count cannot be had offline. The
floor is the page's own text (the words the extraction reads) counted by the same server
in the same run, through the SDK's `messages.count_tokens`. `max_tokens` is the answer
budget the requests asked for. Nothing leaves this machine.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT.parent / "shared" / "corpus" / "docs"
KINDS = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
SETTINGS = ("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "ANTHROPIC_MAX_RETRIES", "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION")
PARTS = ("system", "image", "pdf_text", "text")


def _floor(client: Any, model: str, path: Path) -> tuple[int, int]:
    """(pages, tokens of the pages' own text) as the server counts a plain text message."""
    from callsheet.extraction import document

    pages = document.load(path)
    tokens = 0
    for page in pages:
        text = " ".join(word.text for word in page.words)
        if text:
            tokens += client.messages.count_tokens(
                model=model, messages=[{"role": "user", "content": text}]).input_tokens
    return len(pages), tokens


def measure(files: list[Path], method: str = "ai") -> list[dict[str, Any]]:
    """One row per document: pages, floor, tokens in and out, answer budget, input by part."""
    sys.path.insert(0, str(ROOT))
    from bench.ai_model import TruthModel
    from callsheet.extraction import extract
    from callsheet.extraction.ai.client import Settings, make_client
    from tests import fake_tokens
    from tests.fake_anthropic import FakeAnthropic

    saved = {name: os.environ.pop(name, None) for name in SETTINGS}
    rows = []
    try:
        with FakeAnthropic(counting=True) as server:
            os.environ.update(ANTHROPIC_API_KEY="sk-bench", ANTHROPIC_BASE_URL=server.url, ANTHROPIC_MAX_RETRIES="0")
            settings = Settings.from_env()
            client = make_client(settings)
            for path in files:
                truth = json.loads(path.with_name(f"{path.stem}.truth.json").read_text())["contacts"]
                server._reply = TruthModel(truth)
                before = len(server.requests)
                result = extract(path, method, {})
                requests = server.requests[before:]
                pages, floor = _floor(client, settings.model, path)
                usage = result.metadata.get("usage", {})
                parts = {p: 0 for p in PARTS}
                for request in requests:
                    for key, value in fake_tokens.input_breakdown(request).items():
                        parts[key] += value
                rows.append({
                    "document": path.name, "pages": pages, "floor": floor,
                    "sent": len(result.metadata.get("pagesSentToAi", result.metadata.get("pagesEscalated", []))),
                    "input": usage.get("inputTokens", 0), "output": usage.get("outputTokens", 0),
                    "requests": usage.get("requests", 0), "max_tokens": sum(r["max_tokens"] for r in requests),
                    **parts,
                })
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return rows


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "-"


def _row(name: str, r: dict[str, Any]) -> str:
    return (f"| {name} | {r['sent']} | {r['floor']:,} | {r['input']:,} | {r['input'] // max(1, r['sent']):,} | "
            f"{_ratio(r['input'], r['floor'])} | {r['output']:,} | {_ratio(r['output'], r['floor'])} | "
            f"{r['max_tokens']:,} | {_ratio(r['output'], r['max_tokens'])} |")


def markdown(rows: list[dict[str, Any]], method: str) -> str:
    """The table, one row per document and the total, then the input per page by part."""
    lines = [
        f"`{method}` on the DEV corpus through the local Messages-API server; tokens estimated by the "
        "server's stated rule (tests/fake_tokens.py: text chars/4, page pictures w x h / 750), floor = the "
        "page's own text counted by the same server in the same run (SDK `messages.count_tokens`).\n",
        "| document | pages sent | floor (page text) | input | input/page | input/floor | output | output/floor "
        "| max_tokens | output/max_tokens |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *(_row(r["document"], r) for r in rows),
    ]
    sent = [r for r in rows if r["sent"]]
    total = {k: sum(r[k] for r in sent) for k in ("sent", "floor", "input", "output", "max_tokens", "requests", *PARTS)}
    lines.append(_row("**all**", total))
    pages = max(1, total["sent"])
    part = {k: total[k] // pages for k in PARTS}
    lines.append(
        f"\nPer page sent ({total['sent']} pages, {total['requests']} requests): input {total['input'] // pages:,} "
        f"tokens (page picture {part['image']:,}, PDF text layer {part['pdf_text']:,}, prompt text {part['text']:,}, "
        f"system prompt and answer schema {part['system']:,}), output {total['output'] // pages:,}, floor "
        f"{total['floor'] // pages:,}; answer budget {total['max_tokens'] // max(1, total['requests']):,} "
        "max_tokens per request.")
    return "\n".join(lines) + "\n"


def run(docs: Path = DOCS, method: str = "ai") -> str:
    """The markdown section for bench/RESULTS.md."""
    files = sorted(p for p in docs.iterdir() if p.suffix.lower() in KINDS and not p.name.endswith(".truth.json"))
    return markdown(measure(files, method), method)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=DOCS)
    parser.add_argument("--method", default="ai", choices=("ai", "hybrid"))
    args = parser.parse_args()
    print(run(args.docs, args.method))


if __name__ == "__main__":
    main()
