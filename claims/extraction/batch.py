"""Extraction over a corpus in JSON Lines: one document in, one prediction line out.

The input lines carry at least ``doc_id`` and ``text`` (the evaluation corpora and the
seed annotations do); each output line is ``{"doc_id", "attributions": [...]}`` in the
prediction format that ``score.py`` reads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from claims.extraction.pipeline import extract


def extract_document(doc: dict) -> dict:
    """The prediction record for one input document (``doc_id`` and ``text``)."""
    text = doc.get("text") or ""
    return {
        "doc_id": doc.get("doc_id"),
        "attributions": [a.to_json() for a in extract(text)],
    }


def extract_jsonl(lines: Iterable[str]) -> Iterator[str]:
    """Extract every document of a JSON Lines corpus; yields one JSON line per document.

    Args:
        lines: lines of JSON, each an object with ``doc_id`` and ``text``. Blank lines are
            skipped.

    Yields:
        A JSON line (without the newline) per document, in input order.
    """
    for line in lines:
        if not line.strip():
            continue
        yield json.dumps(extract_document(json.loads(line)), ensure_ascii=False)
