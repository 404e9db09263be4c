"""Where claimtrack keeps its files, and how to point it elsewhere.

``CLAIMS_HOME`` moves the whole data directory; ``CLAIMS_DB`` (a path or an SQLAlchemy URL)
or the ``--db`` option picks the database alone.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "claimtrack"
DATABASE_FILENAME = "claims.db"
MODELS_DIRNAME = "models"


def data_dir() -> Path:
    """The directory for claimtrack's data: ``CLAIMS_HOME`` or the platform's user data dir."""
    home = os.environ.get("CLAIMS_HOME")
    return Path(home).expanduser() if home else user_data_path(APP_NAME, appauthor=False)


def default_database_path() -> Path:
    """The embedded SQLite database used when nothing else is named."""
    return data_dir() / DATABASE_FILENAME


def models_dir() -> Path:
    """Where trained extraction models are kept: ``models`` in the data directory."""
    return data_dir() / MODELS_DIRNAME


def database_url(db: str | None = None) -> str:
    """Resolve the database to an SQLAlchemy URL.

    Args:
        db: A path or URL given on the command line; falls back to ``CLAIMS_DB``, then to
            the default SQLite file.

    Returns:
        An SQLAlchemy URL, e.g. ``sqlite:////home/me/.local/share/claimtrack/claims.db``.
    """
    target = db or os.environ.get("CLAIMS_DB") or str(default_database_path())
    if "://" in target:
        return target
    return f"sqlite:///{Path(target).expanduser().resolve()}"
