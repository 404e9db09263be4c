"""Schema migrations (Alembic), applied when a database is opened and by ``claims db upgrade``.

``HEAD`` names the newest revision so that opening a current database costs one query rather
than a scan of the migration scripts; a test keeps it equal to the scripts' head. Alembic
itself is imported only when there is something to migrate, so opening a current database
(every start of the terminal UI) does not pay for loading it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

if TYPE_CHECKING:
    from alembic.config import Config

from db.errors import SchemaError

HEAD = "0007"
"""The newest revision this version of claimtrack knows."""

_HERE = Path(__file__).parent

#: Search structures the migrations build beside the models, which the models do not
#: describe: SQLite's FTS5 tables (with their shadow tables), PostgreSQL's ``tsvector``
#: column and its GIN and trigram indexes. Comparing the schema with the models skips them.
SEARCH_TABLES = ("claim_fts", "speaker_alias_fts")
SEARCH_COLUMNS = frozenset({("claim", "search_vector")})
SEARCH_INDEXES = frozenset({"ix_claim_search_vector", "ix_speaker_alias_normalised_trgm"})


def include_name(name: str | None, type_: str, parent_names: Mapping[Any, str | None]) -> bool:
    """Alembic's ``include_name`` hook: False for the search structures the models omit."""
    if name is None:
        return True
    if type_ == "table":
        return not any(name == t or name.startswith(t + "_") for t in SEARCH_TABLES)
    if type_ == "column":
        return (parent_names.get("table_name"), name) not in SEARCH_COLUMNS
    if type_ == "index":
        return name not in SEARCH_INDEXES
    return True


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration that migrates ``engine``'s database."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_HERE))
    config.attributes["engine"] = engine
    return config


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None for a database never migrated."""
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table("alembic_version"):
            return None
        revisions = connection.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    if len(revisions) > 1:
        raise SchemaError("the database records several schema versions at once")
    return revisions[0][0] if revisions else None


def known_revisions() -> set[str]:
    """Every revision the migration scripts define."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(sa.create_engine("sqlite://")))
    return {rev.revision for rev in script.walk_revisions()}


def check_not_newer(engine: Engine) -> str | None:
    """Refuse a database made by a newer claimtrack, or one that is not claimtrack's at all.

    Returns:
        The database's current revision (None when it is empty).
    """
    revision = current_revision(engine)
    if revision is None:
        tables = set(sa.inspect(engine).get_table_names())
        if tables:
            raise SchemaError(
                "the database has tables but no claimtrack schema version; "
                "it is not a claimtrack database"
            )
        return None
    if revision != HEAD and revision not in known_revisions():
        raise SchemaError(
            f"the database schema ({revision}) is newer than this claimtrack knows ({HEAD}); "
            "upgrade claimtrack to open it"
        )
    return revision


def ensure_current(engine: Engine) -> None:
    """Bring the database to ``HEAD`` if it is behind; do nothing if it is current."""
    if check_not_newer(engine) != HEAD:
        upgrade(engine)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply every migration up to ``revision``."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)
