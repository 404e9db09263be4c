"""Training data: documents with their annotated attributions, and the strict reader of
gold files (the evaluation's format: one JSON object a line)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claims.extraction.model import Span
from db.errors import ClaimsError


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One annotated attribution; ``positive`` is false for a rejected extraction.

    ``cue`` and ``speaker_canonical`` are the annotated cue text and canonical speaker
    when the file gives them (the metric's cue and resolved-speaker accuracy read them).
    """

    speaker_spans: tuple[Span, ...]
    cue_spans: tuple[Span, ...]
    content_spans: tuple[Span, ...]
    positive: bool = True
    cue: str | None = None
    speaker_canonical: str | None = None


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """A document's text and its annotated attributions."""

    doc_id: str
    text: str
    attributions: tuple[GoldAttribution, ...] = field(default_factory=tuple)


class GoldFileError(ClaimsError):
    """A gold file that cannot be read: the message names the file, the line and the field."""

    exit_code = 2


# Field name -> the types its value may have (None allowed where the corpora use null).
_DOCUMENT_FIELDS: dict[str, tuple[type, ...]] = {
    "doc_id": (str,),
    "text": (str,),
    "attributions": (list,),
    "meta": (dict, type(None)),
    "source_corpus": (str, type(None)),
    "split": (str, type(None)),
    "annotator": (str, type(None)),
    "n_annotators": (int, type(None)),
    "contrasts": (list, type(None)),
}
_REQUIRED_DOCUMENT = ("doc_id", "text", "attributions")

_ROLES = ("speaker", "cue", "content")
_ATTRIBUTION_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (str, int, type(None)),
    "speaker": (str, type(None)),
    "speaker_span": (list, type(None)),
    "cue": (str, type(None)),
    "cue_span": (list, type(None)),
    "content": (str, type(None)),
    "content_span": (list, type(None)),
    "type": (str, type(None)),
    "has_source": (bool, type(None)),
    "speaker_canonical": (str, type(None)),
    "speaker_resolved": (str, type(None)),
    "via": (str, type(None)),
    "via_span": (list, type(None)),
    "note": (str, type(None)),
    "positive": (bool,),
    "rule": (str, type(None)),
    "confidence": (int, float, type(None)),
}
_REQUIRED_ATTRIBUTION = ("content_span",)


def _type_names(types: tuple[type, ...]) -> str:
    names = {
        str: "a string",
        int: "an integer",
        float: "a number",
        bool: "true or false",
        list: "a list",
        dict: "an object",
        type(None): "null",
    }
    return " or ".join(names[t] for t in types)


def _has_type(value: Any, types: tuple[type, ...]) -> bool:
    # bool is an int in Python, never in a gold file.
    if isinstance(value, bool):
        return bool in types
    return isinstance(value, types)


def _spans(raw: list[Any] | None, text: str, where: str) -> tuple[Span, ...]:
    """The spans of one role, checked: pairs of offsets inside the text, none empty or
    overlapping another. A single flat ``[start, end]`` is read as one span."""
    if raw is None or raw == []:
        return ()
    if len(raw) == 2 and all(isinstance(x, int) and not isinstance(x, bool) for x in raw):
        raw = [raw]
    out: list[Span] = []
    for k, pair in enumerate(raw):
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(x, int) and not isinstance(x, bool) for x in pair)
        ):
            raise ValueError(f"{where}: span {k} is not a pair of integer offsets: {pair!r}")
        start, end = pair
        if start < 0:
            raise ValueError(f"{where}: span [{start}, {end}] starts before the text")
        if end > len(text):
            raise ValueError(
                f"{where}: span [{start}, {end}] ends past the text ({len(text)} characters)"
            )
        if end <= start:
            raise ValueError(f"{where}: span [{start}, {end}] is empty")
        out.append((start, end))
    ordered = sorted(out)
    for (s1, e1), (s2, e2) in zip(ordered, ordered[1:], strict=False):
        if s2 < e1:
            raise ValueError(f"{where}: spans [{s1}, {e1}] and [{s2}, {e2}] overlap")
    return tuple(out)


