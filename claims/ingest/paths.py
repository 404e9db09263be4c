"""Finding the files to ingest: files, folders and globs expanded into one sorted list.

A folder is read recursively, keeping the files whose ending ingest reads
(``DOCUMENT_SUFFIXES``) and skipping hidden files and folders; an input that names nothing
readable is reported with the reason rather than failing the run.
"""

from __future__ import annotations

import glob
from collections.abc import Sequence
from pathlib import Path

#: File endings ingest reads when given a folder.
DOCUMENT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm"})


def collect_paths(inputs: Sequence[str]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Expand files, folders (recursively, by ending) and globs into a sorted file list.

    Returns:
        The files to read, and (input, reason) for every input that named nothing readable.
    """
    files: dict[Path, None] = {}
    missing: list[tuple[str, str]] = []
    for raw in inputs:
        matches = sorted(glob.glob(raw, recursive=True)) if glob.has_magic(raw) else [raw]
        if not matches:
            missing.append((raw, "no file matches this pattern"))
        for match in matches:
            path = Path(match)
            if path.is_dir():
                found = sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in DOCUMENT_SUFFIXES
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
                if not found:
                    missing.append((match, "folder holds no .txt, .md or .html files"))
                files.update(dict.fromkeys(found))
            elif path.is_file():
                files[path] = None
            else:
                missing.append((match, "no such file or folder"))
    return list(files), missing
