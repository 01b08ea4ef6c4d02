"""Circuit breakers for the outside services, their state shared in Redis by all workers.

One breaker per service ("anthropic", "textract"), built on pybreaker with its
`CircuitRedisStorage`, so every worker process sees the same state. A run of
`BREAKER_FAIL_MAX` transient failures (5xx, 429, 529, timeouts) opens it; while open, calls
fail at once with `CircuitOpen(retry_after)` instead of waiting on a sick service; after
`BREAKER_RESET_SECONDS` one probe call is let through (half-open), and its success closes
the breaker. Permanent errors (a rejected document) say nothing about the service's health
and do not count.

Extraction code never imports this module: the worker installs the breakers as the guard
of `callsheet.extraction.services` at start-up (`install`).
"""
from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

import pybreaker
from redis import Redis

from callsheet.extraction import services
from callsheet.extraction.errors import CircuitOpen, TransientError

SERVICES = ("anthropic", "textract")
NAMESPACE = "callsheet:breaker"
T = TypeVar("T")


def _not_a_service_failure(exc: BaseException) -> bool:
    return not isinstance(exc, TransientError)


class Breakers:
    """The guard: `breakers(service, fn, *args)` runs `fn` through that service's breaker."""

    def __init__(
        self, connection: Redis, fail_max: int = 5, reset_timeout: float = 60.0, namespace: str = NAMESPACE
    ) -> None:
        self.reset_timeout = reset_timeout
        self._storage = {
            name: pybreaker.CircuitRedisStorage(pybreaker.STATE_CLOSED, connection, namespace=f"{namespace}:{name}")
            for name in SERVICES
        }
        self._breakers = {
            name: pybreaker.CircuitBreaker(
                fail_max=fail_max,
                reset_timeout=reset_timeout,
                exclude=[_not_a_service_failure],
                state_storage=self._storage[name],
                name=name,
            )
            for name in SERVICES
        }

    def __call__(self, service: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        breaker = self._breakers.get(service)
        if breaker is None:
            return fn(*args, **kwargs)
        try:
            return breaker.call(fn, *args, **kwargs)
        except pybreaker.CircuitBreakerError as exc:
            raise CircuitOpen(service, self.retry_after(service)) from exc

    def retry_after(self, service: str) -> float:
        """Seconds until the breaker lets a probe through (at least 1, for a retry delay)."""
        return max(1.0, self._remaining(service))

    def _remaining(self, service: str) -> float:
        opened = self._storage[service].opened_at
        if opened is None:
            return self.reset_timeout
        return max(0.0, self.reset_timeout - (datetime.now(UTC) - opened).total_seconds())

    def states(self) -> dict[str, dict[str, Any]]:
        """Each breaker's state for /queue/stats: closed, open or half-open, and counters."""
        out: dict[str, dict[str, Any]] = {}
        for name, breaker in self._breakers.items():
            state = breaker.current_state
            out[name] = {"state": state, "failures": breaker.fail_counter, "failMax": breaker.fail_max}
            if state == pybreaker.STATE_OPEN:  # 0: the next call is the probe
                out[name]["retryAfter"] = round(self._remaining(name), 1)
        return out


def from_env(connection: Redis, env: Mapping[str, str] | None = None) -> Breakers:
    """Breakers with BREAKER_FAIL_MAX (default 5) and BREAKER_RESET_SECONDS (default 60)."""
    env = os.environ if env is None else env
    return Breakers(
        connection,
        fail_max=int(env.get("BREAKER_FAIL_MAX", "5")),
        reset_timeout=float(env.get("BREAKER_RESET_SECONDS", "60")),
    )


def install(connection: Redis, env: Mapping[str, str] | None = None) -> Breakers:
    """Make the Redis-backed breakers guard every outside call of this process."""
    breakers = from_env(connection, env)
    services.set_guard(breakers)
    return breakers


def states(connection: Redis, env: Mapping[str, str] | None = None) -> dict[str, dict[str, Any]]:
    """Breaker states as every worker sees them (for /queue/stats)."""
    return from_env(connection, env).states()


def hold_attempt(job: Any, exc: CircuitOpen) -> None:
    """Make RQ retry `job` after the breaker's cool-down without spending one of its attempts.

    Call it from the job's failure callback (RQ then calls `job.retry`, which takes one off
    `retries_left` and waits the interval it picks from `retry_intervals` by that count):
    the attempt is given back and the interval RQ will pick becomes `retry_after`.
    """
    wait = max(1, math.ceil(exc.retry_after))
    if not job.retries_left:
        job.retries_left, job.retry_intervals = 1, [wait]
        return
    job.retries_left += 1
    intervals = list(job.retry_intervals or [0])
    index = max(len(intervals) - job.retries_left, 0)
    intervals[index] = wait
    job.retry_intervals = intervals
