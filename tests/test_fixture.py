"""The seed fixture is a faithful hand annotation of the seed article."""

from __future__ import annotations

import json

import pytest

from claims.exports.bundle import parse_bundle
from claims.ingest.demo import seed_bundle_path, seed_dir
from tests.conftest import SHARED

GOLD = SHARED / "seeds" / "000_21a3966b35e6bf93.gold.jsonl"


def test_every_span_is_the_text_it_claims_to_be() -> None:
    bundle = parse_bundle(seed_bundle_path().read_bytes())
    text = bundle.sources[0].text
    assert text == (seed_dir() / "000_21a3966b35e6bf93.txt").read_text(encoding="utf-8")
    assert len(bundle.claims) == 13
    for claim in bundle.claims:
        assert claim.span_start is not None and claim.span_end is not None
        assert text[claim.span_start : claim.span_end] == claim.content == claim.span_exact
        assert text[claim.speaker_start : claim.speaker_end] == claim.speaker_mention
        assert text[claim.cue_start : claim.cue_end] == claim.cue


def test_kimmitt_and_sadrs_representative_contradict() -> None:
    bundle = parse_bundle(seed_bundle_path().read_bytes())
    speaker = {s.id: s.name for s in bundle.speakers}
    by_id = {c.id: c for c in bundle.claims}
    pairs = {
        frozenset(
            (speaker[by_id[x.claim_id].speaker_id or 0], speaker[by_id[x.other_id].speaker_id or 0])
        )
        for x in bundle.links
        if x.relation == "contradicts"
    }
    assert frozenset({"Mark Kimmitt", "representative of Moqtada al-Sadr"}) in pairs


@pytest.mark.skipif(not GOLD.exists(), reason="the gold annotation (../shared/seeds) is absent")
def test_fixture_agrees_with_the_gold_annotation() -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8").splitlines()[0])
    bundle = parse_bundle(seed_bundle_path().read_bytes())
    speaker = {s.id: s.name for s in bundle.speakers}
    ours = {(c.span_start, c.span_end): c for c in bundle.claims}
    for attribution in gold["attributions"]:
        ((start, end),) = attribution["content_span"]
        claim = ours[(start, end)]
        assert speaker[claim.speaker_id or 0] == attribution["speaker_canonical"]
        assert claim.cue == attribution["cue"]
        assert claim.quote_type == attribution["type"]
        assert claim.via == attribution.get("via")
    gold_ids = {a["id"]: tuple(a["content_span"][0]) for a in gold["attributions"]}
    by_id = {c.id: (c.span_start, c.span_end) for c in bundle.claims}
    links = {frozenset((by_id[x.claim_id], by_id[x.other_id])) for x in bundle.links}
    for pair in gold["contrasts"]:
        assert frozenset((gold_ids[pair["a"]], gold_ids[pair["b"]])) in links
