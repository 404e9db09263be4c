"""Reviewers writing at once in separate processes: nothing acknowledged is lost."""

from __future__ import annotations

import json

import pytest

from bench.concurrency import main
from tests.conftest import PG_URL


@pytest.mark.slow
@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_parallel_reviewers_lose_nothing(backend: str, capsys: pytest.CaptureFixture[str]) -> None:
    if backend == "postgres" and not PG_URL:
        pytest.skip("CLAIMS_TEST_POSTGRES_URL is not set; PostgreSQL tests need a server")
    status = main(["--backend", backend, "--workers", "4", "--actions", "40", "--claims", "15"])
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert status == 0
    assert figures["lost_updates"] == 0 and figures["errors"] == 0
    assert figures["actions_ok"] + figures["conflicts"] + figures["refused_existing_links"] == 160
    assert figures["actions_ok"] > 100
