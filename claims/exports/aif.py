"""The Argument Interchange Format (AIF) in the JSON that AIFdb and OVA read and write.

Every claim is an I-node (its proposition) reached from an L-node (the locution: the speaker
saying it, written "Speaker: words" as OVA writes it) through a YA node ("Asserting"); the
speaker is a participant, and a locution ties the L-node to them. Links between claims
become scheme nodes between the two I-nodes: ``contradicts`` a CA node ("Default
Conflict"), ``supports`` an RA node ("Default Inference", from the supporting claim to the
one it supports), ``duplicate`` an MA node ("Default Rephrase"). ``elaborates`` and
``same_event`` have no AIF counterpart and are left out.

Ids are strings, as in AIFdb's JSON, and follow from the claim and link ids (claim *k* has
L-node 4k, YA 4k+1, I-node 4k+2; link *j* has scheme node 4j+3), so the file is written in
a few streaming passes without holding the archive in memory.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import IO, Any

from sqlmodel import Session, col, select

from claims.exports.records import iter_claim_records, iter_links
from db.models import Claim, ClaimLink, Relation, Speaker, SpeakerKind

#: The AIF scheme node each relation becomes: (node type, node text).
SCHEMES: dict[str, tuple[str, str]] = {
    Relation.CONTRADICTS.value: ("CA", "Default Conflict"),
    Relation.SUPPORTS.value: ("RA", "Default Inference"),
    Relation.DUPLICATE.value: ("MA", "Default Rephrase"),
}
#: The participant of claims attributed to nobody.
UNATTRIBUTED = 0


def locution_id(claim_id: int) -> str:
    return str(4 * claim_id)


def illocution_id(claim_id: int) -> str:
    return str(4 * claim_id + 1)


def proposition_id(claim_id: int) -> str:
    return str(4 * claim_id + 2)


def scheme_id(link_id: int) -> str:
    return str(4 * link_id + 3)


def _stamp(value: Any) -> str:
    return f"{value:%Y-%m-%d %H:%M:%S}"


def _participant(speaker: Speaker) -> dict[str, str]:
    # AIF names people by first name and surname; an organisation keeps its whole name first.
    if speaker.kind == SpeakerKind.PERSON.value and " " in speaker.name:
        first, last = speaker.name.rsplit(" ", 1)
    else:
        first, last = speaker.name, ""
    return {"participantID": str(speaker.id), "firstname": first, "surname": last}


def _claim_nodes(session: Session) -> Iterator[dict[str, Any]]:
    for record in iter_claim_records(session):
        claim = record.claim
        assert claim.id is not None
        who = record.speaker.name if record.speaker else "Unattributed"
        stamp = _stamp(claim.created_at)
        yield {
            "nodeID": locution_id(claim.id),
            "text": f"{who}: {claim.content}",
            "type": "L",
            "timestamp": stamp,
        }
        yield {
            "nodeID": illocution_id(claim.id),
            "text": "Asserting",
            "type": "YA",
            "timestamp": stamp,
        }
        yield {
            "nodeID": proposition_id(claim.id),
            "text": claim.content,
            "type": "I",
            "timestamp": stamp,
        }


def _links(session: Session) -> Iterator[ClaimLink]:
    return (link for link in iter_links(session) if link.relation in SCHEMES)


def _write_list(out: IO[str], name: str, items: Iterator[dict[str, Any]], first: bool) -> int:
    out.write(("" if first else ",") + f'\n  "{name}": [')
    count = 0
    for item in items:
        out.write(",\n    " if count else "\n    ")
        out.write(json.dumps(item, ensure_ascii=False))
        count += 1
    out.write("\n  ]" if count else "]")
    return count


def write_aif(
    session: Session, out: IO[str], *, progress: Callable[[int], None] | None = None
) -> int:
    """Stream the archive as AIF JSON (nodes, edges, locutions, participants); returns how
    many claims it holds."""
    claims = 0

    def nodes() -> Iterator[dict[str, Any]]:
        nonlocal claims
        for node in _claim_nodes(session):
            if node["type"] == "I":
                claims += 1
                if progress:
                    progress(1)
            yield node
        for link in _links(session):
            kind, text = SCHEMES[link.relation]
            yield {
                "nodeID": scheme_id(link.id or 0),
                "text": text,
                "type": kind,
                "timestamp": _stamp(link.created_at),
            }

    def edges() -> Iterator[dict[str, Any]]:
        edge = 0
        for record in iter_claim_records(session):
            cid = record.claim.id or 0
            for a, b in (
                (locution_id(cid), illocution_id(cid)),
                (illocution_id(cid), proposition_id(cid)),
            ):
                edge += 1
                yield {"edgeID": str(edge), "fromID": a, "toID": b, "formEdgeID": None}
        for link in _links(session):
            node = scheme_id(link.id or 0)
            for a, b in (
                (proposition_id(link.claim_id), node),
                (node, proposition_id(link.other_id)),
            ):
                edge += 1
                yield {"edgeID": str(edge), "fromID": a, "toID": b, "formEdgeID": None}

    def locutions() -> Iterator[dict[str, Any]]:
        for record in iter_claim_records(session):
            claim = record.claim
            yield {
                "nodeID": locution_id(claim.id or 0),
                "personID": str(claim.speaker_id if claim.speaker_id is not None else UNATTRIBUTED),
                "timestamp": _stamp(claim.created_at),
                "start": None,
                "end": None,
                "source": None,
            }

    def participants() -> Iterator[dict[str, Any]]:
        speaking = select(Claim.speaker_id).where(col(Claim.speaker_id).is_not(None))
        for speaker in session.exec(
            select(Speaker).where(col(Speaker.id).in_(speaking)).order_by(col(Speaker.id))
        ):
            yield _participant(speaker)
        unattributed = select(Claim.id).where(col(Claim.speaker_id).is_(None)).limit(1)
        if session.exec(unattributed).first() is not None:
            yield {"participantID": str(UNATTRIBUTED), "firstname": "Unattributed", "surname": ""}

    out.write("{")
    _write_list(out, "nodes", nodes(), first=True)
    _write_list(out, "edges", edges(), first=False)
    _write_list(out, "locutions", locutions(), first=False)
    _write_list(out, "participants", participants(), first=False)
    out.write(',\n  "schemefulfillments": []\n}\n')
    return claims
