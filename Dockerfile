# One image for every process type; choose the command at run time, e.g.
#   docker run IMAGE                        (web)
#   docker run IMAGE python worker.py      (worker)   /   python scheduler.py
FROM python:3.11-slim AS build
WORKDIR /app
COPY requirements.txt constraints.txt ./
RUN python -m venv /venv && /venv/bin/pip install --no-cache-dir -r requirements.txt

FROM python:3.11-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends tesseract-ocr \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 callsheet
COPY --from=build /venv /venv
WORKDIR /app
COPY --chown=callsheet:callsheet . .
USER callsheet
ENV PATH=/venv/bin:$PATH PYTHONUNBUFFERED=1 PORT=5000 INSTANCE_PATH=/app/instance
EXPOSE 5000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/api/health', timeout=4)"
CMD ["sh", "-c", "exec gunicorn --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-2} --threads 4 --access-logfile - --no-control-socket 'callsheet:create_app()'"]
