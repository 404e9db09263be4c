"""Comparison reports: what they gather, the structure of each format, and hostile text
shown as text."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from claims.archive.store import add_claim, add_source
from claims.reports import (
    ReportScope,
    ScopeKind,
    build_report,
    render_html,
    render_json,
    render_markdown,
)
from claims.review.edits import add_tags, set_status
from db.engine import Database
from db.errors import NotFoundError
from db.models import ClaimCreate, SourceCreate
from tests.cli import run

CEMETERY = "Clash at the Najaf cemetery"


class Page(HTMLParser):
    """The parts of an HTML page the tests look at."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: list[str] = []
        self.marks: list[str] = []
        self._in_mark = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if found.get("id"):
            self.ids.append(found["id"] or "")
        if tag == "mark":
            self._in_mark += 1
            self.marks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._in_mark -= 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_mark:
            self.marks[-1] += data

    def all(self, tag: str, **having: str) -> list[dict[str, str | None]]:
        return [
            attrs
            for name, attrs in self.tags
            if name == tag and all(v in (attrs.get(k) or "").split() for k, v in having.items())
        ]


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def seed_report(database: Database, scope: ReportScope) -> object:
    with database.session() as session:
        return build_report(session, scope, user="ana")


def test_event_report_holds_rival_accounts_and_what_links_to_them(seeded: Database) -> None:
    with seeded.session() as session:
        report = build_report(session, ReportScope(ScopeKind.EVENT, CEMETERY), user="ana")
    assert report.title == CEMETERY
    assert [c.id for c in report.claims if c.in_scope] == [5, 6]
    # Kimmitt's claim is also contradicted by the Najaf local, whose claim is on another event.
    assert [c.id for c in report.claims if not c.in_scope] == [7]
    first = report.sections[0]
    assert first.event is not None and first.event.name == CEMETERY
    contradicts = first.groups[0]
    assert contradicts.relation == "contradicts"
    assert [(p.a, p.b) for p in contradicts.pairs] == [(5, 6), (5, 7)]
    assert report.summary.claims == 3 and report.summary.in_scope == 2
    assert report.summary.contradictions == 2 and report.summary.speakers == 3
    assert report.summary.statuses == {"unreviewed": 2, "disputed": 1}
    kimmitt = report.claim(5)
    assert kimmitt.speaker is not None and kimmitt.speaker.name == "Mark Kimmitt"
    assert kimmitt.speaker.role == "CPA spokesman"
    assert kimmitt.speaker.affiliation == "Coalition Provisional Authority"
    assert kimmitt.context is not None and kimmitt.context.quote == kimmitt.content
    assert [h.description for h in kimmitt.history][:2] == ["created", "linked contradicts #6"]


def test_the_via_chain_names_every_hand(seeded: Database) -> None:
    with seeded.session() as session:
        report = build_report(session, ReportScope(ScopeKind.ALL))
    chains = {c.id: c.attribution_text for c in report.claims}
    assert chains[10] == (
        "Sheik Ahmed Shibani, told the Los Angeles Times, as reported by the World Socialist "
        "Web Site"
    )
    assert (
        chains[4] == "Moqtada al-Sadr, told Al Jazeera, as reported by the World Socialist Web Site"
    )
    assert chains[7].startswith("A Najaf local, declared in the Washington Post")
    assert chains[1] == "According to the CPA, as reported by the World Socialist Web Site"
    markdown = render_markdown(report)
    assert (
        "Sheik Ahmed Shibani, told the *Los Angeles Times*, as reported by the "
        "*World Socialist Web Site*"
    ) in markdown


