"""The `lessons` command: parses arguments, calls the Python API, prints. No logic of its own."""

from __future__ import annotations

import getpass
import json
import logging
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from lessons.errors import LessonsError, QueryError
from lessons.evaluation import run_eval
from lessons.export import FORMATS
from lessons.library import Library, extract_files
from lessons.models import (
    DOC_TYPES,
    DocumentFilter,
    DocumentMetadata,
    ExtractResult,
    IngestResult,
    SearchHit,
)
from lessons.settings import Settings
from lessons.themes import Taxonomy
from lessons.tracker import check_who
from lessons.tracking import parse_date

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


def _library(db: str | None, **settings: Any) -> Library:
    return Library(Settings.from_env(db=db, **settings))


@app.command()
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders (read recursively).", show_default=False)
    ],
    db: DbOption = None,
    doc_type: TypeOption = None,
    date: Annotated[str | None, typer.Option("--date", help="The documents' date (YYYY[-MM[-DD]]).")] = None,
    area: Annotated[str | None, typer.Option("--area", help="Area the documents concern.")] = None,
    issuer: Annotated[str | None, typer.Option("--issuer", help="Organisation that issued them.")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help=Settings.help("jobs"))] = None,
    max_file_mb: Annotated[
        float | None, typer.Option("--max-file-mb", help=Settings.help("max_file_mb"))
    ] = None,
    ocr: Annotated[
        bool | None, typer.Option("--ocr/--no-ocr", help=Settings.help("ocr"), show_default=False)
    ] = None,
    embeddings: Annotated[
        bool | None,
        typer.Option("--embeddings/--no-embeddings", help=Settings.help("embeddings"), show_default=False),
    ] = None,
    taxonomy: TaxonomyOption = None,
) -> None:
    """Read PDF, DOCX, HTML, TXT and MD files into the library. Exits 1 if any file failed."""
    metadata = DocumentMetadata(doc_type=doc_type, date=date, area=area, issuer=issuer)
    options = {"jobs": jobs, "max_file_mb": max_file_mb, "ocr": ocr, "embeddings": embeddings}
    with _library(db, **options, taxonomy=str(taxonomy) if taxonomy else None) as library:
        files = library.files(paths)
        counts = {"added": 0, "new_version": 0, "skipped": 0, "failed": 0}
        progress = Progress(
            TextColumn("[bold]Ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[name]}"),
            console=err,
            transient=True,
        )
        with progress:
            task = progress.add_task("ingest", total=len(files), name="")

            def report(result: IngestResult) -> None:
                counts[result.status] += 1
                progress.update(task, advance=1, name=Path(result.path).name)
                _print_problems(result)

            library.ingest(files, metadata, on_result=report)
    summary = (
        f"{counts['added'] + counts['new_version']} read ({counts['new_version']} as new versions), "
        f"{counts['skipped']} skipped as already present, {counts['failed']} failed"
    )
    err.print(summary, style="bold red" if counts["failed"] else "bold")
    if counts["failed"]:
        raise typer.Exit(1)


def _print_problems(result: IngestResult | ExtractResult) -> None:
    if result.status == "failed":
        err.print(Text(f"error: {result.path}: {result.message}", style="red"))
    for warning in result.warnings:
        err.print(Text(f"warning: {warning}", style="yellow"))


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words, "exact phrases", prefix*, AND, OR, NOT/-word, ( ).')],
    db: DbOption = None,
    doc_type: TypeOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    area: AreaOption = None,
    issuer: IssuerOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Results to show.")] = 10,
    output: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """Full-text search, best matches first, with highlighted snippets."""
    filters = DocumentFilter(doc_type, date_from, date_to, area, issuer)
    with _library(db) as library:
        hits = library.search(query, filters, limit=limit)
    if output == "json":
        out.print_json(json.dumps([_hit_json(hit) for hit in hits]))
        return
    if not hits:
        err.print("no documents match")
        return
    if hits.ranked_within:
        err.print(
            f"note: this query matches more than {hits.ranked_within:,} documents; the best of the newest "
            f"{hits.ranked_within:,} are shown. Add words or filters to narrow it (or set LESSONS_RANK_LIMIT=0).",
            style="yellow",
        )
    for hit in hits:
        out.print(Text.assemble((f"[{hit.document_id}] ", "bold cyan"), (hit.title or hit.file_name, "bold")))
        details = " · ".join(v for v in (hit.doc_type, hit.date, hit.area, hit.file_name) if v)
        out.print(Text(f"    {details} · score {hit.score:.3g}", style="dim"))
        snippet = Text("    " + hit.snippet)
        for start, end in hit.highlights:
            snippet.stylize("bold yellow", start + 4, end + 4)
        out.print(snippet)


