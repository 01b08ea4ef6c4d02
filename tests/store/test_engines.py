"""The engine of a process without Flask: Flask-SQLAlchemy's SQLite defaults, the same settings."""
from __future__ import annotations

import os

from sqlalchemy import pool, text

from callsheet.store import engines


def test_a_relative_sqlite_file_lives_in_the_instance_folder(tmp_path):
    url, arguments = engines.engine_arguments("sqlite:///jobs.sqlite3", {"pool_size": 3}, str(tmp_path / "inst"))
    assert url.database == os.path.join(tmp_path / "inst", "jobs.sqlite3")
    assert arguments == {"pool_size": 3} and (tmp_path / "inst").is_dir()


def test_an_in_memory_database_is_one_shared_connection():
    _url, arguments = engines.engine_arguments("sqlite://", {"pool_size": 3, "pool_pre_ping": True}, "/nowhere")
    assert arguments == {"pool_pre_ping": True, "poolclass": pool.StaticPool,
                         "connect_args": {"check_same_thread": False}}


def test_other_databases_keep_their_url_and_options():
    url, arguments = engines.engine_arguments("postgresql+psycopg://u@h/db", {"pool_size": 3}, "/nowhere")
    assert str(url) == "postgresql+psycopg://u@h/db" and arguments == {"pool_size": 3}


def test_create_tunes_a_sqlite_file(tmp_path):
    engine = engines.create({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'a.sqlite3'}",
                             "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True}}, str(tmp_path))
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    engine.dispose()