def test_scopes_by_claim_tag_and_speaker(seeded: Database) -> None:
    with seeded.session() as session:
        by_claim = build_report(session, ReportScope(ScopeKind.CLAIM, "6"))
        by_tag = build_report(session, ReportScope(ScopeKind.TAG, "Cemetery Clash"))
        by_speaker = build_report(session, ReportScope(ScopeKind.SPEAKER, "kimit"))
        everything = build_report(session, ReportScope(ScopeKind.ALL))
        with pytest.raises(NotFoundError, match="no claim is tagged"):
            build_report(session, ReportScope(ScopeKind.TAG, "nothing-here"))
        with pytest.raises(NotFoundError):
            build_report(session, ReportScope(ScopeKind.CLAIM, "999"))
        with pytest.raises(NotFoundError):
            build_report(session, ReportScope(ScopeKind.EVENT, "no such event"))
    assert [(c.id, c.in_scope) for c in by_claim.claims] == [(6, True), (5, False)]
    assert {c.id for c in by_tag.claims if c.in_scope} == {5, 6}
    assert by_speaker.title == "Mark Kimmitt"
    assert [c.id for c in by_speaker.claims if c.in_scope] == [5]
    assert everything.summary.claims == 13 == everything.summary.in_scope
    assert everything.summary.contradictions == 4
    assert everything.sections[-1].event is None


def test_markdown_reads_as_a_document(seeded: Database) -> None:
    with seeded.session() as session:
        report = build_report(session, ReportScope(ScopeKind.EVENT, CEMETERY), user="ana")
    text = render_markdown(report)
    lines = text.splitlines()
    assert lines[0] == f"# Claims report: {CEMETERY}"
    assert "## Summary" in lines and f"## {CEMETERY}" in lines
    assert "### Contradicts" in lines and "#### Claim 5 contradicts claim 6" in lines
    assert "- 2 contradictions" in lines
    assert "**that those responsible were militiamen" in text  # the highlighted quote
    assert "| When (UTC) | Who | Change |" in lines
    assert "\n\n\n" not in text and text.endswith("\n")


def test_html_report_of_the_seed_has_its_structure(seeded: Database) -> None:
    with seeded.session() as session:
        report = build_report(session, ReportScope(ScopeKind.ALL), user="ana")
    html = render_html(report)
    page = parse(html)
    assert html.startswith("<!DOCTYPE html>")
    # One anchored record per claim, and every in-page link lands on one.
    records = page.all("article", **{"class": "claim"})
    assert sorted(r["id"] or "" for r in records) == sorted(f"claim-{i}" for i in range(1, 14))
    assert len(page.ids) == len(set(page.ids)), "ids are unique"
    targets = {a["href"][1:] for a in page.all("a") if (a.get("href") or "").startswith("#")}
    assert targets and targets <= set(page.ids)
    # Each pair shows its two accounts side by side; every account highlights its claim.
    pairs = page.all("article", **{"class": "pair"})
    assert len(pairs) == 5
    assert len(page.all("div", **{"class": "account"})) == 10
    assert len(page.marks) == 13 + 10
    assert "that those responsible were militiamen who had not heard" in " ".join(page.marks)
    # Self-contained: inline CSS with print rules, nothing fetched, no script.
    assert len(page.all("style")) == 1 and "@media print" in html
    assert not page.all("script") and not page.all("link") and not page.all("img")
    assert not [t for t, a in page.tags if a.get("src")]
    text = " ".join(" ".join(page.text).split())
    assert "Sheik Ahmed Shibani, told the Los Angeles Times" in text
    assert "Covers every claim in the archive: 13 claims." in text


def test_json_report_says_what_the_others_say(seeded: Database) -> None:
    with seeded.session() as session:
        report = build_report(session, ReportScope(ScopeKind.EVENT, CEMETERY), user="ana")
    data = json.loads(render_json(report))
    assert data["format"] == "claimtrack-report" and data["version"] == 1
    assert data["scope"] == {"kind": "event", "value": CEMETERY}
    assert data["summary"]["contradictions"] == 2
    assert [c["id"] for c in data["claims"]] == [c.id for c in report.claims]
    section = data["sections"][0]
    assert section["title"] == CEMETERY and section["anchor"] == "event-1"
    assert section["groups"][0]["pairs"][0]["a"] == 5
    kimmitt = next(c for c in data["claims"] if c["id"] == 5)
    assert kimmitt["attribution_text"].startswith("CPA spokesman General Mark Kimmitt claimed")
    assert kimmitt["context"]["quote"] == kimmitt["content"]
    assert kimmitt["span"] == {"start": 2472, "end": 2588}
    assert kimmitt["history"][0]["description"] == "created"


