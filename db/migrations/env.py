"""Alembic environment: migrates the engine handed over in ``config.attributes``."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import db.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from db.migrations import include_name

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    engine = context.config.attributes["engine"]
    if engine.dialect.name == "sqlite":
        # Take the write lock before reading the current revision, so two processes opening
        # a new database at once migrate it once.
        engine = engine.execution_options(sqlite_begin="IMMEDIATE")
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            compare_type=True,
            include_name=include_name,
        )
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql("SELECT pg_advisory_xact_lock(4242001)")
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("claimtrack migrations run online only: use `claims db upgrade`")
run_migrations_online()
