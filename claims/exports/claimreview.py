"""schema.org ClaimReview: the fact-check markup search engines read, for reviewed claims.

Each claim whose status is not ``unreviewed`` becomes one ``ClaimReview`` with the fields
Google's fact-check documentation requires (``claimReviewed``, ``reviewRating`` with its
textual ``alternateName``, ``url``) and those it recommends (``author``, ``datePublished``,
``itemReviewed`` as a ``Claim`` with its ``author``, ``datePublished`` and ``appearance``).
The appearance's ``version`` is the version of the source the claim was read in: the current
one, or an earlier one when a later edit of the article removed the claim.
The file is a JSON array of these objects, each with its own ``@context``, streamed.

``url`` must be the page where the fact check is published: it is built from ``base_url``,
either by putting the claim's id in place of ``{id}`` or by appending the claim's anchor in
the HTML report (``#claim-5``), so an HTML report published at that address is the page.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import IO, Any

from sqlmodel import Session

from claims.exports.records import ClaimRecord, iter_claim_records
from db.errors import InvalidValueError
from db.models import ReviewStatus, Speaker, SpeakerKind

SCHEMA_CONTEXT = "https://schema.org"

#: The rating scale: worst 1 (false) to best 4 (verified). An unverifiable claim has no place
#: on it and is rated in words only.
RATINGS: dict[str, tuple[int | None, str]] = {
    ReviewStatus.FALSE.value: (1, "False"),
    ReviewStatus.MISLEADING.value: (2, "Misleading"),
    ReviewStatus.DISPUTED.value: (3, "Disputed"),
    ReviewStatus.VERIFIED.value: (4, "Verified"),
    ReviewStatus.UNVERIFIABLE.value: (None, "Unverifiable"),
}
BEST_RATING, WORST_RATING = 4, 1


def review_url(base_url: str, claim_id: int) -> str:
    """The address of a claim's fact check under ``base_url``."""
    if "{id}" in base_url:
        return base_url.replace("{id}", str(claim_id))
    return f"{base_url.split('#', 1)[0]}#claim-{claim_id}"


def _agent(speaker: Speaker | None, role: str | None) -> dict[str, Any] | None:
    if speaker is None:
        return None
    if speaker.kind in (SpeakerKind.ORGANISATION.value, SpeakerKind.GROUP.value):
        return {"@type": "Organization", "name": speaker.name}
    person: dict[str, Any] = {"@type": "Person", "name": speaker.name}
    if role:
        person["jobTitle"] = role
    if speaker.affiliation:
        person["affiliation"] = {"@type": "Organization", "name": speaker.affiliation}
    return person


def claim_review(
    record: ClaimRecord, *, base_url: str, publisher: str | None = None
) -> dict[str, Any]:
    """The ClaimReview of one reviewed claim.

    Args:
        base_url: Where the fact checks are published (see the module docstring).
        publisher: The fact-checking organisation; without it the reviewer who set the
            status is named as the author.
    """
    claim, speaker, source = record.claim, record.speaker, record.source
    assert claim.id is not None
    value, label = RATINGS[claim.status]
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": label}
    if value is not None:
        rating |= {"ratingValue": value, "bestRating": BEST_RATING, "worstRating": WORST_RATING}
    if claim.note:
        rating["ratingExplanation"] = claim.note
    item: dict[str, Any] = {"@type": "Claim"}
    author = _agent(speaker, claim.speaker_role or (speaker.description if speaker else None))
    if author is not None:
        item["author"] = author
    said_on = claim.said_on or (source.published if source else None)
    if said_on is not None:
        item["datePublished"] = said_on.isoformat()
    if source is not None:
        appearance: dict[str, Any] = {"@type": "CreativeWork"}
        if source.url:
            appearance["url"] = source.url
        if source.title:
            appearance["headline"] = source.title
        if source.author:
            appearance["author"] = {"@type": "Person", "name": source.author}
        if source.outlet:
            appearance["publisher"] = {"@type": "Organization", "name": source.outlet}
        if source.published:
            appearance["datePublished"] = source.published.isoformat()
        # The version of the article the claim was read in: an earlier one for a claim a
        # later edit removed.
        appearance["version"] = claim.anchor_version
        item["appearance"] = appearance
    if claim.via:
        # The outlet the speaker spoke to carried the claim before the source did.
        item["firstAppearance"] = {
            "@type": "CreativeWork",
            "publisher": {"@type": "Organization", "name": claim.via},
        }
    reviewed_at = record.review.at if record.review else claim.updated_at
    review_author: dict[str, Any] = (
        {"@type": "Organization", "name": publisher}
        if publisher
        else {"@type": "Person", "name": record.review.user if record.review else claim.created_by}
    )
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "ClaimReview",
        "url": review_url(base_url, claim.id),
        "claimReviewed": claim.content,
        "itemReviewed": item,
        "author": review_author,
        "datePublished": reviewed_at.date().isoformat(),
        "reviewRating": rating,
    }


def write_claimreview(
    session: Session,
    out: IO[str],
    *,
    base_url: str | None,
    publisher: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Stream a JSON array of ClaimReviews, one per reviewed claim; returns how many.

    Raises:
        InvalidValueError: ``base_url`` is missing or not a web address.
    """
    if not base_url or not base_url.startswith(("https://", "http://")):
        raise InvalidValueError(
            "claimreview needs --base-url, the http(s) address where the fact checks are "
            "published (e.g. https://example.org/najaf-report.html)"
        )
    out.write("[")
    count = 0
    for record in iter_claim_records(session):
        if progress:
            progress(1)
        # A claim rejected as not a claim has no verdict to publish: nobody is reported saying it.
        if record.claim.status not in RATINGS:
            continue
        review = claim_review(record, base_url=base_url, publisher=publisher)
        out.write(",\n  " if count else "\n  ")
        out.write(json.dumps(review, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count
