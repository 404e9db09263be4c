"""Source versions: an edited article is stored as its source's next version, and every
claim on the old text is carried over to the new one.

This module gathers the public names of the parts, for callers that want one import:

- ``claims.versions.store``: recognising an edit of a stored source (``previous_version``,
  ``stored_text``), storing it (``add_version``) and reading versions back;
- ``claims.versions.carrying``: placing each claim on the new version, moving it or
  leaving it behind, audited as a ``reanchor`` or an ``orphan``;
- ``claims.versions.orphans``: the claims left behind, with the closest text there is;
- ``claims.versions.diff``: what changed between two versions, and what became of each
  claim.
"""

from __future__ import annotations

from claims.versions.carrying import (
    ANCHOR_ACTIONS,
    ORPHAN_ACTION,
    REANCHOR_ACTION,
    CarriedClaim,
    NewVersion,
    overlaps_any,
)
from claims.versions.diff import ClaimChange, VersionDiff, diff_versions, fold_equal
from claims.versions.orphans import Orphan, orphans
from claims.versions.store import (
    VersionInfo,
    add_version,
    anchored_text,
    is_orphan,
    normalise_url,
    previous_version,
    stored_text,
    version_text,
    versions_of,
)

__all__ = [
    "ANCHOR_ACTIONS",
    "ORPHAN_ACTION",
    "REANCHOR_ACTION",
    "CarriedClaim",
    "ClaimChange",
    "NewVersion",
    "Orphan",
    "VersionDiff",
    "VersionInfo",
    "add_version",
    "anchored_text",
    "diff_versions",
    "fold_equal",
    "is_orphan",
    "normalise_url",
    "orphans",
    "overlaps_any",
    "previous_version",
    "stored_text",
    "version_text",
    "versions_of",
]
