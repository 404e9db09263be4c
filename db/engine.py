"""The one place that turns a database URL into an engine, opens sessions and keeps the schema
current.

SQLite opens with WAL, foreign keys on and ``synchronous=NORMAL``; write transactions start
with ``BEGIN IMMEDIATE`` so that two writers queue on the busy timeout instead of failing with
"database is locked" when a read transaction tries to become a write one. PostgreSQL needs
nothing special. The same code runs on both.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlmodel import Session

from db import migrations
from db.errors import DatabaseOpenError, InvalidValueError
from db.locations import database_url

#: Seconds a writer waits for another writer's lock on SQLite before giving up.
SQLITE_BUSY_TIMEOUT_S = 60


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Hand transaction control to SQLAlchemy's "begin" event below: pysqlite's own
        # implicit BEGIN is always DEFERRED.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def _refuse_nul(engine: Engine) -> None:
    # PostgreSQL cannot hold a NUL in text, so no claimtrack database holds one: text with a
    # NUL is refused before it reaches either backend, as a write and as a search alike.
    @event.listens_for(engine, "before_cursor_execute")
    def _on_execute(
        _connection: sa.Connection,
        _cursor: Any,
        _statement: str,
        parameters: Any,
        _context: Any,
        _executemany: bool,
    ) -> None:
        rows = parameters if isinstance(parameters, list) else (parameters,)
        for row in rows:
            values = row.values() if isinstance(row, dict) else row or ()
            for value in values:
                if isinstance(value, str) and "\x00" in value:
                    raise InvalidValueError(f"text cannot hold a NUL character: {value[:40]!r}")


def make_engine(url: str) -> Engine:
    """Build an engine for ``url`` with the settings claimtrack relies on.

    Args:
        url: An SQLAlchemy URL (``sqlite:///path`` or ``postgresql+psycopg://...``).

    Raises:
        DatabaseOpenError: The URL is malformed or its driver is not installed.
    """
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise DatabaseOpenError(f"not a database path or URL: {url!r}") from exc
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_S}
    else:
        kwargs["pool_pre_ping"] = True
    try:
        engine = sa.create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        hint = (
            " (install claimtrack[postgres])" if parsed.get_backend_name() == "postgresql" else ""
        )
        raise DatabaseOpenError(f"no driver for {parsed.drivername}{hint}") from exc
    if parsed.get_backend_name() == "sqlite":
        _configure_sqlite(engine)
    _refuse_nul(engine)
    return engine


@dataclass
class Database:
    """An open claimtrack database: the engine plus transactional sessions over it."""

    url: str
    engine: Engine
    _writer: Engine | None = field(default=None, repr=False)
    _snapshot: Engine | None = field(default=None, repr=False)

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for a server database or an in-memory one."""
        database = self.engine.url.database
        if self.backend != "sqlite" or not database or database == ":memory:":
            return None
        return Path(database)

    def display_url(self) -> str:
        """The URL with any password hidden."""
        return self.engine.url.render_as_string(hide_password=True)

    @contextlib.contextmanager
    def session(self, *, write: bool = False, snapshot: bool = False) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises.

        Args:
            write: Take the write lock at the start (SQLite ``BEGIN IMMEDIATE``). Use it for
                every transaction that may write, so concurrent writers queue rather than fail.
            snapshot: Every read sees the database as it was at the first one, whatever
                others commit meanwhile (PostgreSQL ``REPEATABLE READ``; an SQLite read
                transaction in WAL mode already does). For exports and reports.
        """
        engine = self.engine
        if write and self.backend == "sqlite":
            if self._writer is None:
                self._writer = self.engine.execution_options(sqlite_begin="IMMEDIATE")
            engine = self._writer
        elif snapshot and self.backend == "postgresql":
            if self._snapshot is None:
                self._snapshot = self.engine.execution_options(isolation_level="REPEATABLE READ")
            engine = self._snapshot
        with Session(engine, expire_on_commit=False) as session, session.begin():
            yield session

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def open_database(db: str | None = None, *, upgrade: bool = True) -> Database:
    """Open (creating if need be) the database named by ``db``, ``CLAIMS_DB`` or the default.

    Args:
        db: A path or SQLAlchemy URL; None for ``CLAIMS_DB`` or the default SQLite file.
        upgrade: Bring an older schema to the current one. Without it an older schema is
            left alone (``claims db info`` reports it).

    Raises:
        DatabaseOpenError: The file or server cannot be reached or created.
        SchemaError: The database belongs to a newer claimtrack, or to something else.
    """
    url = database_url(db)
    engine = make_engine(url)
    database = Database(url=url, engine=engine)
    path = database.path
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseOpenError(f"cannot create {path.parent}: {exc.strerror}") from exc
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
        if upgrade:
            migrations.ensure_current(engine)
        else:
            migrations.check_not_newer(engine)
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseOpenError(f"cannot open database {database.display_url()}: {reason}") from exc
    except Exception:
        engine.dispose()
        raise
    return database
