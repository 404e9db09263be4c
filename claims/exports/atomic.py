"""Writing a file whole or not at all.

Exports and reports are written beside their target and renamed over it only once complete,
so an interrupted or failed write never leaves half a file where a finished one was expected.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from db.errors import ClaimsError


@contextlib.contextmanager
def write_atomically(path: Path) -> Iterator[IO[str]]:
    """A text stream that becomes ``path`` when the block ends without an exception.

    Raises:
        ClaimsError: The directory of ``path`` cannot be written to.
    """
    directory = path.resolve().parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=directory)
    except OSError as exc:
        raise ClaimsError(f"cannot write to {directory}: {exc.strerror}") from None
    try:
        # mkstemp makes the file private; give it the mode an ordinary write would have.
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            yield out
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