def _hit_json(hit: SearchHit) -> dict[str, Any]:
    return {**vars(hit), "highlights": [list(span) for span in hit.highlights]}


@app.command()
def show(
    document_id: Annotated[int, typer.Argument(help="Document id (see `lessons list`).")],
    db: DbOption = None,
    text: Annotated[bool, typer.Option("--text/--no-text", help="Print the clean text.")] = True,
) -> None:
    """A document's metadata, what extraction found in it, and its text."""
    with _library(db) as library:
        document = library.document(document_id)
        extraction = library.extraction(document_id)
    table = Table.grid(padding=(0, 2))
    for key in (
        "id",
        "title",
        "file_name",
        "path",
        "format",
        "doc_type",
        "review_kind",
        "date",
        "issuer",
        "area",
        "page_count",
        "char_count",
        "content_hash",
        "ingested_at",
    ):
        value = document.get(key)
        if value is not None:
            table.add_row(Text(key, style="bold"), Text(str(value)))
    versions = ", ".join(
        f"v{v['version']}=#{v['id']}" + ("*" if v["is_current"] else "") for v in document["versions"]
    )
    table.add_row(Text("versions", style="bold"), Text(f"{versions}  (* current)"))
    for warning in document["warnings"]:
        table.add_row(Text("warning", style="bold yellow"), Text(warning))
    out.print(table)
    _print_extraction(extraction)
    if text:
        out.print()
        out.print(document["text"], markup=False)


def _print_extraction(extraction: dict[str, Any]) -> None:
    out.print()
    out.print(Text("Extracted", style="bold underline"))
    table = Table.grid(padding=(0, 2))

    def row(label: str, value: object) -> None:
        if value not in (None, "", []):
            table.add_row(Text(label, style="bold"), Text(str(value)))

    for field, label in (("doc_type", "type"), ("review_kind", "review kind")):
        if extraction[field] is not None:
            decided = f"{extraction[field]} (confidence {extraction[f'{field}_confidence']:.2f})"
            evidence = extraction[f"{field}_evidence"]
            row(label, decided + (f": {evidence!r}" if evidence else ""))
    row("date", extraction["date"])
    row("issuer", extraction["issuer"])
    row("addressee", extraction["addressee"])
    row("area", extraction["area"])
    row("subjects", "; ".join(extraction["subjects"]))
    row("coroner", extraction["coroner"])
    row("deceased", extraction["deceased"])
    row("age", extraction["deceased_age"])
    row("date of death", extraction["date_of_death"])
    row("report date", extraction["report_date"])
    for recipient in extraction["recipients"]:
        due = recipient.get("response_due")
        row("sent to", recipient["name"] + (f" (response due {due})" if due else ""))
    row("response due", extraction["response_due"])
    out.print(table)
    sections: list[tuple[str, str, Any]] = [
        ("Recommendations", "recommendations", _recommendation_line),
        ("Concerns", "concerns", lambda item: _numbered(item["number"], item["text"])),
        ("Actions", "actions", _action_line),
        ("Findings", "findings", lambda item: f"[{item['kind']}] " + _numbered(item["number"], item["text"])),
    ]
    for heading, kind, line in sections:
        items = extraction[kind]
        if not items:
            continue
        out.print()
        out.print(Text(f"{heading} ({len(items)})", style="bold"))
        prefix = {"recommendations": "r", "concerns": "c"}.get(kind, "")
        for item in items:
            # Recommendations and concerns show their ids as `lessons similar` takes them (r12, c3).
            out.print(Text(f"{prefix}{item['id']:<5} ", style="cyan") + Text(line(item)))


def _numbered(number: str | None, text: str) -> str:
    return f"{number} {text}" if number else text


def _recommendation_line(item: dict[str, Any]) -> str:
    details = "; ".join(f"{k}: {item[k]}" for k in ("case", "theme") if item[k])
    return _numbered(item["number"], item["text"]) + (f"  [{details}]" if details else "")


