"""``claims extract`` (attributions of one text, or a corpus in JSON Lines) and ``claims
ingest`` (documents into the store)."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from claims.archive.display import snippet, visible
from claims.archive.store import parse_date
from claims.cli.app import app, state
from claims.cli.options import JsonOption
from claims.cli.output import console, counted, error, errors, note, print_json, progress_bar
from claims.exports.atomic import write_atomically
from claims.ingest.documents import DocumentRefused, document_from_text, read_document

if TYPE_CHECKING:
    from claims.extraction import Attribution
    from claims.learning.store import Extractor

# The extractor compiles its large patterns when imported, a quarter of a second that every
# other command (and the terminal UI) need not pay: these commands import it when they run.
from db.errors import ClaimsError, InvalidValueError


def _attribution_rows(text: str, found: list[Attribution]) -> list[dict[str, Any]]:
    return [
        {
            **a.to_json(),
            "via_span": [list(s) for s in a.via_spans],
            "mention": None
            if a.mention is None
            else {
                "text": a.mention.text,
                "name": a.mention.name,
                "title": a.mention.title,
                "role": a.mention.role,
                "organisation": a.mention.organisation,
                "kind": a.mention.kind,
            },
        }
        for a in found
    ]


def _content_cell(a: Attribution) -> Text:
    """The content, and for an anaphoric one ("that account") what it refers to."""
    cell = Text(snippet(a.content, 140))
    if a.refers_to:
        cell.append(f"\n\u2192 refers to: {snippet(a.refers_to, 120)}", style="italic")
    return cell


RulesOption = Annotated[
    bool, typer.Option("--rules", help="Extract with the rules even when a model is active.")
]


def chosen_extractor(rules: bool, *, say: bool = True) -> Extractor:
    """The extractor a command uses (the active model, else the rules), said on stderr
    unless ``say`` is false (a fallback warning is always said)."""
    from claims.learning.store import choose_extractor

    extractor = choose_extractor(rules=rules)
    if extractor.warning:
        errors.print(Text.assemble(("warning: ", "bold yellow"), extractor.warning))
    if say:
        note(f"extracting with {extractor.description}")
    return extractor


def _prediction(doc: dict[str, Any], extractor: Extractor) -> dict[str, Any]:
    """The prediction line of one corpus document, in the format of the evaluation."""
    return {
        "doc_id": doc.get("doc_id"),
        "attributions": [a.to_json() for a in extractor.extract(doc.get("text") or "")],
    }


def _extract_corpus(corpus: Path, output: Path | None, rules: bool) -> None:
    from claims.learning.gold import parse_json_line

    try:
        lines = corpus.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ClaimsError(f"{corpus}: cannot read: {exc}") from None
    documents = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            doc = parse_json_line(line)
        except ValueError as exc:
            raise InvalidValueError(f"{corpus}: line {number}: {exc}") from None
        if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
            raise InvalidValueError(f'{corpus}: line {number}: needs a "text" string')
        documents.append(doc)
    extractor = chosen_extractor(rules)
    with contextlib.ExitStack() as stack:
        out = sys.stdout if output is None else stack.enter_context(write_atomically(output))
        advance = stack.enter_context(progress_bar("extracting", len(documents)))
        for doc in documents:
            out.write(json.dumps(_prediction(doc, extractor), ensure_ascii=False) + "\n")
            advance(1)
    if output is not None:
        errors.print(f"extracted {len(documents)} documents to {output}")


@app.command("extract")
def extract_(
    file: Annotated[
        str | None, typer.Argument(help="A text, Markdown or HTML file, or - for stdin.")
    ] = None,
    corpus: Annotated[
        Path | None, typer.Option("--jsonl", help='A corpus: one {"doc_id", "text"} a line.')
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="With --jsonl: where predictions go.")
    ] = None,
    rules: RulesOption = False,
    as_json: JsonOption = False,
) -> None:
    """Print the attributions found in a text; nothing is stored.

    It uses the active model (``claims model use``) when there is one, else the rules.

    Example: claims extract article.txt --json; claims extract --jsonl corpus.jsonl -o pred.jsonl
    """
    if corpus is not None:
        if file is not None:
            raise InvalidValueError("give either FILE or --jsonl CORPUS, not both")
        _extract_corpus(corpus, output, rules)
        return
    if file is None:
        raise InvalidValueError("give a FILE to read (or - for standard input) or --jsonl CORPUS")
    try:
        if file == "-":
            document = document_from_text(sys.stdin.read(), "text/plain")
        else:
            document = read_document(Path(file))
    except DocumentRefused as exc:
        raise ClaimsError(str(exc)) from None
    text = document.text
    found = chosen_extractor(rules).extract(text)
    if as_json:
        print_json({"title": document.title, "attributions": _attribution_rows(text, found)})
        return
    table = Table(header_style="bold", pad_edge=False, box=None, expand=True)
    table.add_column("Speaker", max_width=28)
    table.add_column("Resolved", max_width=24)
    table.add_column("Cue", no_wrap=True)
    table.add_column("Type", no_wrap=True)
    table.add_column("Content", ratio=1)
    table.add_column("Via", max_width=18)
    table.add_column("Span", no_wrap=True, style="dim")
    for a in found:
        start, end = a.content_spans[0][0], a.content_spans[-1][1]
        table.add_row(
            Text(visible(a.speaker or "")),
            Text(visible(a.speaker_resolved or "")),
            Text(visible(a.cue or "")),
            a.type,
            _content_cell(a),
            Text(visible(a.via or "")),
            f"{start}–{end}",
        )
    console.print(table)
    console.print(f"{len(found)} attributions", style="dim")


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(help="Files, folders or globs to ingest.")],
    outlet: Annotated[
        str | None, typer.Option("--outlet", help="Outlet of every document.")
    ] = None,
    author: Annotated[
        str | None, typer.Option("--author", help="Author of every document.")
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="Publication date (YYYY-MM-DD).")
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="URL (for a single document).")] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="Title (for a single document).")
    ] = None,
    source: Annotated[
        int | None,
        typer.Option(
            "--source",
            help="Store the document as the next version of this source (for a single document).",
        ),
    ] = None,
    rules: RulesOption = False,
    as_json: JsonOption = False,
) -> None:
    """Store articles and their attributed claims, with speakers resolved across documents.

    It extracts with the active model (``claims model use``) when there is one, else the
    rules; each claim records which. An edited article (the same URL, the same outlet and
    title, or --source) is stored as its source's next version, and the claims of the old
    one are carried across: ``claims orphans`` lists those it no longer has.

    Example: claims ingest articles/ --outlet "Washington Post"
    """
    from claims.ingest.paths import collect_paths
    from claims.ingest.run import IngestSummary, Overrides, ingest_paths

    st = state(ctx)
    overrides = Overrides(
        title=title,
        outlet=outlet,
        author=author,
        published=parse_date(date, "--date") if date else None,
        url=url,
        source_id=source,
    )
    files, missing = collect_paths(paths)
    if (url or title or source is not None) and len(files) > 1:
        raise InvalidValueError(
            "--url, --title and --source describe one document; give a single file"
        )
    summary = IngestSummary()
    extracted_with = None
    if files:
        database = st.database()
        extractor = chosen_extractor(rules, say=False)
        extracted_with = extractor.description
        with progress_bar("ingesting", len(files)) as advance:
            summary = ingest_paths(
                database,
                files,
                user=st.user_name,
                overrides=overrides,
                progress=lambda _path: advance(1),
                extractor=extractor,
            )
    summary.skipped[:0] = missing
    stored_nothing = not (summary.documents or summary.already_stored or summary.new_versions)
    if as_json:
        print_json(summary.as_dict())
    elif stored_nothing and summary.skipped and not summary.interrupted:
        # Every input was bad: the reasons are the news, not a table of zeros.
        for path, reason in summary.skipped:
            error(f"{visible(path)}: {reason}")
        errors.print(f"nothing was stored: {counted(len(summary.skipped), 'input')} skipped")
    else:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold")
        grid.add_column(justify="right")
        rows = [
            ("Documents stored", summary.documents),
            ("Already stored", summary.already_stored),
            ("Claims", summary.claims),
            ("New speakers", summary.new_speakers),
            ("Speakers matched", summary.matched_speakers),
            ("Files skipped", len(summary.skipped)),
        ]
        if summary.new_versions:
            rows[1:1] = [
                ("New versions", summary.new_versions),
                ("Claims carried over", summary.reanchored),
                ("  with edited words", summary.changed),
                ("Claims orphaned", summary.orphaned),
            ]
        for label, value in rows:
            grid.add_row(label, f"{value:,}")
        console.print(grid)
        for path, reason in summary.skipped:
            errors.print(Text.assemble(("skipped ", "yellow"), visible(path), f": {reason}"))
    if extracted_with and (summary.documents or summary.new_versions):
        note(f"extracted with {extracted_with}")
    if summary.interrupted:
        errors.print("interrupted: run the same command again to carry on")
        raise typer.Exit(130)
    if stored_nothing and summary.skipped and not summary.interrupted:
        raise typer.Exit(1)
