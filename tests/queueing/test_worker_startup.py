"""A shutdown asked for while RQ starts up (subscribed, handlers not yet installed) is a clean stop."""
from __future__ import annotations

import os
import signal
import time

from callsheet.queueing.recycling import RecyclingWorker


def test_a_signal_between_subscribe_and_rqs_handlers_asks_the_loop_to_stop(redis_conn):
    saved = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    worker = RecyclingWorker(["cleanup"], connection=redis_conn)
    try:
        worker.subscribe()
        for signum in (signal.SIGINT, signal.SIGTERM):
            os.kill(os.getpid(), signum)  # would be a KeyboardInterrupt, or the end of the process
            time.sleep(0.05)
        assert worker._stop_requested
    finally:
        worker.unsubscribe()
        for signum, handler in saved.items():
            signal.signal(signum, handler)
