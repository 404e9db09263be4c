"""Migrations: a blank database migrates to exactly the models, on both backends; databases
this version cannot handle are refused without being touched."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import db.models  # noqa: F401
from db import migrations
from db.engine import make_engine, open_database
from db.errors import DatabaseOpenError, SchemaError


def test_head_constant_names_the_newest_script() -> None:
    script = ScriptDirectory.from_config(migrations.alembic_config(sa.create_engine("sqlite://")))
    assert script.get_current_head() == migrations.HEAD


def test_blank_database_migrates_to_the_models(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert migrations.current_revision(engine) is None
        migrations.upgrade(engine)
        assert migrations.current_revision(engine) == migrations.HEAD
        with engine.connect() as connection:
            diff = compare_metadata(
                MigrationContext.configure(
                    connection,
                    opts={"compare_type": True, "include_name": migrations.include_name},
                ),
                SQLModel.metadata,
            )
        assert diff == []
    finally:
        engine.dispose()


def test_sqlite_opens_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    # SQLite only: these pragmas are how SQLite is made safe for several processes.
    database = open_database(str(tmp_path / "c.db"))
    with database.engine.connect() as connection:
        pragma = connection.exec_driver_sql
        assert pragma("PRAGMA journal_mode").scalar() == "wal"
        assert pragma("PRAGMA foreign_keys").scalar() == 1
        assert pragma("PRAGMA synchronous").scalar() == 1  # NORMAL
    database.dispose()


def test_newer_schema_is_refused_and_left_alone(db_url: str) -> None:
    open_database(db_url).dispose()
    engine = make_engine(db_url)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(SchemaError, match="newer"):
        open_database(db_url)
    assert migrations.current_revision(engine) == "9999"
    engine.dispose()


def test_a_database_that_is_not_claimtrack_is_refused(db_url: str) -> None:
    engine = make_engine(db_url)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE notes (x TEXT)")
    with pytest.raises(SchemaError, match="not a claimtrack database"):
        open_database(db_url)
    assert sa.inspect(engine).get_table_names() == ["notes"]
    engine.dispose()


def test_unwritable_place_is_a_clear_error(tmp_path: Path) -> None:
    # SQLite only: a file path that cannot be created; PostgreSQL's counterpart, a server
    # that cannot be reached, is tested on the command line.
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(DatabaseOpenError, match="cannot"):
        open_database(str(blocker / "claims.db"))
    with pytest.raises(DatabaseOpenError, match="not a database path or URL"):
        open_database("sqlite+nonsense://::")


def test_audit_entries_older_than_change_groups_each_become_their_own(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        migrations.upgrade(engine, "0003")
        with engine.begin() as connection:
            for i in (1, 2):
                connection.execute(
                    sa.text(
                        'INSERT INTO audit_entry (id, at, "user", action) '
                        "VALUES (:id, CURRENT_TIMESTAMP, 'ana', 'review')"
                    ),
                    {"id": i},
                )
        migrations.upgrade(engine)
        with engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT id, change_id, undoes FROM audit_entry ORDER BY id"
            ).all()
        assert [tuple(r) for r in rows] == [(1, 1, None), (2, 2, None)]
    finally:
        engine.dispose()
