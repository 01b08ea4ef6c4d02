"""A small local HTTP server that speaks the Anthropic Messages API, for offline tests.

It listens on 127.0.0.1 (random port); point ANTHROPIC_BASE_URL at `server.url`. Each
POST /v1/messages is answered by `server.reply(request_json)`, by default the next item
of `server.script` (a status code with a JSON contacts answer or an API error body).
Every request received is kept in `server.requests`.

Token counts. The real API counts with its own tokenizer and its own rendering of
document and image blocks; this server cannot, so it estimates by a stated rule
(`tests/fake_tokens.py`), used by POST /v1/messages/count_tokens (what the SDK's
`messages.count_tokens` calls) and, with `FakeAnthropic(counting=True)`, in the `usage` of
every answer. Scripted answers otherwise report the token numbers they were given.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests import fake_tokens

ERROR_TYPES = {
    400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
    404: "not_found_error", 413: "request_too_large", 429: "rate_limit_error",
    500: "api_error", 503: "api_error", 529: "overloaded_error",
}

Reply = tuple[int, dict[str, Any]]


def message(answer: Any, stop_reason: str = "end_turn", input_tokens: int = 1200,
            output_tokens: int = 300, model: str = "claude-sonnet-5-5") -> dict[str, Any]:
    """A Messages API response whose one text block is `answer` (JSON-encoded unless str)."""
    text = answer if isinstance(answer, str) else json.dumps(answer)
    return {
        "id": "msg_fake0001", "type": "message", "role": "assistant", "model": model,
        "content": [{"type": "text", "text": text}],
        "stop_reason": stop_reason, "stop_sequence": None,
        "usage": {"input_tokens": input_tokens, "output_tokens": output_tokens},
    }


def error(status: int, text: str = "fake error") -> Reply:
    return status, {"type": "error", "error": {"type": ERROR_TYPES.get(status, "api_error"), "message": text}}


def ok(answer: Any, **kwargs: Any) -> Reply:
    return 200, message(answer, **kwargs)


class FakeAnthropic:
    """Context manager running the server in a thread."""

    def __init__(self, reply: Callable[[dict[str, Any]], Reply] | None = None, counting: bool = False) -> None:
        self.script: list[Reply] = []
        self.counting = counting  # replace each answer's usage by the estimate of `fake_tokens`
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._reply = reply
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def reply(self, request: dict[str, Any]) -> Reply:
        if self._reply is not None:
            return self._reply(request)
        if not self.script:
            return error(500, "the fake server has no scripted answer left")
        return self.script.pop(0)

    def answer(self, path: str, request: dict[str, Any]) -> Reply:
        """The reply to one POST: a message, a token count, or 404 for any other path."""
        if path == "/v1/messages/count_tokens":
            return 200, {"input_tokens": fake_tokens.input_tokens(request)}
        if path != "/v1/messages":
            return error(404)
        status, payload = self.reply(request)
        if self.counting and status == 200 and payload.get("type") == "message":
            text = "".join(b.get("text", "") for b in payload["content"] if b.get("type") == "text")
            payload = {**payload, "usage": {"input_tokens": fake_tokens.input_tokens(request),
                                            "output_tokens": fake_tokens.text_tokens(text)}}
        return status, payload

    def __enter__(self) -> FakeAnthropic:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                request = json.loads(body or b"{}")
                fake.requests.append(request)
                fake.headers.append({k.lower(): v for k, v in self.headers.items()})
                status, payload = fake.answer(self.path, request)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.send_header("request-id", f"req_fake{len(fake.requests):04d}")
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()


def document_blocks(request: dict[str, Any]) -> list[dict[str, Any]]:
    """The document/image blocks of a request's user message."""
    content = request["messages"][0]["content"]
    return [block for block in content if block.get("type") in ("document", "image")]


def prompt_text(request: dict[str, Any]) -> str:
    content = request["messages"][0]["content"]
    return "\n".join(block["text"] for block in content if block.get("type") == "text")
