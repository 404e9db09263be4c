"""Who is making a change: the name the audit trail records for every edit.

It is ``--user`` when given, else the ``CLAIMS_USER`` environment variable, else the
operating-system login. Undo uses it too: a reviewer can only undo their own changes.
"""

from __future__ import annotations

import getpass
import os


def current_user(explicit: str | None = None) -> str:
    """The reviewer's name: ``--user``, else ``CLAIMS_USER``, else the operating-system user."""
    for candidate in (explicit, os.environ.get("CLAIMS_USER")):
        if candidate and candidate.strip():
            return candidate.strip()
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
