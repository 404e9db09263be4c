"""Shared fixtures: an isolated data directory for every test, and databases on both backends.

``db_url`` runs a test once on a fresh SQLite file and once on a fresh schema of the
PostgreSQL server named by ``CLAIMS_TEST_POSTGRES_URL`` (skipped, with the reason, when
that is unset). Schemas are named per test and dropped afterwards, so runs never collide.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from sqlalchemy.engine import make_url

from db.engine import Database, open_database

#: The environment every test runs in, whatever the user's shell says: colour on (``NO_COLOR``
#: turns Rich and Textual monochrome, and Textual even removes it from the environment on
#: first use), a fixed width, UTC and a UTF-8 locale, so outputs and snapshots compare.
PINNED_ENVIRONMENT = {
    "COLUMNS": "160",
    "TZ": "UTC",
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
}
UNSET_ENVIRONMENT = ("NO_COLOR", "FORCE_COLOR")


def pin_environment(setenv: Callable[[str, str], object], delenv: Callable[[str], object]) -> None:
    """Set the pinned environment with ``setenv`` and clear the unset names with ``delenv``."""
    for name, value in PINNED_ENVIRONMENT.items():
        setenv(name, value)
    for name in UNSET_ENVIRONMENT:
        delenv(name)
    time.tzset()


# Once at import, before any module under test reads the environment (the command line's
# Rich consoles are made when it is imported), and again for every test below.
pin_environment(os.environ.__setitem__, lambda name: os.environ.pop(name, None))

PG_URL = os.environ.get("CLAIMS_TEST_POSTGRES_URL")
REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point claimtrack's data directory at a temporary one; never touch the user's data."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CLAIMS_HOME", str(home))
    monkeypatch.delenv("CLAIMS_DB", raising=False)
    monkeypatch.setenv("CLAIMS_USER", "tester")
    pin_environment(monkeypatch.setenv, lambda name: monkeypatch.delenv(name, raising=False))
    return home


def postgres_schema_url(schema: str) -> str:
    """The test server's URL with connections confined to ``schema``."""
    assert PG_URL is not None
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema},public"})
    return url.render_as_string(hide_password=False)


@contextlib.contextmanager
def postgres_schemas() -> Iterator[Callable[[], str]]:
    """Make fresh PostgreSQL schemas on demand; every one is dropped on leaving the block."""
    if not PG_URL:
        pytest.skip("CLAIMS_TEST_POSTGRES_URL is not set; PostgreSQL tests need a server")
    admin = sa.create_engine(PG_URL)
    made: list[str] = []

    def make() -> str:
        schema = f"t_{uuid.uuid4().hex[:16]}"
        with admin.begin() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        made.append(schema)
        return postgres_schema_url(schema)

    try:
        yield make
    finally:
        with admin.begin() as connection:
            for schema in made:
                connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.dispose()


@contextlib.contextmanager
def database_urls(backend: str, folder: Path) -> Iterator[Callable[[], str]]:
    """Make fresh, empty database URLs on ``backend``: SQLite files in ``folder``, or schemas."""
    if backend == "sqlite":
        count = itertools.count(1)
        yield lambda: f"sqlite:///{folder / f'claims-{next(count)}.db'}"
        return
    with postgres_schemas() as make:
        yield make


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL whose connections work in a fresh, private PostgreSQL schema."""
    with postgres_schemas() as make:
        yield make()


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each backend in turn: SQLite, then PostgreSQL."""
    name: str = request.param
    return name


@pytest.fixture
def new_db_url(backend: str, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """Fresh, empty database URLs on the test's backend, as many as the test asks for."""
    with database_urls(backend, tmp_path) as make:
        yield make


@pytest.fixture
def db_url(new_db_url: Callable[[], str]) -> str:
    """A fresh, empty database URL: SQLite, then PostgreSQL."""
    return new_db_url()


@pytest.fixture(scope="module", params=BACKENDS)
def module_db_urls(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[], str]]:
    """Fresh database URLs for a module's tests to share, on each backend in turn (for
    property tests, whose many examples each cannot afford a database of their own)."""
    with database_urls(request.param, tmp_path_factory.mktemp("module")) as make:
        yield make


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    """An open, migrated database on each backend."""
    db = open_database(db_url)
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture
def seeded(database: Database) -> Database:
    """The database with the seed fixture loaded."""
    from claims.ingest.demo import load_seed

    with database.session(write=True) as session:
        load_seed(session)
    return database


# Hypothesis: a quick profile for every run, and a long one for fuzzing sessions
# (HYPOTHESIS_PROFILE=fuzz pytest tests/test_fuzz.py --hypothesis-show-statistics).
settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile(
    "fuzz", max_examples=3000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
