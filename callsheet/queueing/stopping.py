"""A job its owner cancelled while it ran ends `cancelled` in RQ too, not `failed`.

The cancel route stops a running job with RQ's stop-job command; RQ then marks the job
STOPPED, files it in the queue's *failed* registry and counts a failed job for the worker,
so `/queue/stats` and `rq info` showed every such cancellation as a failure. worker.py's
workers (forking or not) take this class first: a job stopped on request goes to RQ's
canceled registry (as a job cancelled before it started does) and is not counted failed.
"""
from __future__ import annotations

from typing import Any


class CancelledNotFailed:
    """Mixin for an RQ worker class: a stopped job is cancelled (RQ's `Job.cancel`), nothing else."""

    _stopped_job_id: str | None
    connection: Any

    def handle_job_failure(self, job: Any, queue: Any, started_job_registry: Any = None, exc_string: str = "",
                           execution: Any = None) -> None:
        if self._stopped_job_id != job.id:
            super().handle_job_failure(job, queue, started_job_registry, exc_string, execution)  # type: ignore[misc]
            return
        self._stopped_job_id = None
        with self.connection.pipeline() as pipeline:
            self.cleanup_execution(job, pipeline=pipeline, execution=execution)  # type: ignore[attr-defined]
            pipeline.execute()
        job.cancel()  # CANCELED, out of the started registry, into the canceled one