def _check_fields(
    record: dict[str, Any], known: dict[str, tuple[type, ...]], required: tuple[str, ...], at: str
) -> None:
    prefix = f"{at}." if at else ""
    for name in required:
        if name not in record:
            raise ValueError(f"{prefix}{name}: missing")
    for name, value in record.items():
        types = known.get(name)
        if types is None:
            raise ValueError(f"{prefix}{name}: unknown field")
        if not _has_type(value, types):
            raise ValueError(
                f"{prefix}{name}: should be {_type_names(types)}, not {type(value).__name__}"
            )


def parse_gold_document(record: Any) -> GoldDocument:
    """One gold document from its decoded JSON, checked strictly.

    Raises:
        ValueError: the message starts with the field at fault, e.g.
            ``attributions[3].content_span: span [900, 1200] ends past the text``.
    """
    if not isinstance(record, dict):
        raise ValueError(f"the line should be a JSON object, not {type(record).__name__}")
    _check_fields(record, _DOCUMENT_FIELDS, _REQUIRED_DOCUMENT, "")
    text: str = record["text"]
    attributions = []
    for i, raw in enumerate(record["attributions"]):
        at = f"attributions[{i}]"
        if not isinstance(raw, dict):
            raise ValueError(f"{at}: should be an object, not {type(raw).__name__}")
        _check_fields(raw, _ATTRIBUTION_FIELDS, _REQUIRED_ATTRIBUTION, at)
        spans = {
            role: _spans(raw.get(f"{role}_span"), text, f"{at}.{role}_span") for role in _ROLES
        }
        if raw.get("via_span") is not None:
            _spans(raw["via_span"], text, f"{at}.via_span")
        attributions.append(
            GoldAttribution(
                speaker_spans=spans["speaker"],
                cue_spans=spans["cue"],
                content_spans=spans["content"],
                positive=raw.get("positive", True),
                cue=raw.get("cue"),
                speaker_canonical=raw.get("speaker_canonical"),
            )
        )
    return GoldDocument(record["doc_id"], text, tuple(attributions))


def parse_json_line(line: str) -> Any:
    """One line of a JSON Lines file, read as JSON.

    Raises:
        ValueError: the line is not JSON, saying why ("not valid JSON (...)", "a number too
            long", "JSON nested too deeply").
    """
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg}, column {exc.colno})") from None
    except ValueError:  # what json leaves to int(): a number of more than 4,300 digits
        raise ValueError("a number too long") from None
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None


def iter_gold(path: Path | str) -> Iterator[GoldDocument]:
    """The documents of a gold file one at a time, each checked as it is read.

    Raises:
        GoldFileError: the file cannot be read, or a line is not a valid gold document
            (the message names the file, the line and the field).
    """
    path = Path(path)
    seen: dict[str, int] = {}
    try:
        stream = path.open(encoding="utf-8")
    except OSError as exc:
        raise GoldFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    with stream:
        number = 0
        try:
            for number, line in enumerate(stream, 1):  # noqa: B007 (read after the loop)
                if not line.strip():
                    continue
                try:
                    record = parse_json_line(line)
                except ValueError as exc:
                    raise GoldFileError(f"{path.name} line {number}: {exc}") from None
                try:
                    doc = parse_gold_document(record)
                except ValueError as exc:
                    raise GoldFileError(f"{path.name} line {number}, {exc}") from None
                if doc.doc_id in seen:
                    raise GoldFileError(
                        f"{path.name} line {number}, doc_id: {doc.doc_id!r} is already on line "
                        f"{seen[doc.doc_id]}"
                    )
                seen[doc.doc_id] = number
                yield doc
        except UnicodeDecodeError:
            raise GoldFileError(f"{path.name} line {number + 1}: not UTF-8 text") from None


def read_gold(path: Path | str) -> list[GoldDocument]:
    """Every document of a gold file, checked strictly (see :func:`iter_gold`)."""
    return list(iter_gold(path))
