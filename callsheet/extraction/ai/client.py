"""`ai`: Anthropic Claude reads the call sheet; grounding keeps only what the page shows.

The document is sent as itself (PDF pages as a `document` block, images as an `image`
block), a few pages per request (AI_MAX_PAGES), with the OCR text of pages that have no
text layer (`prompt`). The answer is structured output (`output_config.format` = JSON
schema, see `answer`), with a `max_tokens` sized to the pages, checked field by field,
normalised like `pattern`'s contacts, then grounded against the document text
(`grounding`).

Settings: ANTHROPIC_API_KEY (required), ANTHROPIC_MODEL (default below), ANTHROPIC_BASE_URL
(gateways, proxies, the test server), ANTHROPIC_TIMEOUT (seconds per request, default 120),
ANTHROPIC_MAX_RETRIES (default 1), AI_MAX_PAGES (pages per request, default 5),
AI_MAX_TOKENS (the largest answer budget a request may ask for, default 16000).

Retries: the SDK retries once at most, for a blip; RQ owns real retries with backoff and the
circuit breaker needs to see each failure, so a failing service is not hammered silently.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anthropic

from callsheet.extraction import document, page_files, services
from callsheet.extraction.ai import prompt
from callsheet.extraction.ai.answer import ANSWER_SCHEMA, ModelContact, answer_budget, parse_answer
from callsheet.extraction.ai.contacts import to_contacts
from callsheet.extraction.ai.grounding import Dropped, ground
from callsheet.extraction.ai.printed import DocumentText, document_text
from callsheet.extraction.errors import (
    MethodNotConfigured,
    OCRUnavailable,
    PermanentError,
    ServiceUnavailable,
    TransientError,
)
from callsheet.extraction.options import apply_options
from callsheet.extraction.pattern.merging import merge
from callsheet.extraction.types import ExtractionResult, Page

SERVICE = "anthropic"
DEFAULT_MODEL = "claude-sonnet-5-5"  # current and not deprecated in anthropic 2.14's model list
MAX_REQUEST_BYTES = 20 * 1024 * 1024  # 32 MB request limit, less base64 growth and the text
MAX_IMAGE_BYTES = 5 * 1024 * 1024
Progress = Callable[[str, int], None]


@dataclass(frozen=True, slots=True)
class Settings:
    api_key: str
    model: str = DEFAULT_MODEL
    base_url: str | None = None
    timeout: float = 120.0
    max_retries: int = 1
    pages_per_request: int = 5
    max_tokens: int = 16000

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        if not env.get("ANTHROPIC_API_KEY"):
            raise MethodNotConfigured("The 'ai' method needs ANTHROPIC_API_KEY to be set on the server.")
        return cls(
            api_key=env["ANTHROPIC_API_KEY"],
            model=env.get("ANTHROPIC_MODEL") or DEFAULT_MODEL,
            base_url=env.get("ANTHROPIC_BASE_URL") or None,
            timeout=float(env.get("ANTHROPIC_TIMEOUT", "120")),
            max_retries=int(env.get("ANTHROPIC_MAX_RETRIES", "1")),
            pages_per_request=max(1, int(env.get("AI_MAX_PAGES", "5"))),
            max_tokens=int(env.get("AI_MAX_TOKENS", "16000")),
        )


def make_client(settings: Settings, http_client: Any = None) -> Any:
    """An `anthropic.Anthropic` client; `http_client` is an `httpx2.Client` (tests, proxies)."""
    return anthropic.Anthropic(
        api_key=settings.api_key,
        base_url=settings.base_url,
        timeout=settings.timeout,
        max_retries=settings.max_retries,
        http_client=http_client,
    )


def extract(
    path: Path, options: dict[str, Any], progress: Progress | None = None, client: Any = None
) -> ExtractionResult:
    """Every page of the document through the model, grounded in the document's text."""
    settings = Settings.from_env()
    try:
        pages = document.load(path)
    except OCRUnavailable:
        pages = []  # the model can still read the image; its answer is then unverified
    numbers = list(range(1, document.page_count(path) + 1))
    return read_pages(path, pages, numbers, options, settings, client, progress)


