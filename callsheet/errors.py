"""Every error answer has one shape: `{"success": false, "error": {"code", "message"}}`.

HTTP errors (including flask-smorest/webargs 422s, 404, 405, 413) and unexpected
exceptions (500) are all turned into that shape here, in one place.
"""
from __future__ import annotations

from typing import Any

from flask import Flask, current_app, jsonify
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException, InternalServerError

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "file_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "too_many_requests",
    500: "internal_error",
    503: "service_unavailable",
}


class ApiError(HTTPException):
    """An HTTP error with our own code and message (raise it from views)."""

    def __init__(self, status: int, message: str, code: str | None = None, *,
                 headers: dict[str, str] | None = None, **details: Any) -> None:
        super().__init__(description=message)
        self.code = status
        self.error_code = code or CODES.get(status, "error")
        self.details = details
        self.headers = headers or {}


def error_response(status: int, code: str, message: str, **details: Any) -> ResponseReturnValue:
    error: dict[str, Any] = {"code": code, "message": message}
    if details:
        error["details"] = details
    return jsonify(success=False, error=error), status


def _validation_message(messages: Any) -> str:
    """A one-line summary of webargs' nested messages: `location.field: problem`."""
    parts: list[str] = []

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), sub)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            parts.append(f"{prefix}: {' '.join(value)}")
        else:
            parts.append(f"{prefix}: {value}")

    walk("", messages)
    return "; ".join(parts) or "Invalid request."


def handle_http_exception(exc: HTTPException) -> ResponseReturnValue:
    status = exc.code or 500
    if isinstance(exc, ApiError):
        body, code = error_response(status, exc.error_code, exc.description or "", **exc.details)  # type: ignore[misc]
        body.headers.update(exc.headers)
        return body, code
    data = getattr(exc, "data", None) or {}
    if status == 422 and "messages" in data:
        messages = data["messages"]
        return error_response(422, "validation_error", _validation_message(messages), fields=messages)
    if status == 413:
        limit = current_app.config.get("MAX_UPLOAD_MB")
        return error_response(413, "file_too_large", f"The upload is larger than {limit:g} MB.")
    message = exc.description or exc.name
    response = error_response(status, CODES.get(status, exc.name.lower().replace(" ", "_")), message)
    if status == 405 and getattr(exc, "valid_methods", None):
        body, code = response  # type: ignore[misc]
        body.headers["Allow"] = ", ".join(exc.valid_methods)
        return body, code
    return response


def handle_unexpected(exc: Exception) -> ResponseReturnValue:
    if isinstance(exc, HTTPException):
        return handle_http_exception(exc)
    current_app.logger.exception("unhandled error", exc_info=exc)
    return error_response(500, "internal_error", InternalServerError.description)


def init_app(app: Flask) -> None:
    """Register after flask-smorest, so these handlers replace its error format."""
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(Exception, handle_unexpected)
