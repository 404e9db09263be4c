"""The shape of the house: the core never loads the terminal UI."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_core_and_cli_import_without_textual() -> None:
    code = (
        "import sys, claims, claims.cli, db.engine, db.queries, claims.exports.bundle,"
        " claims.browse.details, claims.reports, claims.suggestions.scoring, claims.exports;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'tui'});"
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"core imported: {done.stdout} {done.stderr}"
