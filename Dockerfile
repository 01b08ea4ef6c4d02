# One image for every process type; the Procfile line is chosen at run time:
#   docker run IMAGE                  (web: gunicorn -c gunicorn.conf.py on $PORT)
#   docker run IMAGE worker           (also worker_priority, cleanup, scheduler, release)
#   docker run IMAGE python -m callsheet token alice      (any other command runs as given)
# Settings come from the environment (README "Settings"): DATABASE_URL, REDIS_URL, S3_BUCKET...

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY requirements.txt constraints.txt ./
RUN python -m venv /venv && /venv/bin/pip install -r requirements.txt

FROM python:3.11-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-osd \
        tesseract-ocr-fra tesseract-ocr-spa tesseract-ocr-deu tesseract-ocr-ita tesseract-ocr-por \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 callsheet
COPY --from=build /venv /venv
WORKDIR /app
COPY . .
RUN mkdir -p /app/instance && chown callsheet:callsheet /app/instance
USER callsheet
ENV PATH=/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 \
    PORT=5000 INSTANCE_PATH=/app/instance PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus
EXPOSE 5000
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["/app/docker/healthcheck.sh"]
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["web"]
