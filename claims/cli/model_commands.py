"""``claims model``: train extraction models from gold files, score them, and pick the one
extraction uses."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from claims.cli.app import app, state
from claims.cli.options import JsonOption
from claims.cli.output import console, counted, errors, print_json, progress_bar, progress_steps
from claims.learning.store import (
    active_model_path,
    check_name,
    list_models,
    load_stored_model,
    rules_extractor,
    use_model,
)
from db.errors import InvalidValueError

model_app = typer.Typer(
    help="Train, score and choose the model extraction uses.", no_args_is_help=True
)
app.add_typer(model_app, name="model")

GoldFiles = Annotated[
    list[Path], typer.Argument(help="Gold files (JSON Lines, one document a line).")
]


def _figure_rows(figures: dict[str, Any]) -> Table:
    table = Table(header_style="bold", pad_edge=False, box=None)
    for column in ("Figure", "P", "R", "F1", "TP", "Pred", "Gold"):
        table.add_column(column, justify="left" if column == "Figure" else "right")
    for key, value in figures.items():
        if isinstance(value, dict):
            table.add_row(
                key,
                f"{value['p']:.1f}",
                f"{value['r']:.1f}",
                f"{value['f1']:.1f}",
                f"{value['tp']:,}",
                f"{value['pred']:,}",
                f"{value['gold']:,}",
            )
    for key, value in figures.items():
        if not isinstance(value, dict) and key != "docs_without_prediction":
            table.add_row(key, "", "", "—" if value is None else f"{value:.1f}", "", "", "")
    return table


@model_app.command("train")
def train(
    ctx: typer.Context,
    gold: Annotated[
        list[Path] | None,
        typer.Argument(help="Gold files (JSON Lines, one document a line)."),
    ] = None,
    from_reviews: Annotated[
        bool,
        typer.Option(
            "--from-reviews",
            help="Train on the archive's reviews too: kept or corrected claims teach what "
            "a statement is, claims rejected as not a claim what it is not.",
        ),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the model here instead of the models folder."),
    ] = None,
    name: Annotated[
        str, typer.Option("--name", help="The model's name; stored as its next version.")
    ] = "model",
    seed: Annotated[int, typer.Option("--seed", help="Training seed.")] = 0,
    dev: Annotated[
        list[Path] | None,
        typer.Option("--dev", help="A gold file to score the model on once trained."),
    ] = None,
    use: Annotated[
        bool, typer.Option("--use", help="Make the new model the one extraction uses.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Train an extraction model on gold files, the archive's reviews, or both, and store it.

    Interrupted (Ctrl-C), it stores nothing.

    Example: claims model train train.jsonl --name news --dev dev.jsonl;
    claims model train train.jsonl --from-reviews --name news --use
    """
    from claims.learning.reviews import review_documents
    from claims.learning.trainer import train_from_gold

    check_name(name)
    if not gold and not from_reviews:
        raise typer.BadParameter("give gold files, --from-reviews, or both")
    reviewed = []
    if from_reviews:
        with state(ctx).session() as session:
            reviewed = review_documents(session)
        if not reviewed:
            errors.print("[yellow]warning:[/] no reviewed claims in the archive yet")
        else:
            errors.print(f"{counted(len(reviewed), 'reviewed document')} from the archive")
    if not gold and not reviewed:
        errors.print("[red]error:[/] nothing to train on")
        raise typer.Exit(1)
    with progress_steps("training") as update:
        info = train_from_gold(
            gold or [],
            name=name,
            output=output,
            seed=seed,
            dev=dev or (),
            extra=reviewed,
            progress=update,
        )
    if use:
        use_model(str(info.path))
    if as_json:
        print_json({"path": str(info.path), **info.header})
        return
    _print_header(info.label, info.path, info.header)
    errors.print(f"stored {info.label} in {info.path}" + (" and made it active" if use else ""))


