"""`GET /api/health`: are Redis and the database reachable? (no auth, for load balancers)"""
from __future__ import annotations

from typing import Any

from flask import current_app
from flask_smorest import Blueprint
from sqlalchemy import text

from callsheet import broker
from callsheet.extensions import db
from callsheet.schemas import HealthSchema

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
