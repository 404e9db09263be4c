"""W3C Web Annotations: one annotation per claim, anchored in its source's text.

The file is an ``AnnotationCollection`` whose first (and only) ``AnnotationPage`` holds the
annotations, as the Web Annotation Data Model lays out a set of annotations. Each annotation
targets its source with two selectors for the same stretch of text: a
``TextQuoteSelector`` (``exact`` with ``prefix`` and ``suffix``) that survives small changes
to the text, and a ``TextPositionSelector`` (``start``, ``end``, counted in Unicode code
points, end exclusive) that is exact. Its bodies describe the claim (the attribution chain),
assess it (the review status), comment on it (the note) and tag it.

A source is named by its URL when it has a web address, else by the sha256 of its text as a
Named Information URI (RFC 6920, ``ni:///sha-256;...``). Annotation ids are ``urn:uuid:``
URNs derived from the version of the source and the span, so exporting the same archive
twice gives the same ids. Claims without a place in a source have nothing to anchor to and
are left out.

Sources have versions, and a claim's offsets point into one of them: the current one, or an
earlier one for an orphan (a claim whose words a later version no longer has). The target
is therefore a SpecificResource with a ``TimeState`` naming that version, as the Web
Annotation model provides for a resource that changes: ``cached`` is the Named Information
URI of exactly that version's text (the text both selectors count in), and ``sourceDate``
(the current version) or ``sourceDateStart`` and ``sourceDateEnd`` (an earlier one, from
when it was read until a later version replaced it) when it was the source's text. The
target also carries ``claimtrack:version`` (the version the selectors point into),
``claimtrack:currentVersion``, ``claimtrack:orphan`` and, when an edit changed the claim's
words, ``claimtrack:changedInVersion``; the describing body names what found the claim as
its ``creator``, a ``Software`` agent with ``claimtrack:extractor`` and
``claimtrack:extractorVersion``. (Keys with the ``claimtrack:`` prefix are absolute IRIs to
a JSON-LD processor; consumers that know only the Web Annotation vocabulary ignore them.)
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable
from typing import IO, Any, cast

from sqlalchemy.orm import object_session
from sqlmodel import Session, col, func, select

from claims.archive.attribution import chain_text
from claims.archive.store import quote_selector
from claims.exports.records import AnchorVersion, ClaimRecord, iter_claim_records
from claims.versions.store import anchored_text
from db.models import Claim, ReviewStatus, Source

ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_NAMESPACE = uuid.UUID("5b8f2f5e-6a43-4c43-9d0c-2f7f0c3a9a11")


def text_iri(sha256: str) -> str:
    """The Named Information URI (RFC 6920) of the text whose sha256 is ``sha256``."""
    digest = base64.urlsafe_b64encode(bytes.fromhex(sha256)).decode("ascii").rstrip("=")
    return f"ni:///sha-256;{digest}"


def source_iri(source: Source) -> str:
    """The IRI an annotation's target names its source by."""
    if source.url and source.url.startswith(("https://", "http://")):
        return source.url
    return text_iri(source.sha256)


def _anchor(record: ClaimRecord, source: Source) -> AnchorVersion:
    """The version the claim points into; the current one if the record does not say."""
    if record.anchor is not None:
        return record.anchor
    return AnchorVersion(source.version, source.sha256, source.ingested_at, None, source.media_type)


def _state(anchor: AnchorVersion) -> dict[str, Any]:
    state: dict[str, Any] = {"type": "TimeState", "cached": text_iri(anchor.sha256)}
    if anchor.superseded_at is None:
        state["sourceDate"] = anchor.ingested_at.isoformat()
    else:
        state["sourceDateStart"] = anchor.ingested_at.isoformat()
        state["sourceDateEnd"] = anchor.superseded_at.isoformat()
    return state


def _extractor(claim: Claim) -> dict[str, Any] | None:
    if not claim.extractor:
        return None
    name = " ".join(
        part for part in ("claimtrack", claim.extractor, claim.extractor_version) if part
    )
    agent: dict[str, Any] = {
        "type": "Software",
        "name": name,
        "claimtrack:extractor": claim.extractor,
    }
    if claim.extractor_version:
        agent["claimtrack:extractorVersion"] = claim.extractor_version
    return agent


