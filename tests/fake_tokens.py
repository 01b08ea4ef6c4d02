"""Token estimates for the local Messages-API server: a stated rule, not Anthropic's tokenizer.

The real API counts text with its tokenizer and turns every PDF page into an image plus
the page's extracted text; the exact numbers are only known to the API (and to its
`/v1/messages/count_tokens`). This module estimates them by the rules Anthropic documents:

- text (system prompt, text blocks, the JSON schema of structured output, a PDF page's
  text layer, the answer): characters / 4, rounded up;
- an image: scaled down, aspect kept, until its long edge is <= 1568 px and it has
  <= 1.15 megapixels, then width x height / 750;
- a PDF page: the image of the page at that largest size, plus its text layer.

Figures built on these estimates are comparable with each other (the same rule for the
request and for its floor), not a bill.
"""
from __future__ import annotations

import base64
import json
import math
from typing import Any

CHARS_PER_TOKEN = 4
PIXELS_PER_TOKEN = 750
MAX_EDGE = 1568
MAX_PIXELS = 1_150_000


def text_tokens(text: str) -> int:
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def image_tokens(width: float, height: float) -> int:
    """Tokens of an image of `width` x `height` pixels once the API has scaled it down."""
    scale = min(1.0, MAX_EDGE / max(width, height), math.sqrt(MAX_PIXELS / (width * height)))
    return math.ceil(int(width * scale) * int(height * scale) / PIXELS_PER_TOKEN)


def pdf_tokens(data: bytes) -> tuple[int, int]:
    """(image tokens, text tokens) of every page of a PDF."""
    import pymupdf

    images = texts = 0
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        for page in doc:
            images += image_tokens(page.rect.width * 100, page.rect.height * 100)  # any size: scaled down
            texts += text_tokens(page.get_text())
    return images, texts


def block_tokens(block: dict[str, Any]) -> dict[str, int]:
    """Tokens of one content block, by kind: `image`, `pdf_text`, `text`."""
    kind = block.get("type")
    if kind == "text":
        return {"text": text_tokens(block["text"])}
    if kind not in ("document", "image"):
        return {"text": text_tokens(json.dumps(block))}
    source = block["source"]
    if source.get("type") == "text":
        return {"text": text_tokens(source["data"])}
    data = base64.b64decode(source["data"])
    if kind == "document":
        images, texts = pdf_tokens(data)
        return {"image": images, "pdf_text": texts}
    import pymupdf

    pix = pymupdf.Pixmap(data)
    return {"image": image_tokens(pix.width, pix.height)}


def input_breakdown(request: dict[str, Any]) -> dict[str, int]:
    """A request's input tokens by part: `system` (prompt and answer schema), `image`,
    `pdf_text` (the text layer the API takes from a PDF), `text` (text blocks)."""
    parts = {"system": 0, "image": 0, "pdf_text": 0, "text": 0}
    system = request.get("system") or ""
    if not isinstance(system, str):
        system = "".join(block.get("text", "") for block in system)
    parts["system"] += text_tokens(system)
    schema = (request.get("output_config") or {}).get("format")
    if schema:
        parts["system"] += text_tokens(json.dumps(schema))
    for message in request.get("messages", []):
        content = message["content"]
        blocks = [{"type": "text", "text": content}] if isinstance(content, str) else content
        for block in blocks:
            for key, value in block_tokens(block).items():
                parts[key] += value
    return parts


def input_tokens(request: dict[str, Any]) -> int:
    return sum(input_breakdown(request).values())
