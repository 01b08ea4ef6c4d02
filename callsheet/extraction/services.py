"""Calls to outside services (Anthropic, Textract) go through one guard.

Extraction must not know about Redis or RQ, yet the circuit breakers that protect those
services keep their state in Redis. So extraction calls `call("anthropic", fn, ...)` and the
worker installs the real guard at start-up with `set_guard(...)` (see `callsheet.breakers`).
Without a guard the call is made directly, which is what the CLI and unit tests want.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class Guard(Protocol):
    def __call__(self, service: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any: ...


def direct(service: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """The default guard: no breaker, just the call."""
    return fn(*args, **kwargs)


_guard: Guard = direct


def set_guard(guard: Guard | None) -> None:
    """Install the guard every outside call runs through; None restores the direct call."""
    global _guard
    _guard = guard or direct


def call(service: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run `fn(*args, **kwargs)` for `service` ("anthropic", "textract") through the guard.

    The guard may raise `CircuitOpen` instead of calling when the service is known to fail.
    """
    return _guard(service, fn, *args, **kwargs)
