#!/bin/sh
# One image, every process type: `docker run IMAGE <type>` runs that line of the Procfile
# (web, worker, worker_priority, cleanup, scheduler, release); anything else runs as given.
set -e
type="${1:-web}"
command=$(sed -n "s/^${type}: //p" /app/Procfile)
if [ -n "$command" ] && [ $# -le 1 ]; then
    echo "$type" > /tmp/process-type
    exec sh -c "exec $command"
fi
exec "$@"
