"""Alembic environment for callsheet, run through Flask-Migrate (`flask db ...`,
`python -m callsheet migrate`, or `AUTO_MIGRATE` at app start: see callsheet/schema.py).

No `fileConfig` here: logging belongs to the process that runs the migration. On
PostgreSQL an advisory lock makes concurrent upgrades (several hosts starting at once)
run one after the other; the second then finds nothing to do.
"""
import logging

from alembic import context
from flask import current_app
from sqlalchemy import text

config = context.config
logger = logging.getLogger("alembic.env")
target_db = current_app.extensions["migrate"].db
ADVISORY_LOCK = 0x63616C6C  # "call": any constant shared by every callsheet process


def run_migrations_offline():
    """Emit SQL for `flask db upgrade --sql` without a connection."""
    context.configure(url=str(target_db.engine.url), target_metadata=target_db.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Migrate over a connection of the app's engine (same URL and options as the app)."""

    def process_revision_directives(context, revision, directives):
        # `flask db migrate` with no model change writes no empty revision
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    with target_db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_LOCK})
            connection.commit()
        try:
            context.configure(connection=connection, target_metadata=target_db.metadata, **conf_args)
            with context.begin_transaction():
                context.run_migrations()
        finally:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK})
                connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