def _action_line(item: dict[str, Any]) -> str:
    details = "; ".join(f"{k}: {item[k]}" for k in ("owner", "due") if item[k])
    return f"[{item['status']}] {item['text']}" + (f"  [{details}]" if details else "")


@app.command("list")
def list_documents(
    db: DbOption = None,
    doc_type: TypeOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    area: AreaOption = None,
    issuer: IssuerOption = None,
    all_versions: Annotated[
        bool, typer.Option("--all-versions", help="Include superseded versions.")
    ] = False,
    output: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
) -> None:
    """List the documents in the library."""
    filters = DocumentFilter(doc_type, date_from, date_to, area, issuer)
    with _library(db) as library:
        frame = library.documents(filters, all_versions=all_versions)
    if output == "json":
        out.print_json(frame.to_json(orient="records", date_format="iso"))
        return
    if output == "csv":
        sys.stdout.write(frame.to_csv(index=False))
        return
    rows = [
        [
            str(v) if v is not None else ""
            for v in (r["id"], r["doc_type"], r["date"], r["format"], r["page_count"])
        ]
        + [str(r["char_count"]), r["file_name"], r["title"] or ""]
        for r in frame.astype(object).where(frame.notna(), None).to_dict("records")
    ]
    out.print(
        _columns(["id", "type", "date", "format", "pages", "chars", "file", "title"], rows), markup=False
    )
    err.print(f"{len(frame)} document(s)")


def _columns(header: list[str], rows: list[list[str]]) -> str:
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


@app.command()
def themes(
    db: DbOption = None,
    doc_type: TypeOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    area: AreaOption = None,
    issuer: IssuerOption = None,
    by: Annotated[str | None, typer.Option("--by", help="Break down by year, area or type.")] = None,
    taxonomy_path: Annotated[
        Path | None, typer.Option("--taxonomy", help="A taxonomy TOML file (default: the shipped one).")
    ] = None,
    check: Annotated[bool, typer.Option("--check", help="Only validate the taxonomy and say so.")] = False,
    output: Annotated[str, typer.Option("--format", help="table or csv.")] = "table",
) -> None:
    """Counts of documents, recommendations and concerns by theme; --check validates a taxonomy file."""
    taxonomy = Taxonomy.load(taxonomy_path or Settings.from_env().taxonomy or None)
    if check:
        groups = sorted({t.group for t in taxonomy.themes})
        out.print(
            f"{taxonomy_path or 'shipped taxonomy'}: {len(taxonomy.themes)} themes in {', '.join(groups)}: ok"
        )
        return
    with _library(db) as library:
        frame = library.theme_counts(DocumentFilter(doc_type, date_from, date_to, area, issuer), by, taxonomy)
    if output == "csv":
        sys.stdout.write(frame.to_csv(index=False))
        return
    header = list(frame.columns)
    rows = [
        ["" if v is None else str(v) for v in row] for row in frame.astype(object).itertuples(index=False)
    ]
    out.print(_columns([*header[1:], header[0]], [[*r[1:], r[0]] for r in rows]), markup=False)


BackendOption = Annotated[
    str | None, typer.Option("--backend", help=Settings.help("similarity"), show_default=False)
]
FormatOption = Annotated[str, typer.Option("--format", help="table, json or csv.")]


