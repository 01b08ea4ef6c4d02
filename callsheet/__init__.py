"""callsheet: upload a film call sheet, get its contacts back.

`create_app()` builds the web app. Importing the package loads nothing else: a worker
process runs jobs without Flask (callsheet/queueing/context.py).
"""
from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: settings from the environment, overridden by `config`.

    `config` may hold `INSTANCE_PATH` (default: `INSTANCE_PATH` env, else ./instance next
    to the package) and `DATABASE_URL`, which is converted like the environment's.
    """
    from flask import Flask
    from flask.logging import default_handler
    from flask_smorest import Api

    from callsheet import errors, logs, metrics
    from callsheet.api import cors, docs, exports, extraction, health, listing, outages, page, quotas
    from callsheet.api.schemas import ErrorResponseSchema
    from callsheet.config import database_url, from_env, instance_path
    from callsheet.extensions import db
    from callsheet.store import engines, migrations

    overrides = dict(config or {})
    app = Flask(__name__, instance_path=instance_path(overrides.pop("INSTANCE_PATH", None)))
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.update(from_env(app.instance_path))
    if "DATABASE_URL" in overrides:
        overrides["SQLALCHEMY_DATABASE_URI"] = database_url(overrides.pop("DATABASE_URL"), app.instance_path)
    if "MAX_UPLOAD_MB" in overrides and "MAX_CONTENT_LENGTH" not in overrides:
        overrides["MAX_CONTENT_LENGTH"] = int(float(overrides["MAX_UPLOAD_MB"]) * 1024 * 1024)
    app.config.update(overrides)
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep queues in priority order
    app.logger.setLevel(app.config["LOG_LEVEL"])
    # Flask gives its logger (named "callsheet", the parent of every app logger) a plain-text
    # stderr handler of its own: every line would be printed twice, the copy unredacted. One
    # path: records propagate to the root's JSON handlers, which redact (logs.configure).
    app.logger.removeHandler(default_handler)
    logging.getLogger("callsheet").setLevel(app.config["LOG_LEVEL"])

    logs.init_app(app)
    db.init_app(app)
    with app.app_context():
        engines.track(db.engine)
    docs.init_app(app)
    api = Api()
    api.ERROR_SCHEMA = ErrorResponseSchema  # documented errors have our shape, not flask-smorest's
    api.init_app(app)
    api.register_blueprint(extraction.blp)
    api.register_blueprint(listing.blp)
    api.register_blueprint(exports.blp)
    api.register_blueprint(health.blp)
    page.init_app(app)
    errors.init_app(app)
    cors.init_app(app)
    outages.init_app(app)
    quotas.init_app(app)
    metrics.init_app(app)
    migrations.init_app(app)
    if migrations.auto_migrate(app.config):
        migrations.upgrade(app)
    return app
