"""`GET /api/health` (liveness: Redis and the database answer) and `GET /api/ready` (readiness:
also the storage answers and the schema is at the newest migration). No auth: for load balancers."""
from __future__ import annotations

from typing import Any

from flask import current_app
from flask_smorest import Blueprint
from sqlalchemy import text

from callsheet.api.schemas import HealthSchema, ReadySchema
from callsheet.extensions import db
from callsheet.queueing import broker
from callsheet.store import migrations
from callsheet.store.uploads import from_config as storage_from_config

blp = Blueprint("health", __name__, url_prefix="/api", description="Liveness for load balancers")


def _check(probe: Any) -> str:
    try:
        probe()
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    return "ok"


@blp.route("/health")
@blp.response(200, HealthSchema)
@blp.alt_response(503, schema=HealthSchema, description="Redis or the database is unreachable")
def health() -> Any:
    """Report whether Redis and the database answer."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    redis_state = _check(lambda: broker.for_app(app).ping())
    db_state = _check(lambda: db.session.execute(text("SELECT 1")))
    ok = redis_state == db_state == "ok"
    return {"success": ok, "redis": redis_state, "database": db_state}, 200 if ok else 503


def _migrations_state(app: Any) -> str:
    at, head = migrations.database_revisions(app), migrations.head_revisions()
    if at == head:
        return "ok"
    return f"behind: database at {', '.join(sorted(at)) or 'nothing'}, code at {', '.join(sorted(head))}"


@blp.route("/ready")
@blp.response(200, ReadySchema)
@blp.alt_response(503, schema=ReadySchema, description="A dependency is unreachable or migrations are pending")
def ready() -> Any:
    """Report whether this process can serve: Redis, database and storage answer, schema current."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    states = {
        "redis": _check(lambda: broker.for_app(app).ping()),
        "database": _check(lambda: db.session.execute(text("SELECT 1"))),
        "storage": _check(lambda: storage_from_config(app.config).check()),
    }
    states["migrations"] = _migrations_state(app) if states["database"] == "ok" else "unknown"
    ok = all(state == "ok" for state in states.values())
    return {"success": ok, **states}, 200 if ok else 503
