"""The seed walkthrough: the seed article and its hand-annotated claims, loaded on demand.

The seed's records carry the times the fixture was made; loading moves them all forward
together, so that its history reads as having happened when it was loaded, in the same
order and spacing, and not weeks before the user's own changes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel
from sqlmodel import Session

from claims.exports.bundle import Bundle, ImportSummary, import_bundle, read_bundle
from db.models import utcnow

_PACKAGED = Path(__file__).parent.parent / "data" / "seed"
_CHECKOUT = Path(__file__).parent.parent.parent / "fixtures" / "seed"


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
    return import_bundle(session, as_loaded_now(read_bundle(seed_bundle_path())))


def _sections(bundle: Bundle) -> dict[str, list[BaseModel]]:
    return {
        name: value
        for name in type(bundle).model_fields
        if isinstance(value := getattr(bundle, name), list)
        and all(isinstance(record, BaseModel) for record in value)
    }


def as_loaded_now(bundle: Bundle) -> Bundle:
    """``bundle`` with every timestamp moved by the same amount, the latest to now."""
    sections = _sections(bundle)
    times = [
        value
        for records in sections.values()
        for record in records
        for value in vars(record).values()
        if isinstance(value, dt.datetime)
    ]
    if not times:
        return bundle
    shift = utcnow() - max(times)
    return bundle.model_copy(
        update={
            name: [
                record.model_copy(
                    update={
                        field: value + shift
                        for field, value in vars(record).items()
                        if isinstance(value, dt.datetime)
                    }
                )
                for record in records
            ]
            for name, records in sections.items()
        }
    )