@app.command()
def similar(
    item: Annotated[str, typer.Argument(help="A recommendation id (42 or r42) or a concern id (c7).")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many to show.")] = 10,
    backend: BackendOption = None,
    output: FormatOption = "table",
) -> None:
    """The recommendations and concerns in other documents most like this one, with a similarity score."""
    with _library(db) as library:
        found = library.similar(item, limit, backend)
    if output == "json":
        sys.stdout.write(json.dumps(found, indent=2, default=str) + "\n")
        return
    rows = [_item_row(m) for m in found["similar"]]
    if output == "csv":
        sys.stdout.write(pd.DataFrame(rows, columns=SIMILAR_HEADER).to_csv(index=False))
        return
    source = found["item"]
    out.print(f"{source['kind']} {source['id']} ({source['file_name']}): {source['text']}", markup=False)
    out.print(f"most similar ({found['backend']}):", markup=False)
    out.print(_columns(SIMILAR_HEADER, rows), markup=False)


SIMILAR_HEADER = ["score", "item", "document", "date", "area", "text"]


def _item_row(item: dict[str, Any]) -> list[str]:
    ref = ("r" if item["kind"] == "recommendation" else "c") + str(item["id"])
    return [
        f"{item['score']:.3f}",
        ref,
        str(item["document_id"]),
        item["date"] or "",
        item["area"] or "",
        item["text"],
    ]


@app.command()
def embed(db: DbOption = None) -> None:
    """Embed the recommendations and concerns stored without a vector (after `ingest --no-embeddings`, or
    ingested before the embeddings extra was installed). `similar` and `recurring` also do this when needed."""
    with _library(db) as library:
        done = library.embed()
    err.print(f"embedded {done} recommendations and concerns")


@app.command()
def recurring(
    db: DbOption = None,
    theme: Annotated[
        str | None, typer.Option("--theme", help="Only items tagged with this theme id.")
    ] = None,
    min_reviews: Annotated[
        int, typer.Option("--min-reviews", help="Only lessons made in at least this many reviews.")
    ] = 3,
    threshold: Annotated[
        float | None,
        typer.Option("--threshold", help="Similarity at which two items count as the same lesson."),
    ] = None,
    backend: BackendOption = None,
    members: Annotated[bool, typer.Option("--members", help="List each cluster's members too.")] = False,
    output: FormatOption = "table",
) -> None:
    """Lessons that keep coming back: clusters of near-equivalent recommendations and concerns across
    reviews, with how many reviews, areas and years each spans."""
    with _library(db) as library:
        clusters = library.recurring(theme, min_reviews, threshold, backend)
    if output == "json":
        sys.stdout.write(json.dumps(clusters, indent=2, default=str) + "\n")
        return
    header = ["cluster", "reviews", "areas", "years", "earliest", "latest", "size", "text"]
    rows = [
        [str(c[h]) if c[h] is not None else "" for h in header[:-1]] + [c["representative"]["text"]]
        for c in clusters
    ]
    if output == "csv":
        sys.stdout.write(pd.DataFrame(rows, columns=header).to_csv(index=False))
        return
    if not clusters:
        err.print(f"no lesson recurs in {min_reviews} or more reviews")
        return
    out.print(_columns(header, rows), markup=False)
    for cluster in clusters if members else []:
        out.print(f"\ncluster {cluster['cluster']}:", markup=False)
        for m in cluster["members"]:
            ref = ("r" if m["kind"] == "recommendation" else "c") + str(m["id"])
            out.print(
                f"  {ref:>7}  doc {m['document_id']:<5} {m['date'] or '':<10}  {m['text']}", markup=False
            )


# --- tracker ---------------------------------------------------------------------------------------------------

track = typer.Typer(
    help="Follow recommendations and concerns to responses, actions and evidence.", no_args_is_help=True
)
app.add_typer(track, name="track")
WhoOption = Annotated[str, typer.Option("--who", help="Who is making the change (default: your login name).")]
AtOption = Annotated[
    str | None, typer.Option("--at", help="Status and overdue as at this date (YYYY-MM-DD; default today).")
]


def _who(who: str | None) -> str:
    return check_who(who or getpass.getuser())


def _at(at: str | None) -> date | None:
    return parse_date(at, "--at") if at else None


def _print_frame(frame: pd.DataFrame, output: str, columns: list[str]) -> None:
    if output == "json":
        sys.stdout.write(frame.to_json(orient="records", date_format="iso", indent=2) + "\n")
    elif output == "csv":
        sys.stdout.write(frame.to_csv(index=False))
    else:
        rows = [["" if pd.isna(v) else str(v) for v in row] for row in frame[columns].itertuples(index=False)]
        out.print(_columns(columns, rows), markup=False)


@app.command()
def overdue(db: DbOption = None, at: AtOption = None, output: FormatOption = "table") -> None:
    """PFD report recipients with no linked response after their due date, most overdue first. Links are
    suggested first (`lessons track links --suggest`)."""
    with _library(db) as library:
        found = library.tracker.overdue(_at(at), link_first=True)
    frame = pd.DataFrame(
        found,
        columns=["report", "ref", "deceased", "coroner", "recipient", "due", "days_overdue", "concerns"],
    )
    if output == "json":
        sys.stdout.write(json.dumps(found, indent=2) + "\n")
        return
    _print_frame(frame, output, ["days_overdue", "due", "report", "deceased", "recipient"])


@track.command("actions")
def track_actions(
    db: DbOption = None,
    document: Annotated[int | None, typer.Option("--document", help="Only this document's actions.")] = None,
    at: AtOption = None,
    output: FormatOption = "table",
) -> None:
    """Actions with status, RAG rating and due date (as at --at)."""
    with _library(db) as library:
        frame = library.tracker.actions(document, _at(at))
    _print_frame(
        frame,
        output,
        ["id", "version", "current_status", "rag", "due", "lead_agency", "origin", "description"],
    )


@track.command("add-action")
def track_add_action(
    description: Annotated[str, typer.Argument(help="What will be done.")],
    db: DbOption = None,
    item: Annotated[
        str | None, typer.Option("--item", help="The recommendation (r12) or concern (c3) it answers.")
    ] = None,
    lead_agency: Annotated[str | None, typer.Option("--lead-agency")] = None,
    lead_officer: Annotated[str | None, typer.Option("--lead-officer")] = None,
    due: Annotated[str | None, typer.Option("--due", help="Target date (YYYY-MM-DD).")] = None,
    who: WhoOption = "",
) -> None:
    """Add an action."""
    with _library(db) as library:
        row = library.tracker.add_action(
            description, _who(who), item, lead_agency=lead_agency, lead_officer=lead_officer, due=due
        )
    err.print(f"action {row['id']} added (version {row['version']})")


@track.command("update-action")
def track_update_action(
    action_id: Annotated[int, typer.Argument(help="The action's id.")],
    version: Annotated[int, typer.Option("--version", help="The version you read (from `track actions`).")],
    db: DbOption = None,
    status: Annotated[
        str | None, typer.Option("--status", help="not started, in progress or complete.")
    ] = None,
    rag: Annotated[str | None, typer.Option("--rag", help="red, amber or green (default: computed).")] = None,
    due: Annotated[str | None, typer.Option("--due")] = None,
    progress: Annotated[str | None, typer.Option("--progress")] = None,
    lead_officer: Annotated[str | None, typer.Option("--lead-officer")] = None,
    who: WhoOption = "",
) -> None:
    """Change an action; refused if someone changed it since the version you read."""
    changes = {
        k: v
        for k, v in dict(
            status=status, rag=rag, due=due, progress=progress, lead_officer=lead_officer
        ).items()
        if v is not None
    }
    with _library(db) as library:
        row = library.tracker.update_action(action_id, version, _who(who), **changes)
    err.print(f"action {row['id']} is now version {row['version']}")


@track.command("respond")
def track_respond(
    item: Annotated[str, typer.Argument(help="The recommendation (r12) or concern (c3).")],
    status: Annotated[str, typer.Argument(help="accepted, partially accepted, not accepted or noted.")],
    db: DbOption = None,
    text: Annotated[str | None, typer.Option("--text")] = None,
    on: Annotated[str | None, typer.Option("--date", help="The response's date (YYYY-MM-DD).")] = None,
    who: WhoOption = "",
) -> None:
    """Record the response to a recommendation or concern."""
    with _library(db) as library:
        row = library.tracker.respond(item, status, _who(who), text, on)
    err.print(f"response {row['id']} to {item}: {row['status']}")


@track.command("evidence")
def track_evidence(
    action_id: Annotated[int, typer.Argument(help="The action it evidences.")],
    db: DbOption = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    link: Annotated[str | None, typer.Option("--link")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="A file to attach.")] = None,
    impact: Annotated[str | None, typer.Option("--impact", help="The impact assessment.")] = None,
    who: WhoOption = "",
) -> None:
    """Add evidence to an action."""
    with _library(db) as library:
        row = library.tracker.add_evidence(action_id, _who(who), note, link, file, impact=impact)
    err.print(f"evidence {row['id']} added to action {action_id}")


