"""The seed walkthrough: the seed article and its hand-annotated claims, loaded on demand."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from claims.bundle import ImportSummary, import_bundle, read_bundle

_PACKAGED = Path(__file__).parent / "data" / "seed"
_CHECKOUT = Path(__file__).parent.parent / "fixtures" / "seed"


def seed_dir() -> Path:
    """Where the seed fixture lives: inside the installed package, or in a source checkout."""
    for candidate in (_PACKAGED, _CHECKOUT):
        if (candidate / "claims.json").is_file():
            return candidate
    raise FileNotFoundError("the seed fixture (claims.json) is missing from this installation")


def seed_bundle_path() -> Path:
    """The seed's bundle file."""
    return seed_dir() / "claims.json"


def load_seed(session: Session) -> ImportSummary:
    """Import the seed into the session's database; a second load adds nothing."""
    return import_bundle(session, read_bundle(seed_bundle_path()))
