"""Old dotted path of the periodic reconciler job, `callsheet.reconciler.reconcile`.

rq-scheduler keeps the periodic job, with its function's dotted path, in Redis; the
scheduler re-registers it under `callsheet.queueing.reconciler` when it starts, but a copy
already enqueued before the deploy still names this path. Remove with `callsheet/jobs.py`.
"""
from callsheet.queueing.reconciler import reconcile

__all__ = ["reconcile"]
