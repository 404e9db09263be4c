"""Errors the store and the domain raise for the user to read.

Each carries one sentence that names what was wrong and, where it helps, what would be
right; the command line prints it on one line and exits non-zero.
"""

from __future__ import annotations


class ClaimsError(Exception):
    """A problem the user can act on; never a bug."""

    exit_code = 1


class NotFoundError(ClaimsError):
    """An id or name that does not exist."""


class InvalidValueError(ClaimsError):
    """A value outside what a field accepts."""

    exit_code = 2


class ConflictError(ClaimsError):
    """A write refused because someone else changed the same record first."""

    exit_code = 3


class SchemaError(ClaimsError):
    """A database this version cannot open: newer schema, or not a claimtrack database."""

    exit_code = 4


class DatabaseOpenError(ClaimsError):
    """The database could not be opened or created at the given place."""

    exit_code = 4


class BundleError(ClaimsError):
    """A bundle file that cannot be imported: it names the file and where it broke."""
