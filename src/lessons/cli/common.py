"""What every command shares: the app, the consoles, common options and output helpers."""

from __future__ import annotations

import getpass
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.console import Console
from rich.text import Text

from lessons.library import Library
from lessons.models import (
    DOC_TYPES,
    ExtractResult,
    IngestResult,
)
from lessons.settings import Settings
from lessons.tracking.rules import parse_date
from lessons.tracking.tracker import check_who

app = typer.Typer(
    help="Lessons: a searchable library of safeguarding case reviews and coroners' reports.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)  # an error stays on one line

DbOption = Annotated[str | None, typer.Option("--db", help=Settings.help("db"), show_default=False)]
TypeOption = Annotated[
    str | None, typer.Option("--type", help=f"Document type(s), comma-separated: {', '.join(DOC_TYPES)}.")
]
FromOption = Annotated[
    str | None, typer.Option("--from", help="Documents dated on or after (YYYY[-MM[-DD]]).")
]
ToOption = Annotated[str | None, typer.Option("--to", help="Documents dated on or before (YYYY[-MM[-DD]]).")]
AreaOption = Annotated[str | None, typer.Option("--area", help="Area contains this text.")]
IssuerOption = Annotated[str | None, typer.Option("--issuer", help="Issuer contains this text.")]
TaxonomyOption = Annotated[
    Path | None, typer.Option("--taxonomy", help=Settings.help("taxonomy"), show_default=False)
]


def open_library(db: str | None, **settings: Any) -> Library:
    return Library(Settings.from_env(db=db, **settings))


def print_problems(result: IngestResult | ExtractResult) -> None:
    if result.status == "failed":
        err.print(Text(f"error: {result.path}: {result.message}", style="red"))
    for warning in result.warnings:
        err.print(Text(f"warning: {warning}", style="yellow"))


def aligned(header: list[str], rows: list[list[str]]) -> str:
    """Plain aligned columns; the last one is cut to the terminal's width."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    room = max(20, shutil.get_terminal_size().columns - sum(widths) - 2 * len(widths) - 1)
    lines = []
    for row in [header, *rows]:
        last = row[-1] if len(row[-1]) <= room else row[-1][: room - 1] + "…"
        lines.append(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + last
        )
    return "\n".join(lines)


BackendOption = Annotated[
    str | None, typer.Option("--backend", help=Settings.help("similarity"), show_default=False)
]
FormatOption = Annotated[str, typer.Option("--format", help="table, json or csv.")]
WhoOption = Annotated[str, typer.Option("--who", help="Who is making the change (default: your login name).")]
AtOption = Annotated[
    str | None, typer.Option("--at", help="Status and overdue as at this date (YYYY-MM-DD; default today).")
]


def who_or_login(who: str | None) -> str:
    return check_who(who or getpass.getuser())


def as_at(at: str | None) -> date | None:
    return parse_date(at, "--at") if at else None


def print_frame(frame: pd.DataFrame, output: str, columns: list[str]) -> None:
    if output == "json":
        sys.stdout.write(frame.to_json(orient="records", date_format="iso", indent=2) + "\n")
    elif output == "csv":
        sys.stdout.write(frame.to_csv(index=False))
    else:
        rows = [["" if pd.isna(v) else str(v) for v in row] for row in frame[columns].itertuples(index=False)]
        out.print(aligned(columns, rows), markup=False)
