"""Worker process figures: published at heartbeats, never in the way of a shutdown."""
from __future__ import annotations

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError
from rq.exceptions import StopRequested

from callsheet.queueing import worker_stats


class _Pipeline:
    def __init__(self, error: BaseException) -> None:
        self.error = error

    def hset(self, *args, **kwargs):
        raise self.error


class _Connection:
    def __init__(self, error: BaseException) -> None:
        self.error = error

    def pipeline(self, transaction: bool = True) -> _Pipeline:
        return _Pipeline(self.error)


def test_figures_are_written_with_a_ttl(redis_conn):
    worker_stats.publish(redis_conn, "w1", 60)
    stored = redis_conn.hgetall(worker_stats.PREFIX + "w1")
    assert int(stored[b"pid"]) > 0 and 0 < redis_conn.ttl(worker_stats.PREFIX + "w1") <= 60


def test_a_redis_error_is_dropped():
    worker_stats.publish(_Connection(RedisConnectionError("down")), "w1", 60)


def test_the_shutdown_signal_passes_through():
    with pytest.raises(StopRequested):
        worker_stats.publish(_Connection(StopRequested()), "w1", 60)
