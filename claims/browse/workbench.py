"""The one door through which an interactive front end reaches the archive.

A front end (the terminal UI) holds a ``Workbench`` and never a session: each call opens
one transaction, runs a core function in it and returns what that function returned. Reads
run in a snapshot, so a screen built from one call is consistent; writes run in a write
transaction stamped with the reviewer's name, so they are audited and either happen whole
or not at all.

Core functions return plain values (dataclasses, tuples, ids) rather than ORM rows whose
attributes would need a live session; the ``read``/``write`` pair only passes them on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from sqlmodel import Session

from db.engine import Database

P = ParamSpec("P")
T = TypeVar("T")


class Workbench:
    """A database and the reviewer working on it.

    Args:
        database: The open archive.
        user: The name recorded in the audit trail for every write.
    """

    def __init__(self, database: Database, user: str) -> None:
        self.database = database
        self.user = user

    def read(
        self, fn: Callable[Concatenate[Session, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """``fn(session, *args, **kwargs)`` in a read-only snapshot transaction."""
        with self.database.session(snapshot=True) as session:
            return fn(session, *args, **kwargs)

    def write(
        self, fn: Callable[Concatenate[Session, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """``fn(session, *args, **kwargs)`` in one write transaction, committed if it returns.

        Pass ``user=self.user`` where ``fn`` audits; it is not added implicitly, so a call
        reads the same as the core function it wraps.
        """
        with self.database.session(write=True) as session:
            return fn(session, *args, **kwargs)

    @property
    def location(self) -> str:
        """Where the archive is, for a title bar (no password)."""
        return self.database.display_url()