HOSTILE = (
    '<script>alert("x")</script> <img src=x onerror=alert(1)> [click](javascript:alert(1)) '
    "\x1b[31mred\x1b[0m \u202eevil\u202c | # not a heading & more"
)


def _hostile_archive(database: Database) -> None:
    with database.session(write=True) as session:
        text = f"Before it all. The minister said {HOSTILE} after the fact.\n\nNext paragraph."
        source, _ = add_source(
            session,
            SourceCreate(
                text=text,
                title="<b>Title</b>",
                outlet="Evil </style><script>x()</script> Times",
                url="javascript:alert(document.cookie)",
            ),
        )
        claim = add_claim(
            session,
            ClaimCreate(content=HOSTILE, source_id=source.id, cue="said", via="<i>Via</i>"),
            user="ana",
            speaker_name='The minister "<b>"',
        )
        assert claim.id is not None
        set_status(session, claim.id, "false", user="<script>u</script>", note=HOSTILE)
        add_tags(session, claim.id, ["<script>"], user="ana")


def test_hostile_text_shows_as_text_in_html(database: Database) -> None:
    _hostile_archive(database)
    with database.session() as session:
        html = render_html(build_report(session, ReportScope(ScopeKind.ALL)))
    page = parse(html)
    assert not page.all("script") and not page.all("img") and not page.all("b")
    assert not page.all("i") and len(page.all("style")) == 1
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "javascript:" not in "".join(a.get("href") or "" for a in page.all("a"))
    assert "\x1b" not in html and "\u202e" not in html
    assert "\\x1b[31mred" in html and "\\u202eevil" in html
    text = " ".join(page.text)
    assert '<script>alert("x")</script>' in text  # shown to the reader, as text


def test_hostile_text_is_inert_in_markdown_and_exact_in_json(database: Database) -> None:
    _hostile_archive(database)
    with database.session() as session:
        report = build_report(session, ReportScope(ScopeKind.ALL))
    markdown = render_markdown(report)
    # Every "<" and "[" is escaped: no HTML, no link, no image on a code host.
    assert re.search(r"(?<!\\)[<\[]", markdown) is None
    assert "\\<script\\>" in markdown and "#\\<script\\>" in markdown
    assert "\\[click\\](javascript:" in markdown
    assert "\x1b" not in markdown and "\u202e" not in markdown
    assert "\\x1b\\[31mred" in markdown
    data = json.loads(render_json(report))
    assert data["claims"][0]["content"] == HOSTILE


def test_report_command_writes_each_format_atomically(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "--db", db_url, "demo").code == 0
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "najaf.html"
    made = run(capsys, "--db", db_url, "report", "--event", CEMETERY, "-o", str(out))
    assert made.code == 0, made.err
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")  # from the suffix
    assert [p.name for p in out.parent.iterdir()] == ["najaf.html"]
    md = run(capsys, "--db", db_url, "report", "--tag", "najaf")
    assert md.code == 0 and md.out.startswith("# Claims report: Tag #najaf")
    as_json = run(capsys, "--db", db_url, "report", "--speaker", "kimit", "--format", "json")
    assert as_json.json()["title"] == "Mark Kimmitt"
    assert run(capsys, "--db", db_url, "report", "--claim", "5", "-f", "md").code == 0
    assert run(capsys, "--db", db_url, "report", "--all", "-f", "html").out.count("<article") > 13


def test_report_command_refuses_bad_requests(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "--db", db_url, "demo").code == 0
    none = run(capsys, "--db", db_url, "report")
    assert none.code == 2 and "--event NAME, --claim ID" in none.err
    two = run(capsys, "--db", db_url, "report", "--all", "--tag", "najaf")
    assert two.code == 2
    bad = run(capsys, "--db", db_url, "report", "--all", "--format", "pdf")
    assert bad.code == 2 and "md, html, json" in bad.err
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "x.md"
    missing = run(capsys, "--db", db_url, "report", "--event", "Nowhere", "-o", str(target))
    assert missing.code == 1 and "no event" in missing.err
    assert list(target.parent.iterdir()) == []