@track.command("audit")
def track_audit(
    db: DbOption = None,
    entity: Annotated[
        str | None, typer.Option("--entity", help="response, action, evidence or link.")
    ] = None,
    row_id: Annotated[int | None, typer.Option("--id")] = None,
    output: FormatOption = "table",
) -> None:
    """Every change: who, when, what changed from and to."""
    with _library(db) as library:
        frame = library.tracker.audit(entity, row_id)
    _print_frame(frame, output, ["at", "who", "entity", "entity_id", "change", "field", "old", "new"])


@track.command("links")
def track_links(
    db: DbOption = None,
    suggest: Annotated[
        bool, typer.Option("--suggest", help="Link PFD responses to their reports first.")
    ] = False,
    confirm: Annotated[
        int | None, typer.Option("--confirm", help="Confirm this link (with --version).")
    ] = None,
    reject: Annotated[int | None, typer.Option("--reject", help="Reject this link (with --version).")] = None,
    version: Annotated[int | None, typer.Option("--version")] = None,
    who: WhoOption = "",
    output: FormatOption = "table",
) -> None:
    """Links between documents (a PFD response and its report), suggested with a score or made by hand."""
    with _library(db) as library:
        if suggest:
            library.tracker.suggest_links()
        for link_id, status in ((confirm, "confirmed"), (reject, "rejected")):
            if link_id is not None:
                if version is None:
                    raise QueryError("--version is needed to confirm or reject a link")
                library.tracker.set_link(link_id, version, status, _who(who))
        frame = library.tracker.links()
    _print_frame(frame, output, ["id", "version", "status", "score", "source_id", "target_id", "kind"])


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help=f"One of: {', '.join(FORMATS)}.")] = "csv",
    out_path: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="XLSX: the workbook file. Others: a folder for <table>.<format>."),
    ] = None,
    db: DbOption = None,
    doc_type: TypeOption = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    area: AreaOption = None,
    issuer: IssuerOption = None,
) -> None:
    """Write the library's tables for spreadsheets and pandas."""
    target = out_path or Path("lessons.xlsx" if fmt == "xlsx" else "lessons-export")
    with _library(db) as library:
        written = library.export(fmt, target, DocumentFilter(doc_type, date_from, date_to, area, issuer))
    for path in written:
        err.print(f"wrote {path}")


