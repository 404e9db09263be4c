"""PostgreSQL's id sequences, moved on after rows were written with ids of their own.

A row inserted with an explicit id does not advance its table's sequence, so the next row
the application adds would be given an id already taken. After a copy or an id-keeping
import, ``move_id_sequences`` sets each sequence just past its table's largest id. SQLite
needs nothing: it takes the next id from the table itself.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa


def move_id_sequences(connection: sa.Connection, tables: Iterable[sa.Table]) -> None:
    """On PostgreSQL, move the id sequence of each of ``tables`` that has one past its rows."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        if "id" in table.c and table.c.id.autoincrement:
            connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            )
