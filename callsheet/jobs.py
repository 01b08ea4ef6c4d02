"""Old dotted paths of the RQ job functions, kept so that a deploy loses nothing.

Jobs are enqueued by dotted path, and RQ stores that string (and the failure callback's)
with each job in Redis. Jobs and retries enqueued before the move to `callsheet.queueing`
name `callsheet.jobs.process_extraction`, `callsheet.jobs.on_extraction_failure`,
`callsheet.jobs.delete_upload` (scheduled up to `CLEANUP_DELAY`, 24 h, ahead) and
`callsheet.jobs.sweep_uploads`; this module lets today's workers run them. New jobs name
`callsheet.queueing.jobs`. Remove once no job older than the move can be waiting: after one
`CLEANUP_DELAY` plus the longest retry backoff.
"""
from callsheet.queueing.jobs import delete_upload, on_extraction_failure, process_extraction, sweep_uploads

__all__ = ["delete_upload", "on_extraction_failure", "process_extraction", "sweep_uploads"]
