"""gunicorn settings for the `web` process, from the environment (Procfile, Dockerfile, `run`).

    gunicorn -c gunicorn.conf.py        (the app, bind address and sizes all come from here)

Sizes: GUNICORN_WORKERS (else Heroku's WEB_CONCURRENCY, else 2) gevent processes of up to
GUNICORN_WORKER_CONNECTIONS (1000) connections each (callsheet/webserver.py says why: slow
clients); each process keeps a database pool of DB_POOL_SIZE (default: GUNICORN_THREADS, 4).
The access log is one JSON object per request on stdout (every value escaped), with the
request id that the app echoes in `X-Request-ID`. Prometheus' multiprocess files go to
PROMETHEUS_MULTIPROC_DIR (a fresh temporary folder when unset), emptied at start.
"""
import glob
import os
import shutil
import tempfile

wsgi_app = "callsheet:create_app()"
bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '5000')}"
workers = int(os.environ.get("GUNICORN_WORKERS") or os.environ.get("WEB_CONCURRENCY") or 2)
worker_class = "callsheet.webserver.Worker"  # gevent, with GUNICORN_READ_TIMEOUT
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS") or 1000)
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 60)  # uploads of MAX_UPLOAD_MB on a slow link
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT") or 30)
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS") or 2000)
max_requests_jitter = max_requests // 10
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
control_socket_disable = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = "-"
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "remote": "%(h)s", "method": "%(m)s", '
    '"path": "%(U)s", "query": "%(q)s", "status": %(s)s, "bytes": "%(B)s", "duration_s": %(L)s, '
    '"request_id": "%({x-request-id}o)s", "user_agent": "%(a)s"}'
)
logger_class = "callsheet.access_log.AccessLogger"  # no `?token=` in the log; every line valid JSON
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()

_own_metrics_dir = "PROMETHEUS_MULTIPROC_DIR" not in os.environ
if _own_metrics_dir:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="callsheet-prometheus-")


def on_starting(server):
    """Drop metrics files of an earlier run (the counters restart with the master)."""
    folder = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    os.makedirs(folder, exist_ok=True)
    for path in glob.glob(os.path.join(folder, "*.db")):
        os.remove(path)


def child_exit(server, worker):
    """Let prometheus-client forget a dead worker's live gauges."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    """Remove the metrics folder this config made (one given in the environment stays)."""
    if _own_metrics_dir:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
