"""Searching claims on SQLite and PostgreSQL: ranking, snippets, every filter, fuzzy speakers,
hostile input, and the text index kept in step with the claims."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from claims.archive.store import add_claim, add_source
from claims.review.edits import add_tags, set_status
from claims.review.links import link_claims
from claims.search.claims import COUNT_LIMIT, ClaimQuery, Highlighted, search_claims
from claims.speakers.registry import add_alias, add_speaker, find_speakers
from db.engine import Database
from db.errors import InvalidValueError
from db.models import AuditEntry, Claim, ClaimCreate, SourceCreate
from db.queries import ClaimFilter, list_claims


def ids(page_or_hits: object) -> list[int]:
    hits = getattr(page_or_hits, "hits", page_or_hits)
    return [h.claim.id for h in hits]  # type: ignore[attr-defined]


def claim(session: Session, content: str, speaker: str | None = None, **fields: object) -> int:
    made = add_claim(
        session, ClaimCreate(content=content, **fields), user="ana", speaker_name=speaker
    )
    assert made.id is not None
    return made.id


# --- Text ---------------------------------------------------------------------------------


def test_text_search_ranks_the_closer_match_first_and_counts_them(database: Database) -> None:
    with database.session(write=True) as session:
        dense = claim(session, "The ceasefire held; the ceasefire is the ceasefire.")
        sparse = claim(
            session,
            "Officials spoke at length about reconstruction, contracts, the budget, "
            "elections, the constitution and, briefly, a ceasefire in the south.",
        )
        claim(session, "Nothing about that here.")
    with database.session() as session:
        page = search_claims(session, ClaimQuery(text="ceasefire"))
    assert ids(page) == [dense, sparse]
    assert page.total == 2 and page.total_exact
    relevance = [h.relevance for h in page.hits]
    assert relevance[0] is not None and relevance[1] is not None
    assert relevance[0] > relevance[1]


def test_snippets_mark_the_matched_words_with_offsets(seeded: Database) -> None:
    with seeded.session() as session:
        page = search_claims(session, ClaimQuery(text="ceasefires"))  # stemmed: "ceasefire"
        (hit,) = page.hits
        assert hit.claim.id == 5
        assert hit.snippet.matched() == ["ceasefire"]
        (start, end), *_ = hit.snippet.spans
        assert hit.snippet.text[start:end] == "ceasefire"
        assert "".join(piece for piece, _ in hit.snippet.parts()) == hit.snippet.text
        prefixed = search_claims(session, ClaimQuery(text="militia*"))
    matched = {h.claim.id: [w.lower() for w in h.snippet.matched()] for h in prefixed.hits}
    assert matched == {1: ["militia"], 5: ["militiamen"]}


def test_a_long_claim_gets_a_short_snippet_around_the_match(database: Database) -> None:
    filler = " ".join(f"word{i}" for i in range(120))
    with database.session(write=True) as session:
        claim(session, f"{filler} the truce was broken at dawn {filler}")
    with database.session() as session:
        (hit,) = search_claims(session, ClaimQuery(text="truce")).hits
    assert len(hit.snippet.text) < 400
    assert "…" in hit.snippet.text
    assert hit.snippet.matched() == ["truce"]


def test_phrases_or_and_exclusions(seeded: Database) -> None:
    with seeded.session() as session:

        def found(text: str) -> set[int]:
            return set(ids(search_claims(session, ClaimQuery(text=text), limit=100)))

        assert found('"heard of the ceasefire"') == {5}
        assert found('"ceasefire of the heard"') == set()
        assert found("truce OR ceasefire") == found("truce") | found("ceasefire")
        assert found("truce -najaf") == found("truce") - found("najaf")
        assert found("truce") - found("najaf")  # the exclusion is not vacuous
        assert found("truce najaf") == found("truce") & found("najaf")


def test_syntax_errors_are_clear_messages(seeded: Database) -> None:
    with seeded.session() as session:
        for bad in ('"unclosed', "truce OR", "-najaf", "(truce"):
            with pytest.raises(InvalidValueError, match="in search"):
                search_claims(session, ClaimQuery(text=bad))


def test_sql_looking_input_is_searched_as_words(database: Database) -> None:
    with database.session(write=True) as session:
        target = claim(session, "Protesters chanted: drop the table of claims, drop it!")
        claim(session, "A claim about something else entirely.")
    with database.session() as session:
        page = search_claims(session, ClaimQuery(text="'; DROP TABLE claim; --"))
        assert ids(page) == [target]
        other = search_claims(session, ClaimQuery(text='" OR 1=1 --"'))
        assert other.hits == []
        assert len(list_claims(session)) == 2


def test_the_index_follows_inserts_updates_and_deletes(database: Database) -> None:
    with database.session(write=True) as session:
        first = claim(session, "The convoy was ambushed near the bridge.")
    with database.session() as session:
        assert ids(search_claims(session, ClaimQuery(text="ambushed"))) == [first]
    with database.session(write=True) as session:
        row = session.get(Claim, first)
        assert row is not None
        row.content = "The convoy reached the airport unharmed."
        session.add(row)
    with database.session() as session:
        assert search_claims(session, ClaimQuery(text="ambushed")).hits == []
        assert ids(search_claims(session, ClaimQuery(text="airport"))) == [first]
    with database.session(write=True) as session:
        # There is no command to delete a claim; its audit entries must go first.
        session.exec(sa.delete(AuditEntry).where(col(AuditEntry.claim_id) == first))
        session.exec(sa.delete(Claim).where(col(Claim.id) == first))
    with database.session() as session:
        assert search_claims(session, ClaimQuery(text="airport")).hits == []
        assert search_claims(session, ClaimQuery(text="convoy")).total == 0


def test_paging_and_capped_counts(database: Database) -> None:
    with database.session(write=True) as session:
        made = [claim(session, f"Report number {i} mentions the blockade.") for i in range(12)]
    with database.session() as session:
        first = search_claims(session, ClaimQuery(text="blockade"), limit=5)
        second = search_claims(session, ClaimQuery(text="blockade"), limit=5, offset=5)
        last = search_claims(session, ClaimQuery(text="blockade"), limit=5, offset=10)
        capped = search_claims(session, ClaimQuery(text="blockade"), limit=5, count_limit=10)
        with pytest.raises(InvalidValueError, match="limit"):
            search_claims(session, ClaimQuery(text="blockade"), limit=0)
    assert first.total == 12 and first.total_exact and first.total_text == "12"
    assert sorted(ids(first) + ids(second) + ids(last)) == made
    assert len(ids(last)) == 2
    assert capped.total == 10 and not capped.total_exact and capped.total_text == "10+"
    assert COUNT_LIMIT >= 100


# --- Filters ------------------------------------------------------------------------------


def test_every_filter_alone_and_with_words_matches_the_claim_list(seeded: Database) -> None:
    with seeded.session(write=True) as session:
        set_status(session, 6, "unverifiable", user="ana")
    with seeded.session() as session:
        filters = [
            ClaimFilter(tag="najaf"),
            ClaimFilter(status="unverifiable"),
            ClaimFilter(status="unreviewed"),
            ClaimFilter(outlet="world socialist web site"),
            ClaimFilter(outlet="Nobody's Gazette"),
            ClaimFilter(event_id=1),
            ClaimFilter(source_id=1),
            ClaimFilter(since=dt.date(2004, 6, 1)),
            ClaimFilter(since=dt.date(2004, 6, 2)),
            ClaimFilter(until=dt.date(2004, 5, 31)),
            ClaimFilter(until=dt.date(2004, 6, 1)),
            ClaimFilter(relation="contradicts"),
            ClaimFilter(speaker_ids=[2]),
            ClaimFilter(tag="najaf", status="unreviewed", relation="contradicts"),
        ]
        for where in filters:
            expected = {c.id for c in list_claims(session, where)}
            query = ClaimQuery(**dataclasses.asdict(where))
            assert set(ids(search_claims(session, query, limit=100))) == expected, where
            for words in ("truce", "ceasefire OR militia*", "the"):
                worded = dataclasses.replace(query, text=words)
                text_only = set(ids(search_claims(session, ClaimQuery(text=words), limit=100)))
                found = set(ids(search_claims(session, worded, limit=100)))
                assert found == expected & text_only, (where, words)
                page = search_claims(session, worded, limit=100)
                assert page.total == len(found)


def test_filters_narrow_as_expected_on_the_seed(seeded: Database) -> None:
    with seeded.session() as session:
        najaf_truce = search_claims(session, ClaimQuery(text="truce", tag="najaf"))
        contradicted = search_claims(session, ClaimQuery(relation="contradicts"))
        elaborated = search_claims(session, ClaimQuery(relation="elaborates", text="obey"))
        disputed = search_claims(session, ClaimQuery(status="disputed", text="militiamen"))
    assert set(ids(najaf_truce)) == {6, 7}
    assert set(ids(contradicted)) == {1, 3, 5, 6, 7, 9, 10}
    assert ids(elaborated) == [4]
    assert ids(disputed) == [5]


# --- Speakers -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["kimit", "Gen. Kimmitt", "Mark Kimmitt", "KIMMITT", "M. Kimmit"])
def test_speaker_names_however_written_find_kimmitts_claims(seeded: Database, name: str) -> None:
    with seeded.session() as session:
        page = search_claims(session, ClaimQuery(speaker=name))
    assert ids(page) == [5]
    match = page.hits[0].speaker_match
    assert match is not None and match.speaker.name == "Mark Kimmitt"
    assert 75 <= match.score <= 100
    assert [m.speaker.name for m in page.speakers] == ["Mark Kimmitt"]


def test_speaker_matches_say_which_alias_and_how_well(seeded: Database) -> None:
    with seeded.session() as session:
        exact = search_claims(session, ClaimQuery(speaker="Mark Kimmitt")).hits[0]
        fuzzy = search_claims(session, ClaimQuery(speaker="kimit")).hits[0]
    assert exact.speaker_match is not None and fuzzy.speaker_match is not None
    assert (exact.speaker_match.alias, exact.speaker_match.score) == ("Mark Kimmitt", 100.0)
    assert exact.speaker_match.method == "alias"
    assert fuzzy.speaker_match.method == "fuzzy" and fuzzy.speaker_match.score < 100


def test_speaker_and_words_and_filters_combine(seeded: Database) -> None:
    with seeded.session() as session:
        sadr = search_claims(session, ClaimQuery(speaker="Muqtada al-Sadr"), limit=50)
        occupation = search_claims(session, ClaimQuery(speaker="sadr", text="occupation"))
        tagged = search_claims(session, ClaimQuery(speaker="sadr", tag="trial"))
        nobody = search_claims(session, ClaimQuery(speaker="Zbigniew Nobody"))
    # The closest name first, then a speaker whose name is close enough to be meant too.
    assert [m.speaker.name for m in sadr.speakers][0] == "Moqtada al-Sadr"
    assert sorted(ids(sadr)[:3]) == [2, 3, 4]
    first, last = sadr.hits[0].speaker_match, sadr.hits[-1].speaker_match
    assert first is not None and last is not None and first.score >= last.score
    assert ids(occupation) == [4]
    assert ids(tagged) == [3]
    assert nobody.hits == [] and nobody.speakers == [] and nobody.total == 0


def test_weak_aliases_never_match(database: Database) -> None:
    with database.session(write=True) as session:
        kimmitt = add_speaker(session, "Mark Kimmitt", kind="person")
        add_alias(session, kimmitt, "the coalition briefer", weak=True)
        claim(session, "The militiamen had not heard of the ceasefire.", speaker_id=kimmitt.id)
    with database.session() as session:
        assert find_speakers(session, "coalition briefer") == []
        assert search_claims(session, ClaimQuery(speaker="coalition briefer")).hits == []
        assert search_claims(session, ClaimQuery(speaker="a spokesman")).hits == []
        assert ids(search_claims(session, ClaimQuery(speaker="kimmit"))) != []


def test_speaker_ranking_puts_the_better_name_first(database: Database) -> None:
    with database.session(write=True) as session:
        mark = add_speaker(session, "Mark Kimmitt", kind="person")
        other = add_speaker(session, "Mark Kimmel", kind="person")
        claim(session, "First.", speaker_id=other.id)
        claim(session, "Second.", speaker_id=mark.id)
    with database.session() as session:
        found = find_speakers(session, "Mark Kimmit")
    assert [m.speaker.id for m in found][:2] == [mark.id, other.id]
    assert found[0].score > found[1].score


# --- Display ------------------------------------------------------------------------------


def test_hostile_claim_text_is_shown_escaped_with_offsets_intact(database: Database) -> None:
    with database.session(write=True) as session:
        sneaky = claim(session, "Escape \x1b[31mred\x1b[0m then the curfew\nbegan at dusk.")
        marked = claim(session, "Markers \x02 and \x03 in the text around the curfew.")
    with database.session() as session:
        hits = {h.claim.id: h for h in search_claims(session, ClaimQuery(text="curfew")).hits}
    shown = hits[sneaky].snippet
    assert "\x1b" not in shown.text and "\\x1b" in shown.text
    assert "\n" not in shown.text
    assert shown.matched() == ["curfew"]
    assert "\x02" not in hits[marked].snippet.text  # shown unmarked rather than misread
    assert hits[marked].snippet.spans == ()


def test_highlighted_from_marked() -> None:
    shown = Highlighted.from_marked("  the \x02truce\x03   held,\n\x02truce\x03 ")
    assert shown.text == "the truce held, truce"
    assert shown.matched() == ["truce", "truce"]
    assert list(shown.parts())[:2] == [("the ", False), ("truce", True)]


# --- Across sessions ----------------------------------------------------------------------


def test_a_new_alias_is_found_by_another_connection_without_a_rebuild(db_url: str) -> None:
    from db.engine import open_database

    writer, reader = open_database(db_url), open_database(db_url)
    try:
        with writer.session(write=True) as session:
            speaker = add_speaker(session, "Moqtada al-Sadr", kind="person")
        with reader.session() as session:
            assert find_speakers(session, "Abu Mustafa al-Najafi") == []
        with writer.session(write=True) as session:
            stored = session.get(type(speaker), speaker.id)
            assert stored is not None
            add_alias(session, stored, "Abu Mustafa al-Najafi")
        with reader.session() as session:
            found = find_speakers(session, "Abu Mustafa al-Najafy")
        assert [m.speaker.id for m in found] == [speaker.id]
        assert found[0].alias == "Abu Mustafa al-Najafi"
    finally:
        writer.dispose()
        reader.dispose()


def test_claims_of_a_source_are_found_by_outlet_and_date(database: Database) -> None:
    with database.session(write=True) as session:
        wire, _ = add_source(
            session, SourceCreate(text="x", outlet="Wire", published=dt.date(2004, 5, 1))
        )
        paper, _ = add_source(
            session, SourceCreate(text="y", outlet="Paper", published=dt.date(2004, 7, 1))
        )
        early = claim(session, "The siege began.", source_id=wire.id)
        late = claim(session, "The siege ended.", source_id=paper.id)
        add_tags(session, late, ["siege"], user="ana")
        link_claims(session, early, late, "elaborates", user="ana")
    with database.session() as session:
        assert ids(search_claims(session, ClaimQuery(text="siege", outlet="wire"))) == [early]
        assert ids(search_claims(session, ClaimQuery(since=dt.date(2004, 6, 1)))) == [late]
        assert ids(search_claims(session, ClaimQuery(until=dt.date(2004, 6, 1)))) == [early]
        both = search_claims(session, ClaimQuery(text="siege", relation="elaborates", tag="siege"))
        assert ids(both) == [late]


def test_many_matches_are_ranked_newest_block_first_consistently(database: Database) -> None:
    with database.session(write=True) as session:
        made = []
        for i in range(8):
            dense = i % 2 == 0
            text = "siege siege siege" if dense else f"After {i} days the siege went on and on."
            made.append(claim(session, text))
    with database.session() as session:

        def hits(**options: object) -> list[tuple[int, float]]:
            page = search_claims(session, ClaimQuery(text="siege"), **options)
            return [(h.claim.id, h.relevance) for h in page.hits]

        whole = hits(limit=100, rank_window=None)
        blocks = hits(limit=100, rank_window=3)
        paged = sum((hits(limit=2, offset=o, rank_window=3) for o in range(0, 8, 2)), [])
    # Ranked as a whole: every dense claim before every sparse one.
    assert [i for i, _ in whole][:4] == sorted(made[0::2], reverse=True)
    # In blocks of three, newest first: each block ranked within itself.
    newest_first = sorted(made, reverse=True)
    for start in (0, 3, 6):
        block = blocks[start : start + 3]
        assert {i for i, _ in block} == set(newest_first[start : start + 3])
        relevance = [r for _, r in block]
        assert relevance == sorted(relevance, reverse=True)
    # Pages of any size give the same order.
    assert paged == blocks


@pytest.mark.parametrize("others", [0, 6], ids=["words-first", "claims-first"])
def test_filtered_matches_are_ranked_in_the_same_blocks(database: Database, others: int) -> None:
    # With more matches of the words than claims by the speaker, SQLite starts from the
    # speaker's claims; with fewer, from the words. Both must give the same order.
    with database.session(write=True) as session:
        kimmitt = add_speaker(session, "Mark Kimmitt", kind="person")
        sadr = add_speaker(session, "Moqtada al-Sadr", kind="person")
        mine = []
        for i in range(7):
            text = "siege siege siege" if i % 3 == 0 else f"On day {i} the siege went on."
            mine.append(claim(session, text, speaker_id=kimmitt.id))
            if i < others:
                claim(session, "The siege of the city.", speaker_id=sadr.id)
    with database.session() as session:

        def hits(**options: object) -> list[int]:
            query = ClaimQuery(text="siege", speaker="Mark Kimmitt")
            page = search_claims(session, query, **options)
            return ids(page)

        blocks = hits(limit=100, rank_window=3)
        paged = sum((hits(limit=2, offset=o, rank_window=3) for o in range(0, 8, 2)), [])
        page = search_claims(session, ClaimQuery(text="siege", speaker="Mark Kimmitt"), limit=3)
    newest_first = sorted(mine, reverse=True)
    assert sorted(blocks) == sorted(mine)
    for start in (0, 3, 6):
        assert set(blocks[start : start + 3]) == set(newest_first[start : start + 3])
    assert paged == blocks
    assert page.total == 7 and page.total_exact
    assert all(h.speaker_match and h.speaker_match.speaker.id == kimmitt.id for h in page.hits)
    assert all(h.snippet.matched() for h in page.hits)


def test_bulk_loaded_claims_and_speakers_are_searchable(database: Database) -> None:
    from claims.ingest.bulk import load_claims, load_speakers
    from db.models import SpeakerCreate

    with database.session(write=True) as session:
        (kimmitt, sadr) = load_speakers(
            session,
            [
                SpeakerCreate(name="Mark Kimmitt", aliases=["Gen. Kimmitt", "a spokesman"]),
                SpeakerCreate(name="Moqtada al-Sadr", aliases=["Sadr"]),
            ],
            user="loader",
        )
        loaded = load_claims(
            session,
            [
                {
                    "content": "The militiamen had not heard of the ceasefire.",
                    "speaker_id": kimmitt,
                },
                ClaimCreate(content="I will not obey the occupation.", speaker_id=sadr),
                {"content": "  The truce holds.  ", "status": "verified", "quote_type": "direct"},
            ],
            user="loader",
            batch=2,
        )
    assert loaded == 3
    with database.session() as session:
        assert ids(search_claims(session, ClaimQuery(text="ceasefire", speaker="kimit"))) != []
        truce = search_claims(session, ClaimQuery(text="truce", status="verified")).hits
        assert [h.claim.content for h in truce] == ["The truce holds."]
        assert truce[0].claim.created_by == "loader" and truce[0].claim.quote_type == "direct"
        assert find_speakers(session, "spokesman") == []
        assert [m.speaker.id for m in find_speakers(session, "sadr")] == [sadr]


def test_a_bad_bulk_row_names_itself_and_writes_nothing(database: Database) -> None:
    from claims.ingest.bulk import load_claims

    rows = [{"content": f"Claim {i}"} for i in range(5)] + [{"content": "x", "status": "maybe"}]
    with pytest.raises(InvalidValueError, match="claim row 5: status"):
        with database.session(write=True) as session:
            load_claims(session, rows, user="loader", batch=2)
    with pytest.raises(InvalidValueError, match="claim row 1: content"):
        with database.session(write=True) as session:
            load_claims(session, [{"content": "ok"}, {"content": "   "}], user="loader")
    with pytest.raises(InvalidValueError, match="unknown field 'colour'"):
        with database.session(write=True) as session:
            load_claims(session, [{"content": "ok", "colour": "red"}], user="loader")
    with database.session() as session:
        assert list_claims(session) == []
        assert search_claims(session, ClaimQuery(text="claim")).total == 0


def test_upgrading_an_older_archive_indexes_what_it_holds(db_url: str) -> None:
    from db import migrations
    from db.engine import make_engine, open_database

    engine = make_engine(db_url)
    migrations.upgrade(engine, "0001")
    with engine.begin() as connection:
        now = dt.datetime(2004, 6, 1, 12, 0)
        connection.execute(
            sa.text(
                "INSERT INTO speaker (id, name, kind, created_at) "
                "VALUES (1, 'Mark Kimmitt', 'person', :now)"
            ),
            {"now": now},
        )
        for i, (alias, normalised) in enumerate(
            [("Mark Kimmitt", "mark kimmitt"), ("Kimmitt", "kimmitt"), ("Abu al", "abu al")], 1
        ):
            connection.execute(
                sa.text(
                    "INSERT INTO speaker_alias (id, speaker_id, alias, normalised, weak) "
                    "VALUES (:id, 1, :alias, :normalised, false)"
                ),
                {"id": i, "alias": alias, "normalised": normalised},
            )
        connection.execute(
            sa.text(
                "INSERT INTO claim (id, content, speaker_id, quote_type, status, created_at, "
                "updated_at, version) VALUES (1, 'The militiamen had not heard of the ceasefire.',"
                " 1, 'indirect', 'unreviewed', :now, :now, 1)"
            ),
            {"now": now},
        )
    engine.dispose()
    database = open_database(db_url)  # migrates to the head
    try:
        with database.session() as session:
            rows = session.connection().execute(sa.text("SELECT alias, surname FROM speaker_alias"))
            surnames = {alias: surname for alias, surname in rows}
            assert surnames == {"Mark Kimmitt": "kimmitt", "Kimmitt": None, "Abu al": None}
            assert ids(search_claims(session, ClaimQuery(text="ceasefires"))) == [1]
            assert ids(search_claims(session, ClaimQuery(speaker="kimit"))) == [1]
    finally:
        database.dispose()


def test_merge_is_audited_and_unmerge_restores_from_the_record(database: Database) -> None:
    from claims.archive import audit
    from claims.review.edits import set_speaker
    from claims.speakers.merge import merge_speakers, unmerge_speaker
    from claims.speakers.registry import aliases_of
    from db.models import Speaker

    with database.session(write=True) as session:
        keep = add_speaker(session, "Moqtada al-Sadr", kind="person", aliases=["Sadr"])
        other = add_speaker(session, "Muqtada Sadr", kind="person", aliases=["Sadr", "Abu Mustafa"])
        assert keep.id is not None and other.id is not None
        moved = [claim(session, f"Statement {i}.", speaker_id=other.id) for i in range(3)]
        record = merge_speakers(session, keep.id, other.id, user="ana")
    assert record.claims == moved
    assert {a["alias"] for a in record.aliases_dropped} == {"Sadr"}  # the keeper had it
    with database.session() as session:
        entry = session.get(AuditEntry, record.audit_id)
        assert entry is not None and entry.action == "merge" and entry.user == "ana"
        assert audit.decode(entry.new_value)["claims"] == moved
        assert {c.speaker_id for c in list_claims(session)} == {keep.id}
        assert [m.speaker.id for m in find_speakers(session, "Abu Mustafa")] == [keep.id]
        assert session.get(Speaker, other.id).merged_into_id == keep.id
    with database.session(write=True) as session:
        # Someone reattributes one of the moved claims before the merge is undone.
        set_speaker(session, moved[0], None, user="bo")
        result = unmerge_speaker(session, other.id, user="ana")
    assert (result.claims_restored, result.claims_left) == (2, 1)
    assert result.aliases_restored == 3
    with database.session() as session:
        restored = session.get(Speaker, other.id)
        assert restored is not None and restored.merged_into_id is None
        assert {a.alias for a in aliases_of(session, other.id)} == {
            "Muqtada Sadr",
            "Sadr",
            "Abu Mustafa",
        }
        assert {a.alias for a in aliases_of(session, keep.id)} == {"Moqtada al-Sadr", "Sadr"}
        owners = {c.id: c.speaker_id for c in list_claims(session)}
        assert owners == {moved[0]: None, moved[1]: other.id, moved[2]: other.id}
        last = session.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc())).first()
        assert last is not None and last.action == "unmerge" and last.speaker_id == other.id
        assert [m.speaker.id for m in find_speakers(session, "Abu Mustafa")] == [other.id]
