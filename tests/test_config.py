"""Settings from the environment."""
from __future__ import annotations

from callsheet.config import database_url, from_env


def test_heroku_postgres_url_becomes_psycopg3():
    assert database_url("postgres://u:p@h:5432/d", "/i") == "postgresql+psycopg://u:p@h:5432/d"
    assert database_url("postgresql://u@h/d", "/i") == "postgresql+psycopg://u@h/d"
    assert database_url("sqlite:////tmp/x.db", "/i") == "sqlite:////tmp/x.db"


def test_defaults_live_in_the_instance_folder():
    config = from_env("/srv/instance", env={})
    assert config["SQLALCHEMY_DATABASE_URI"] == "sqlite:////srv/instance/callsheet.sqlite3"
    assert config["UPLOAD_DIR"] == "/srv/instance/uploads"
    assert config["REDIS_URL"] is None and config["JWT_SECRET"] is None
    assert config["MAX_CONTENT_LENGTH"] == 20 * 1024 * 1024
    assert config["CLEANUP_DELAY"] == 86400


def test_environment_overrides():
    env = {"MAX_UPLOAD_MB": "5", "CLEANUP_DELAY": "30", "LOG_LEVEL": "debug", "REDIS_URL": "redis://r:6379/1"}
    config = from_env("/i", env=env)
    assert config["MAX_CONTENT_LENGTH"] == 5 * 1024 * 1024
    assert config["CLEANUP_DELAY"] == 30 and config["LOG_LEVEL"] == "DEBUG"
    assert config["REDIS_URL"] == "redis://r:6379/1"