@app.command()
def extract(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders (read recursively).", show_default=False)
    ],
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for one <file stem>.json per document.")
    ] = Path("extracted"),
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help=Settings.help("jobs"))] = None,
    ocr: Annotated[
        bool | None, typer.Option("--ocr/--no-ocr", help=Settings.help("ocr"), show_default=False)
    ] = None,
    taxonomy: TaxonomyOption = None,
) -> None:
    """Extract documents' structure to JSON without a database. Exits 1 if any file failed."""
    settings = Settings.from_env(jobs=jobs, ocr=ocr, taxonomy=str(taxonomy) if taxonomy else None)
    results = extract_files(paths, out_dir, settings, on_result=_print_problems)
    failed = sum(1 for r in results if r.status == "failed")
    err.print(
        f"{len(results) - failed} extracted to {out_dir}, {failed} failed",
        style="bold red" if failed else "bold",
    )
    if failed:
        raise typer.Exit(1)


@app.command("eval")
def evaluate(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold <stem>.json annotations.")],
    docs_dir: Annotated[Path, typer.Argument(help="Folder of the documents they annotate.")],
    scorer: Annotated[
        Path | None,
        typer.Option(
            "--scorer", help="The scoring program [default: score.py beside GOLD_DIR].", show_default=False
        ),
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the metrics to this file.")
    ] = None,
    per_doc: Annotated[bool, typer.Option("--per-doc", help="Score each document too.")] = False,
) -> None:
    """Extract every document in DOCS_DIR and score the output against GOLD_DIR with the official scorer."""
    evaluation = run_eval(gold_dir, docs_dir, scorer, per_doc=per_doc)
    for result in evaluation.failed:
        _print_problems(result)
    out.print(evaluation.report.rstrip("\n"), markup=False)
    if json_out is not None:
        json_out.write_text(json.dumps(evaluation.metrics, indent=1) + "\n", encoding="utf-8")
        err.print(f"wrote {json_out}")
    if evaluation.failed:
        err.print(f"{len(evaluation.failed)} document(s) failed and were scored as empty", style="bold red")
        raise typer.Exit(1)


def main() -> None:
    """Entry point: library errors become one line on stderr and exit code 2."""
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s: %(message)s")
    try:
        app()
    except LessonsError as error:
        err.print(Text(f"error: {error}", style="red"))
        sys.exit(2)
