"""The periodic purge of old results: contacts of jobs that ended over `RESULTS_RETENTION_DAYS` ago.

Registered by `periodic.py` (rq-scheduler, every `SWEEP_INTERVAL` s, like the uploads'
sweep); `RESULTS_RETENTION_DAYS=0` turns it off. What is kept and where: README "Privacy".
"""
from __future__ import annotations

import logging

from callsheet.queueing import context
from callsheet.store import retention

log = logging.getLogger("callsheet.retention")
PURGE_RESULTS = "callsheet.queueing.retention.purge_results"


def purge_results(days: int | None = None) -> int:
    """Periodic job: delete the contacts of jobs that ended more than `days` (default the setting) days ago."""
    with context.current() as job_context:
        days = job_context.config["RESULTS_RETENTION_DAYS"] if days is None else days
        if days <= 0:
            return 0
        purged = retention.purge_older_than(job_context.session, days)
        if purged:
            log.info("retention: contacts of %d jobs older than %d days deleted", purged, days,
                     extra={"jobs": purged, "days": days})
        return purged