def read_pages(
    path: Path,
    pages: list[Page],
    numbers: list[int],
    options: dict[str, Any],
    settings: Settings,
    client: Any = None,
    progress: Progress | None = None,
) -> ExtractionResult:
    """Pages `numbers` of `path` through the model; `pages` are the words already read."""
    return apply_options(read(path, pages, numbers, settings, client, progress)[0], options)


def read(
    path: Path, pages: list[Page], numbers: list[int], settings: Settings, client: Any = None,
    progress: Progress | None = None,
) -> tuple[ExtractionResult, Dropped]:
    """The grounded reading of pages `numbers`, and what grounding dropped (`Dropped.disputed`
    tells `hybrid` for whom the model read values the text does not confirm)."""
    client = client or make_client(settings)
    doc = document_text(pages)
    usage = {"inputTokens": 0, "outputTokens": 0, "requests": 0, "model": settings.model}
    chunks = _chunks(path, numbers, settings.pages_per_request, doc)
    sent: list[list[int]] = []  # the pages of the request each contact was read from
    contacts = []
    for i, chunk in enumerate(chunks):
        for answer in _ask_split(client, settings, path, chunk, doc, len(numbers), usage):
            for contact in to_contacts(answer, len(contacts), doc.region):
                contact.page = contact.page if contact.page in chunk else chunk[0]
                contacts.append(contact)
                sent.append(chunk)
        if progress:
            progress("ai", int(100 * (i + 1) / len(chunks)))
    kept, dropped = ground(contacts, sent, doc)
    result = ExtractionResult(contacts=merge(kept))
    result.metadata.update(
        method="ai",
        methodsUsed=["ai"],
        pagesSentToAi=numbers,
        usage=usage,
        ungroundedDropped=dropped.total,
        ungrounded={"phones": dropped.phones, "emails": dropped.emails, "people": dropped.people,
                    "misplaced": dropped.misplaced, "prose": dropped.prose},
        unverifiedContacts=dropped.unverified,
        region=doc.region,
    )
    return result, dropped


def _chunks(path: Path, numbers: list[int], size: int, doc: DocumentText) -> list[list[int]]:
    """Runs of at most `size` consecutive pages whose text comes from the same source (text
    layer, OCR, none), so each request says once what its text is."""
    if page_files.is_image(path):
        return [numbers[:1]]
    chunks: list[list[int]] = []
    for n in numbers:
        last = chunks[-1] if chunks else []
        if last and len(last) < size and last[-1] == n - 1 and doc.source(n) == doc.source(last[0]):
            chunks[-1].append(n)
        else:
            chunks.append([n])
    return chunks


def _ask_split(
    client: Any, settings: Settings, path: Path, chunk: list[int], doc: DocumentText, total: int,
    usage: dict[str, Any],
) -> list[ModelContact]:
    """Ask for one chunk; halve it when it is too big to send or to answer in one go."""
    sources = _sources(path, chunk)
    if sources is None:
        if len(chunk) == 1:
            raise PermanentError(
                f"Page {chunk[0]} is too large to send to the AI service; try the 'pattern' or "
                "'aws-textract' method, or upload a smaller file."
            )
        half = len(chunk) // 2
        return [*_ask_split(client, settings, path, chunk[:half], doc, total, usage),
                *_ask_split(client, settings, path, chunk[half:], doc, total, usage)]
    lines = [line for line in doc.lines if line.page in chunk]
    text_layer = not page_files.is_image(path) and doc.source(chunk[0]) == "text"
    content = prompt.user_content(sources, lines, chunk, total, text_layer)
    budget = answer_budget([line.text for line in lines], settings.max_tokens)
    try:
        return ask(client, settings, content, usage, budget)
    except _Truncated:
        if len(chunk) == 1 and budget < settings.max_tokens:  # the estimate was short: the whole budget
            try:
                return ask(client, settings, content, usage, settings.max_tokens)
            except _Truncated:
                pass
        if len(chunk) == 1:
            raise TransientError(f"The AI answer for page {chunk[0]} was cut short; retrying") from None
        half = len(chunk) // 2
        return [*_ask_split(client, settings, path, chunk[:half], doc, total, usage),
                *_ask_split(client, settings, path, chunk[half:], doc, total, usage)]


