"""Children forked by a worker die with it (no orphaned RQ scheduler after a SIGKILL)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from tests.conftest import ROOT

PARENT = r"""
import os, sys, time
from callsheet.queueing.forking import prepare_children
prepare_children()
child = os.fork()
if child == 0:
    grandchild = os.fork()  # a work horse of a pool worker: two levels down
    if grandchild == 0:
        time.sleep(60)
        os._exit(0)
    os.write(1, b"%d\n" % grandchild)  # one write: print() may split the number from its newline
    time.sleep(60)
    os._exit(0)
os.write(1, b"%d\n" % child)
time.sleep(60)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split()[2] != "Z"


def test_children_die_when_their_parent_is_killed():
    parent = subprocess.Popen([sys.executable, "-c", PARENT], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    pids = [int(parent.stdout.readline()), int(parent.stdout.readline())]
    assert all(_alive(pid) for pid in pids)
    parent.send_signal(signal.SIGKILL)
    parent.wait(10)
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in pids)
