"""`python -m callsheet run`: the whole service on one machine, in one command.

Starts the embedded Redis (when `REDIS_URL` is unset), then gunicorn (web), `worker.py`
and `scheduler.py` as child processes sharing one environment, and stops them all (and
the embedded Redis) on Ctrl-C / SIGTERM or when one of them exits.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(host: str, port: int, worker_processes: int) -> int:
    """Run web, worker and scheduler until interrupted; the exit code of the first to stop."""
    from callsheet import create_app
    from callsheet.queueing import broker

    app = create_app()
    env = dict(os.environ, INSTANCE_PATH=app.instance_path)
    embedded = not app.config["REDIS_URL"]
    if embedded:
        env["REDIS_URL"] = broker.start_embedded(app.instance_path)
    python = sys.executable
    commands = {
        "web": [python, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"{host}:{port}"],
        "worker": [python, "worker.py", "--simple", "--processes", str(worker_processes)],
        "scheduler": [python, "scheduler.py"],
    }
    children = {name: subprocess.Popen(cmd, cwd=ROOT, env=env) for name, cmd in commands.items()}
    print(f"callsheet: web on http://{host}:{port} (Swagger UI: /swagger-ui), Redis {env.get('REDIS_URL')}",
          flush=True)
    stopping = False

    def stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    code = 0
    try:
        while not stopping:
            ended = [name for name, child in children.items() if child.poll() is not None]
            if ended:
                code = children[ended[0]].returncode or 1
                print(f"callsheet: {ended[0]} exited with {children[ended[0]].returncode}; stopping", flush=True)
                break
            time.sleep(0.5)
    finally:
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 30
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
        if embedded:
            broker.stop_embedded(app.instance_path)
    return code