@model_app.command("eval")
def eval_(
    files: Annotated[
        list[str],
        typer.Argument(help="MODEL (a name or file) then gold files; with --rules, gold files."),
    ],
    rules: Annotated[bool, typer.Option("--rules", help="Score the rules, not a model.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Extract every gold document and score the result as the evaluation's score.py does.

    Example: claims model eval news dev.jsonl; claims model eval --rules dev.jsonl
    """
    from claims.learning.store import Extractor
    from claims.learning.trainer import evaluate_extractor, read_corpus

    if rules:
        extractor = rules_extractor()
        paths = [Path(f) for f in files]
    else:
        if len(files) < 2:
            raise InvalidValueError("give a MODEL and at least one gold file (or --rules)")
        model, info = load_stored_model(files[0])
        extractor = Extractor("model", info.label, path=info.path, _model=model)
        paths = [Path(f) for f in files[1:]]
    total = len(read_corpus(paths))
    with progress_bar(f"extracting with {extractor.description}", total) as advance:
        figures = evaluate_extractor(extractor, paths, progress=advance)
    if as_json:
        print_json(figures)
        return
    console.print(_figure_rows(figures))
    errors.print(f"{extractor.description} on {counted(total, 'document')}")


@model_app.command("list")
def list_(as_json: JsonOption = False) -> None:
    """List the stored models, the active one marked.

    Example: claims model list
    """
    active = active_model_path()
    models = list_models()
    if as_json:
        print_json(
            [
                {"label": m.label, "path": str(m.path), "active": m.path == active, **m.header}
                for m in models
            ]
        )
        return
    table = Table(header_style="bold", pad_edge=False, box=None)
    for column in ("", "Model", "Created", "Documents", "Attributions", "Trained on"):
        table.add_column(column)
    for m in models:
        table.add_row(
            "*" if active is not None and m.path == active else "",
            Text(m.label, style="bold"),
            m.created,
            f"{m.header.get('documents') or 0:,}",
            f"{m.header.get('attributions') or 0:,}",
            Text(", ".join(c.get("file", "?") for c in m.header.get("corpus") or [])),
        )
    console.print(table)
    errors.print(
        f"{counted(len(models), 'model')}; extraction uses "
        + (f"{active.stem}" if active is not None else "the rules")
    )


def _print_header(label: str, path: Path, header: dict[str, Any]) -> None:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    corpus = "; ".join(
        f"{c.get('file')} ({str(c.get('sha256'))[:12]})" for c in header.get("corpus") or []
    )
    training = header.get("training") or {}
    model = header.get("model") or {}
    libraries = header.get("libraries") or {}
    for key, value in (
        ("Model", label),
        ("File", str(path)),
        ("Created", header.get("created")),
        ("Trained on", corpus or "—"),
        ("Documents", f"{header.get('documents') or 0:,}"),
        ("Attributions", f"{header.get('attributions') or 0:,}"),
        ("Seed", header.get("seed")),
        ("Iterations", model.get("iterations")),
        ("Loss", model.get("loss")),
        ("Seconds", training.get("seconds")),
        ("Libraries", ", ".join(f"{k} {v}" for k, v in libraries.items())),
    ):
        if value is not None:
            grid.add_row(key, Text(str(value)))
    console.print(grid)
    dev = training.get("dev")
    if dev:
        console.print(Text(f"On {', '.join(dev.get('files', []))}:", style="bold"))
        console.print(_figure_rows(dev.get("figures") or {}))


@model_app.command("show")
def show(
    name: Annotated[
        str, typer.Argument(help="A model name (its newest version), name-vN or a file.")
    ],
    as_json: JsonOption = False,
) -> None:
    """Show what a model was trained on, with what, and how well it did.

    Example: claims model show news-v2
    """
    _, info = load_stored_model(name)
    if as_json:
        print_json({"label": info.label, "path": str(info.path), **info.header})
        return
    _print_header(info.label, info.path, info.header)


@model_app.command("use")
def use(
    name: Annotated[
        str | None, typer.Argument(help="A model name (its newest version), name-vN or a file.")
    ] = None,
    rules: Annotated[
        bool, typer.Option("--rules", help="Go back to extracting with the rules.")
    ] = False,
) -> None:
    """Choose the model extraction and ingest use, or go back to the rules.

    Example: claims model use news; claims model use --rules
    """
    if rules == (name is not None):
        raise InvalidValueError("give a model NAME or --rules")
    info = use_model(None if rules else name)
    errors.print("extraction uses the rules" if info is None else f"extraction uses {info.label}")