def _urn(*parts: object) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, ':'.join(str(p) for p in parts))}"


def annotation(record: ClaimRecord, session: Session | None = None) -> dict[str, Any] | None:
    """The Web Annotation of one claim; None when the claim has no place in a source.

    Args:
        session: Where to read the text of the version the claim is anchored to, if the
            claim lacks its quote (by default the session the record was read in).
    """
    claim, source = record.claim, record.source
    if source is None or claim.span_start is None or claim.span_end is None:
        return None
    anchor = _anchor(record, source)
    if claim.span_exact is not None and claim.span_prefix is not None:
        exact, prefix, suffix = claim.span_exact, claim.span_prefix, claim.span_suffix or ""
    else:
        # A claim imported without its quote: read it from the text of the version its
        # offsets point into (an orphan's earlier version, not the current text).
        reader = session or cast(Session | None, object_session(source))
        assert reader is not None, "a claim without its quote needs a session to read it"
        text = anchored_text(reader, claim, source) or ""
        quote = quote_selector(text, claim.span_start, claim.span_end)
        exact, prefix, suffix = quote.exact, quote.prefix, quote.suffix
    selectors: list[dict[str, Any]] = [
        {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix},
        {"type": "TextPositionSelector", "start": claim.span_start, "end": claim.span_end},
    ]
    describing: dict[str, Any] = {
        "type": "TextualBody",
        "purpose": "describing",
        "value": f"{chain_text(record.chain)}: {claim.content}",
        "format": "text/plain",
    }
    extractor = _extractor(claim)
    if extractor is not None:
        describing["creator"] = extractor
    bodies: list[dict[str, Any]] = [describing]
    if claim.status != ReviewStatus.UNREVIEWED.value:
        bodies.append({"type": "TextualBody", "purpose": "assessing", "value": claim.status})
    if claim.note:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": claim.note,
                "format": "text/plain",
            }
        )
    bodies += [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in record.tags]
    target: dict[str, Any] = {
        "source": source_iri(source),
        "type": "Text",
        "format": anchor.media_type,
        "state": _state(anchor),
        "selector": selectors,
        "claimtrack:version": anchor.number,
        "claimtrack:currentVersion": source.version,
        "claimtrack:orphan": anchor.number < source.version,
    }
    if claim.changed_in_version is not None:
        target["claimtrack:changedInVersion"] = claim.changed_in_version
    result: dict[str, Any] = {
        "@context": ANNOTATION_CONTEXT,
        "id": _urn("claim", anchor.sha256, claim.span_start, claim.span_end, claim.content),
        "type": "Annotation",
        "motivation": "describing",
        "created": claim.created_at.isoformat(),
        "modified": claim.updated_at.isoformat(),
        "body": bodies,
        "target": target,
    }
    if claim.created_by:
        result["creator"] = {"type": "Person", "name": claim.created_by}
    return result


def write_annotations(
    session: Session,
    out: IO[str],
    *,
    label: str = "claimtrack claims",
    progress: Callable[[int], None] | None = None,
) -> int:
    """Stream the archive's claims as an AnnotationCollection; returns how many annotations.

    The collection's ``total`` is counted first, so the file can be written in one pass.
    """
    total = session.exec(
        select(func.count())
        .select_from(Claim)
        .where(
            col(Claim.source_id).is_not(None),
            col(Claim.span_start).is_not(None),
            col(Claim.span_end).is_not(None),
        )
    ).one()
    collection = _urn("collection", label, total)
    head = {
        "@context": ANNOTATION_CONTEXT,
        "id": collection,
        "type": "AnnotationCollection",
        "label": label,
        "total": total,
    }
    page = {
        "id": _urn("page", collection, 0),
        "type": "AnnotationPage",
        "partOf": collection,
        "startIndex": 0,
    }
    out.write(json.dumps(head, ensure_ascii=False)[:-1])
    out.write(', "first": ' + json.dumps(page, ensure_ascii=False)[:-1] + ', "items": [')
    count = 0
    for record in iter_claim_records(session):
        if progress:
            progress(1)
        item = annotation(record, session)
        if item is None:
            continue
        out.write(",\n  " if count else "\n  ")
        out.write(json.dumps(item, ensure_ascii=False))
        count += 1
    out.write("\n]}}\n" if count else "]}}\n")
    return count
