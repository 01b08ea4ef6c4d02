"""Job functions for tests of the queue machinery (RQ imports them by dotted path)."""
from __future__ import annotations

from rq import get_current_job

from callsheet.extraction.errors import TransientError, UnreadableDocument


def record(label: str) -> str:
    """Append `label` to the Redis list `test:order`, so a test sees the processing order."""
    job = get_current_job()
    job.connection.rpush("test:order", label)
    return label


def flaky(label: str) -> str:
    """Fail with a TransientError on the first attempt, succeed on the next."""
    job = get_current_job()
    if job.connection.incr(f"test:attempts:{label}") == 1:
        raise TransientError("the service was overloaded")
    return label


def always_transient(label: str) -> str:
    job = get_current_job()
    job.connection.incr(f"test:attempts:{label}")
    raise TransientError("still overloaded")


def unreadable(label: str) -> str:
    job = get_current_job()
    job.connection.incr(f"test:attempts:{label}")
    raise UnreadableDocument("The file is not a readable PDF.")


def loaded_modules(*names: str) -> list[str]:
    """Which of the modules `names` the process running this job has imported."""
    import sys

    return [name for name in names if name in sys.modules]


def a_bug(job_id: str) -> str:
    """An extraction job that fails the way a bug of ours does (not a domain error)."""
    raise ZeroDivisionError(f"a bug of ours while processing {job_id}")
