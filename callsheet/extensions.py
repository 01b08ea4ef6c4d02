"""Bare extension objects (db); `create_app` binds them to an app (no app or connection here).

The models' base is plain SQLAlchemy (`store/models.py`), so workers use the tables without
Flask-SQLAlchemy. Flask-Migrate is not here: importing it loads Alembic (~11 MB per process),
so `store/migrations.py` makes it only when a migration runs. flask-smorest's `Api` is not
here either: it keeps one OpenAPI spec and one app per instance, so `create_app` builds one
per app (tests build many apps in one process).
"""
from __future__ import annotations

from flask_sqlalchemy import SQLAlchemy

from callsheet.store.models import Base

db = SQLAlchemy(model_class=Base)
