"""Settings from the environment, with defaults that run on one machine.

Every setting is documented in README.md ("Settings"). `create_app(config)` overrides any
of them, which is how tests point the app at temporary folders and a dedicated Redis db.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PACKAGE_PARENT = Path(__file__).resolve().parent.parent


def instance_path(given: str | None = None, env: Mapping[str, str] | None = None) -> str:
    """The instance folder (absolute): `given`, else `INSTANCE_PATH`, else ./instance next to the package.

    The last is where Flask would look too; web, worker and scheduler all ask here, so they
    agree on the SQLite file, the embedded Redis and the migration lock.
    """
    env = os.environ if env is None else env
    return os.path.abspath(given or env.get("INSTANCE_PATH") or PACKAGE_PARENT / "instance")


def database_url(raw: str | None, instance_path: str) -> str:
    """The SQLAlchemy URL: Heroku's `postgres://` becomes psycopg 3, default SQLite file."""
    if not raw:
        return "sqlite:///" + os.path.join(instance_path, "callsheet.sqlite3")
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix):]
    return raw


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name)
    return int(value) if value not in (None, "") else default


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    value = env.get(name)
    return float(value) if value not in (None, "") else default


def _flag(env: Mapping[str, str], name: str, default: bool | None) -> bool | None:
    value = env.get(name)
    return default if value in (None, "") else value.strip().lower() in ("1", "true", "yes", "on")


def engine_options(env: Mapping[str, str]) -> dict[str, Any]:
    """Pool settings: one connection per gunicorn thread, checked before use, recycled.

    Each process has its own pool (worker.py disposes the inherited one in every forked work
    horse), so a database must allow (DB_POOL_SIZE + DB_MAX_OVERFLOW) x processes connections.
    """
    return {
        "pool_pre_ping": True,
        "pool_size": _int(env, "DB_POOL_SIZE", _int(env, "GUNICORN_THREADS", 4)),
        "max_overflow": _int(env, "DB_MAX_OVERFLOW", 2),
        "pool_recycle": _int(env, "DB_POOL_RECYCLE", 1800),
        "pool_timeout": _int(env, "DB_POOL_TIMEOUT", 10),
    }


def reliability(env: Mapping[str, str]) -> dict[str, Any]:
    """Limits, timeouts, recovery and rate limits (README "Reliability")."""
    default_timeout = _int(env, "JOB_TIMEOUT", 300)
    slow = max(default_timeout, 600)  # OCR, AI and Textract take longer than the text layer
    return {
        "LOG_DIR": env.get("LOG_DIR") or "logs",
        "MAX_PAGES": _int(env, "MAX_PAGES", 100),
        "MAX_IMAGE_PIXELS": _int(env, "MAX_IMAGE_PIXELS", 90_000_000),
        "MAX_IMAGE_MB": _float(env, "MAX_IMAGE_MB", 200),  # decoded: a 48 MP RGB photo is 137 MB
        "OCR_PAGE_TIMEOUT": _float(env, "OCR_PAGE_TIMEOUT", 30),  # read by extraction/tesseract.py from the env
        "JOB_TIMEOUTS": {
            method: _int(env, "JOB_TIMEOUT_" + method.upper().replace("-", "_"), default)
            for method, default in (("pattern", default_timeout), ("hybrid", slow), ("ai", slow),
                                    ("aws-textract", slow))
        },
        "RECONCILE_INTERVAL": _int(env, "RECONCILE_INTERVAL", 30),
        "RECONCILE_GRACE": _int(env, "RECONCILE_GRACE", 10),
        "WORKER_MAINTENANCE_INTERVAL": _int(env, "WORKER_MAINTENANCE_INTERVAL", 30),
        "WORKER_MONITOR_INTERVAL": _int(env, "WORKER_MONITOR_INTERVAL", 10),
        "WORKER_HEARTBEAT_MARGIN": _int(env, "WORKER_HEARTBEAT_MARGIN", 20),
        "WORKER_SHUTDOWN_GRACE": _float(env, "WORKER_SHUTDOWN_GRACE", 20),
        "RATELIMIT_ENABLED": bool(_flag(env, "RATELIMIT_ENABLED", True)),
        "UPLOAD_RATE_LIMIT": env.get("UPLOAD_RATE_LIMIT") or "30 per minute",
        "MAX_QUEUED_JOBS": _int(env, "MAX_QUEUED_JOBS", 50),
        "RETRY_AFTER_SECONDS": _int(env, "RETRY_AFTER_SECONDS", 30),
    }


