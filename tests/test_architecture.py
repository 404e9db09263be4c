"""The shape of the house: which packages may import which.

The import contracts in ``pyproject.toml`` are checked statically by import-linter: the
command line on top, the terminal UI under it, the domain packages under both and ``db/`` at
the bottom, the domain's packages in layers of their own; the domain never imports a front
end. The checks here run that linter, make sure
no package of ``claims`` escapes the contracts, and check at run time that the command line
starts without loading Textual.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

from tests.conftest import REPO

FRONT_ENDS = {"cli"}


def _contracts() -> dict[str, dict]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return {c["name"]: c for c in config["tool"]["importlinter"]["contracts"]}


def _domain_packages() -> set[str]:
    return {
        f"claims.{p.name}"
        for p in (REPO / "claims").iterdir()
        if (p / "__init__.py").is_file() and p.name not in FRONT_ENDS
    }


def test_import_contracts_hold() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports;"
            " sys.exit(lint_imports(no_cache=True))",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_every_domain_package_is_under_the_contracts() -> None:
    contracts = _contracts()
    layers = contracts[
        "The command line on top, the terminal UI under it, the domain under both,"
        " the store at the bottom"
    ]["layers"]
    domain_layers = [set(re.split(r"[:|]", line)) for line in layers[2:-1]]
    domain = {m.strip() for line in domain_layers for m in line}
    no_front_end = set(contracts["The domain and the store know no front end"]["source_modules"])
    packages = _domain_packages()
    assert len(packages) >= 10
    assert packages == domain, "a package of claims/ is missing from the domain's layers"
    assert packages | {"db"} == no_front_end, "a package of claims/ may import a front end"
    assert layers[:2] == ["claims.cli", "tui"] and layers[-1] == "db"


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


def test_the_map_names_only_what_exists() -> None:
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    paths = set(re.findall(r"`((?:claims|tui|db|tests|bench|fixtures)/[\w/.]*)`", text))
    modules = set(re.findall(r"`((?:claims|tui|db)\.[\w.]+)`", text))
    assert len(paths) > 20 and len(modules) > 10
    missing = sorted(p for p in paths if not (REPO / p).exists())
    assert not missing, f"ARCHITECTURE.md names paths that do not exist: {missing}"
    for dotted in sorted(modules):
        parts = dotted.split(".")
        while parts and not (
            (REPO / "/".join(parts)).with_suffix(".py").is_file()
            or (REPO / "/".join(parts) / "__init__.py").is_file()
        ):
            parts.pop()
        assert len(parts) >= 2, f"{dotted} is not a module"
    drawn = re.search(r"```\nclaims\.cli.*?```", text, re.S)
    assert drawn, "the layers are drawn"
    layers = _contracts()[
        "The command line on top, the terminal UI under it, the domain under both,"
        " the store at the bottom"
    ]["layers"]
    drawn_layers = [line.split("  ")[0].strip() for line in drawn.group(0).splitlines()[1:-1]]
    assert drawn_layers == layers, "ARCHITECTURE.md draws other layers than pyproject states"
