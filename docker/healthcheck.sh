#!/bin/sh
# Container health by process type (written by entrypoint.sh): the web answers /api/health,
# a worker has a live RQ registration on this host (`worker.py --check`).
case "$(cat /tmp/process-type 2>/dev/null)" in
    web)
        exec python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/api/health' % os.environ.get('PORT', '5000'), timeout=5)" ;;
    worker|worker_priority|cleanup)
        exec python /app/worker.py --check ;;
    *)
        exit 0 ;;  # scheduler, release, one-off commands: the process itself is the check
esac
