"""`aws-textract`: Amazon Textract reads each page, `pattern` turns its words into contacts.

`analyze_document` (TABLES + FORMS) is synchronous and takes one-page PDFs or images only,
so PDFs are split with PyMuPDF and sent page by page as bytes (no S3 round trip). The
Blocks are rebuilt into `Page`s (see `blocks`) and parsed by the same
layout-to-contacts logic as the text layer and OCR.

Settings: AWS_REGION (or AWS_DEFAULT_REGION), the standard credential chain, the SDK's
endpoint settings (AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_TEXTRACT, read by botocore itself),
AWS_RETRY_MODE (standard or adaptive, default standard) and AWS_MAX_ATTEMPTS (default 2:
RQ owns the retries, so botocore only smooths over a single blip).
"""
from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError, NoRegionError, PartialCredentialsError

from callsheet.extraction import document, page_files, services
from callsheet.extraction.errors import (
    MethodNotConfigured,
    PermanentError,
    ServiceUnavailable,
)
from callsheet.extraction.textract.blocks import page_from_blocks
from callsheet.extraction.types import ExtractionResult, Page

SERVICE = "textract"
MAX_BYTES = 10 * 1024 * 1024  # synchronous API limit per document
FEATURES = ["TABLES", "FORMS"]

TRANSIENT_CODES = {
    "ThrottlingException",
    "ProvisionedThroughputExceededException",
    "LimitExceededException",
    "InternalServerError",
    "ServiceUnavailableException",
    "RequestTimeoutException",
}
PERMANENT_MESSAGES = {
    "InvalidParameterException": "Textract rejected the page as invalid; it may be empty or of an unsupported size.",
    "UnsupportedDocumentException": "Textract does not support this document format; upload a PDF, PNG or JPEG.",
    "BadDocumentException": "Textract could not read this document; it may be corrupt or password-protected.",
    "DocumentTooLargeException": "A page is larger than Textract accepts (10 MB); upload a smaller scan.",
    "AccessDeniedException": "The AWS credentials on the server may not call Textract; grant textract:AnalyzeDocument.",
    "UnrecognizedClientException": "AWS rejected the server's credentials; check AWS_ACCESS_KEY_ID and its secret.",
    "InvalidSignatureException": "AWS rejected the request signature; check the server's AWS secret key and clock.",
    "ExpiredTokenException": "The server's AWS session token has expired; renew the credentials.",
}


def make_client(env: Mapping[str, str] | None = None) -> Any:
    """A Textract client from the standard AWS settings, with few SDK retries."""
    env = os.environ if env is None else env
    region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")
    if not region:
        raise MethodNotConfigured("The 'aws-textract' method needs AWS_REGION to be set on the server.")
    config = Config(
        retries={
            "mode": env.get("AWS_RETRY_MODE", "standard"),
            "total_max_attempts": int(env.get("AWS_MAX_ATTEMPTS", "2")),
        },
        connect_timeout=float(env.get("AWS_CONNECT_TIMEOUT", "5")),
        read_timeout=float(env.get("AWS_READ_TIMEOUT", "60")),
    )
    return boto3.client("textract", region_name=region, config=config)


def analyze_pages(
    path: Path, client: Any, progress: Callable[[str, int], None] | None = None,
    numbers: list[int] | None = None,
) -> tuple[list[Page], dict[str, Any]]:
    """Send each page (all, or `numbers`) to Textract; the rebuilt pages and their metadata."""
    numbers = numbers or list(range(1, document.page_count(path) + 1))
    pages: list[Page] = []
    meta = {"tables": 0, "mergedCells": 0, "keyValues": 0, "textractPages": len(numbers)}
    confidences: list[float] = []
    for i, number in enumerate(numbers):
        data = _page_bytes(path, number)
        response = services.call(SERVICE, _analyze, client, data)
        width, height = page_files.page_size(path, number)
        page, summary = page_from_blocks(response.get("Blocks") or [], number, width, height)
        pages.append(page)
        meta["tables"] += summary.tables
        meta["mergedCells"] += summary.merged_cells
        meta["keyValues"] += summary.key_values
        confidences += summary.confidences
        if progress:
            progress("textract", int(100 * (i + 1) / len(numbers)))
    meta["meanWordConfidence"] = round(sum(confidences) / len(confidences), 3) if confidences else None
    return pages, meta


def extract(
    path: Path,
    options: dict[str, Any],
    progress: Callable[[str, int], None] | None = None,
    client: Any = None,
) -> ExtractionResult:
    """Textract every page, then parse the rebuilt words with `pattern`."""
    from callsheet.extraction.pattern import reader as pattern

    client = client or make_client()
    pages, meta = analyze_pages(path, client, progress)
    result = pattern.contacts_from_pages(pages, options)
    for contact in [*result.contacts, *result.below_threshold]:
        contact.sources = sorted({*contact.sources, "aws-textract"})
    result.metadata.update(meta)
    result.metadata["method"] = "aws-textract"
    result.metadata["methodsUsed"] = ["aws-textract"]
    return result


def _page_bytes(path: Path, number: int) -> bytes:
    if page_files.is_image(path):
        return page_files.image_bytes(path, MAX_BYTES, max_side=10000)[0]
    return document.page_pdf(path, number)


def _analyze(client: Any, data: bytes) -> dict[str, Any]:
    """One `analyze_document` call with its errors turned into domain errors."""
    try:
        return client.analyze_document(Document={"Bytes": data}, FeatureTypes=FEATURES)
    except ClientError as exc:
        raise classify(exc) from exc
    except (NoCredentialsError, PartialCredentialsError, NoRegionError) as exc:
        raise MethodNotConfigured(
            f"The 'aws-textract' method is missing AWS settings on the server: {exc}"
        ) from exc
    except BotoCoreError as exc:  # connection errors and timeouts
        raise ServiceUnavailable(f"Textract could not be reached ({exc}); retrying later") from exc


def classify(exc: Any) -> Exception:
    """A botocore `ClientError` -> `ServiceUnavailable` (worth a retry) or `PermanentError`."""
    error = exc.response.get("Error", {})
    code = error.get("Code", "")
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
    if code in TRANSIENT_CODES or status == 429 or status >= 500:
        return ServiceUnavailable(f"Textract is throttling or unavailable ({code or status}); retrying later")
    message = PERMANENT_MESSAGES.get(code) or f"Textract refused the page ({code}): {error.get('Message', '')}"
    return PermanentError(message)
