"""The ``claims`` command line: a thin layer over the claims library.

``main`` runs the Typer app and turns every error a user can cause into one line on stderr
and a non-zero exit status; ``CLAIMS_DEBUG=1`` shows the traceback of an unexpected one.
"""

from __future__ import annotations

import os
import sys

import typer
import typer.main
from sqlalchemy.exc import SQLAlchemyError
from typer.exceptions import TyperException

from claims.cli import (  # noqa: F401  (each module registers its commands)
    bundle_commands,
    claim_commands,
    claim_review_commands,
    db_commands,
    demo_commands,
    event_commands,
    ingest_commands,
    model_commands,
    report_commands,
    search_commands,
    speaker_commands,
    suggest_commands,
    tui_commands,
    undo_commands,
    version_commands,
)
from claims.cli.app import app
from claims.cli.output import error
from db.errors import ClaimsError

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        cli = typer.main.get_command(app)
        result = cli.main(args=argv, prog_name="claims", standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        error("aborted")
        return 130
    except TyperException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":
            print(exc.format_message())
            return 0
        ctx = getattr(exc, "ctx", None)
        hint = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
        error(exc.format_message() + hint)
        return 2 if hasattr(exc, "ctx") else exc.exit_code
    except KeyboardInterrupt:
        error("interrupted; nothing was left half-written")
        return 130
    except ClaimsError as exc:
        error(str(exc))
        return exc.exit_code
    except SQLAlchemyError as exc:
        if os.environ.get("CLAIMS_DEBUG"):
            raise
        detail = getattr(exc, "orig", None) or exc
        error(f"database error: {str(detail).strip().splitlines()[0]}")
        return 1
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except Exception as exc:  # the last line of defence: a bug, reported on one line
        if os.environ.get("CLAIMS_DEBUG"):
            raise
        error(f"internal error: {type(exc).__name__}: {exc} (set CLAIMS_DEBUG=1 for details)")
        return 70
    return result if isinstance(result, int) else 0
