"""Bare extension objects (db, migrate); `create_app` binds them to an app (no app or connection here).

flask-smorest's `Api` is not here: it keeps one OpenAPI spec and one app per instance,
so `create_app` builds one per app (tests build many apps in one process).
"""
from __future__ import annotations

from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