def web_api(env: Mapping[str, str]) -> dict[str, Any]:
    """Browser apps, webhooks and retention (README "Settings")."""
    origins = [origin.strip().rstrip("/") for origin in env.get("CORS_ORIGINS", "").split(",") if origin.strip()]
    return {
        "CORS_ORIGINS": origins,  # empty: no CORS headers at all
        "WEBHOOK_SECRET": env.get("WEBHOOK_SECRET") or None,  # None: callbackUrl is refused (422)
        "WEBHOOK_ALLOW_PRIVATE": bool(_flag(env, "WEBHOOK_ALLOW_PRIVATE", False)),
        "WEBHOOK_TIMEOUT": _float(env, "WEBHOOK_TIMEOUT", 10),
        "WEBHOOK_RETRY_BASE_SECONDS": _float(env, "WEBHOOK_RETRY_BASE_SECONDS", 60),
        "RESULTS_RETENTION_DAYS": _int(env, "RESULTS_RETENTION_DAYS", 30),
    }


def from_env(instance_path: str, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """All settings read from `env` (default: os.environ) for an app whose instance folder is given."""
    env = os.environ if env is None else env
    max_upload_mb = _float(env, "MAX_UPLOAD_MB", 20)
    return {
        "REDIS_URL": env.get("REDIS_URL") or None,  # None: embedded Redis (see broker.py)
        "SQLALCHEMY_DATABASE_URI": database_url(env.get("DATABASE_URL"), instance_path),
        "UPLOAD_DIR": env.get("UPLOAD_DIR") or os.path.join(instance_path, "uploads"),
        "S3_BUCKET": env.get("S3_BUCKET") or None,  # set: uploads in S3 instead of UPLOAD_DIR
        "S3_PREFIX": env.get("S3_PREFIX", ""),
        "S3_SSE": env.get("S3_SSE") or "AES256",
        "S3_SSE_KMS_KEY_ID": env.get("S3_SSE_KMS_KEY_ID") or None,
        "S3_ENDPOINT_URL": env.get("AWS_ENDPOINT_URL_S3") or env.get("AWS_ENDPOINT_URL") or None,
        "S3_REGION": env.get("S3_REGION") or env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or None,
        "JWT_SECRET": env.get("JWT_SECRET") or None,  # None: generated once in the instance folder
        "MAX_UPLOAD_MB": max_upload_mb,
        "MAX_CONTENT_LENGTH": int(max_upload_mb * 1024 * 1024),
        "LOG_LEVEL": env.get("LOG_LEVEL", "INFO").upper(),
        "CLEANUP_DELAY": _int(env, "CLEANUP_DELAY", 86400),
        "SWEEP_INTERVAL": _int(env, "SWEEP_INTERVAL", 3600),
        "RETRY_BASE_SECONDS": _float(env, "RETRY_BASE_SECONDS", 10),
        "JOB_TIMEOUT": _int(env, "JOB_TIMEOUT", 300),
        "RESULT_TTL": _int(env, "RESULT_TTL", 3600),
        "STATS_WINDOW_MINUTES": _int(env, "STATS_WINDOW_MINUTES", 60),
        "METRICS_TOKEN": env.get("METRICS_TOKEN") or None,  # set: /metrics needs this bearer token
        **web_api(env),
        **reliability(env),
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(env),
        "AUTO_MIGRATE": _flag(env, "AUTO_MIGRATE", None),  # None: on for SQLite (see create_app)
        "API_TITLE": "callsheet",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/",
        "OPENAPI_JSON_PATH": "openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "/swagger-ui",
        # default: the packaged copy served by the service (callsheet/api/docs.py), relative to /swagger-ui so
        # that it also works behind a proxy adding a path prefix; never a CDN
        "OPENAPI_SWAGGER_UI_URL": env.get("SWAGGER_UI_URL") or "swagger-ui/assets/",
        "API_SPEC_OPTIONS": {
            "components": {
                "securitySchemes": {
                    "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
                }
            },
        },
    }