def _sources(path: Path, chunk: list[int]) -> list[dict[str, Any]] | None:
    """The document block for `chunk` (None when too big to send), or the image's strips."""
    if page_files.is_image(path):
        data, media_type = page_files.image_bytes(path, MAX_IMAGE_BYTES)
        strips = page_files.image_strips(data)
        if len(strips) == 1:
            return [prompt.image_source(data, media_type)]
        return [prompt.image_source(strip, "image/png") for strip in strips]
    data = page_files.pdf_pages(path, chunk[0], chunk[-1])
    return [prompt.pdf_source(data)] if len(data) <= MAX_REQUEST_BYTES else None


class _Truncated(Exception):
    """The answer hit max_tokens: the chunk must be split."""


def ask(client: Any, settings: Settings, content: list[dict[str, Any]], usage: dict[str, Any],
        max_tokens: int | None = None) -> list[ModelContact]:
    """One Messages API call through the breaker guard; the checked contacts it returned."""
    message = services.call(SERVICE, _create, client, settings, content, max_tokens or settings.max_tokens)
    usage["requests"] += 1
    if message.usage is not None:
        usage["inputTokens"] += message.usage.input_tokens or 0
        usage["outputTokens"] += message.usage.output_tokens or 0
    if message.stop_reason == "refusal":
        raise PermanentError("The AI model declined to read this document; use the 'pattern' method.")
    if message.stop_reason == "max_tokens":
        raise _Truncated
    text = "".join(block.text for block in message.content if getattr(block, "type", "") == "text")
    return parse_answer(text)


def _create(client: Any, settings: Settings, content: list[dict[str, Any]], max_tokens: int) -> Any:
    try:
        return client.messages.create(
            model=settings.model,
            max_tokens=max_tokens,
            system=prompt.SYSTEM,
            messages=[{"role": "user", "content": content}],
            output_config={"format": {"type": "json_schema", "schema": ANSWER_SCHEMA}},
        )
    except anthropic.APIError as exc:
        raise classify(exc, settings) from exc


def classify(exc: Exception, settings: Settings) -> Exception:
    """An SDK error -> `ServiceUnavailable` (retry later) or `PermanentError` (tell the user)."""
    if isinstance(exc, anthropic.APIConnectionError):  # includes timeouts
        return ServiceUnavailable(f"The AI service could not be reached ({exc.message}); retrying later")
    status = getattr(exc, "status_code", 0)
    detail = getattr(exc, "api_message", None) or str(exc)
    if status in (408, 409, 429) or status >= 500:
        what = {429: "is rate-limiting us", 529: "is overloaded"}.get(status, f"failed ({status})")
        return ServiceUnavailable(f"The AI service {what}; retrying later")
    messages = {
        400: f"The AI service rejected the request: {detail}. Try the 'pattern' method for this file.",
        401: "The AI service rejected the API key; check ANTHROPIC_API_KEY on the server.",
        402: "The AI account has no credit left; add billing to the Anthropic account.",
        403: f"The API key may not use model '{settings.model}'; check its permissions or ANTHROPIC_MODEL.",
        404: f"The AI model '{settings.model}' was not found; set ANTHROPIC_MODEL to a current model.",
        413: "The document is too large for the AI service; lower AI_MAX_PAGES or upload fewer pages.",
    }
    return PermanentError(messages.get(status, f"The AI service refused the request ({status}): {detail}"))