def chromium(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Open ``page`` in headless Chromium with ``args``; fails the test if Chromium does."""
    done = subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            *args,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-500:]
    return done


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_html_report_prints_in_a_real_browser(seeded: Database, tmp_path: Path) -> None:
    with seeded.session() as session:
        html = render_html(build_report(session, ReportScope(ScopeKind.ALL)))
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    chromium(page, tmp_path / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data)
    assert len(pages) >= 3


_MEASURE = """
<script>
addEventListener("load", () => {
  const wide = [...document.querySelectorAll("main *")]
    .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map((e) => e.tagName.toLowerCase() + "." + e.className);
  const when = document.querySelector("table.history td.when");
  const result = document.createElement("pre");
  result.id = "layout";
  result.textContent = JSON.stringify({
    width: document.documentElement.clientWidth,
    scroll: document.documentElement.scrollWidth,
    wide: wide.slice(0, 5),
    history: when ? getComputedStyle(when).display : null,
  });
  document.body.append(result);
});
</script>
"""


def _layout(page: Path, width: int, profile: Path) -> dict[str, object]:
    """Open ``page`` in headless Chromium at ``width`` pixels and measure its layout."""
    done = chromium(
        page, profile, f"--window-size={width},900", "--virtual-time-budget=5000", "--dump-dom"
    )
    found = re.search(r'<pre id="layout">(.*?)</pre>', done.stdout, re.S)
    assert found, done.stdout[-500:]
    import html as html_lib

    measured: dict[str, object] = json.loads(html_lib.unescape(found.group(1)))
    return measured


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_html_report_fits_a_desktop_and_a_phone_in_a_real_browser(
    seeded: Database, tmp_path: Path
) -> None:
    with seeded.session() as session:
        html = render_html(build_report(session, ReportScope(ScopeKind.ALL)))
    page = tmp_path / "report.html"
    page.write_text(html.replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    desktop = _layout(page, 1280, tmp_path / "profile")
    phone = _layout(page, 390, tmp_path / "profile")
    for measured in (desktop, phone):
        # Nothing runs off the side: a reader never scrolls sideways.
        assert measured["scroll"] <= measured["width"], measured
        assert measured["wide"] == [], measured
    # The history is a table on a desktop and a list of lines on a phone.
    assert desktop["history"] == "table-cell" and phone["history"] == "inline"


def test_a_long_contents_entry_counts_its_claims_and_events_sort_as_people_read(
    database: Database,
) -> None:
    from claims.review.edits import set_event
    from claims.review.events import add_event
    from db.models import EventCreate

    with database.session(write=True) as session:
        source, _ = add_source(session, SourceCreate(text="Many said many things.", title="T"))
        assert source.id is not None
        events = {}
        for name in ("Clash 10", "Clash 9", "Clash 2"):
            event = add_event(session, EventCreate(name=name))
            assert event.id is not None
            events[name] = event.id
        for i in range(15):
            claim = add_claim(
                session,
                ClaimCreate(content=f"thing number {i}", source_id=source.id),
                speaker_name=f"Speaker {i}",
                user="ana",
            )
            assert claim.id is not None
            if i < 3:
                set_event(session, claim.id, list(events.values())[i], user="ana")
    with database.session() as session:
        html = render_html(build_report(session, ReportScope(ScopeKind.ALL)))
    contents = html[html.index('<nav class="contents"') : html.index("</nav>")]
    titles = re.findall(r'<a href="#event-\d+">([^<]+)</a>', contents)
    assert titles == ["Clash 2", "Clash 9", "Clash 10"]
    # Twelve claims not attached to an event: counted, the first ten linked, no wall of ids.
    assert "12 claims: " in contents and contents.count('href="#claim-') == 3 + 10
    assert ", …" in contents
