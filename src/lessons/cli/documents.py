"""Commands over documents: ingest, search, show, list, export, extract and eval."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from lessons.cli.common import (
    AreaOption,
    DbOption,
    FromOption,
    IssuerOption,
    TaxonomyOption,
    ToOption,
    TypeOption,
    aligned,
    app,
    err,
    open_library,
    out,
    print_problems,
)
from lessons.evaluation import run_eval
from lessons.export import FORMATS
from lessons.library import extract_files
from lessons.models import (
    DocumentFilter,
    DocumentMetadata,
    IngestResult,
    SearchHit,
)
from lessons.settings import Settings


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
    with open_library(db, **options, taxonomy=str(taxonomy) if taxonomy else None) as library:
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
                print_problems(result)

            library.ingest(files, metadata, on_result=report)
    summary = (
        f"{counts['added'] + counts['new_version']} read ({counts['new_version']} as new versions), "
        f"{counts['skipped']} skipped as already present, {counts['failed']} failed"
    )
    err.print(summary, style="bold red" if counts["failed"] else "bold")
    if counts["failed"]:
        raise typer.Exit(1)


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
    with open_library(db) as library:
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
    with open_library(db) as library:
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
    row("age", _age(extraction["deceased_age"], extraction["deceased_age_unit"]))
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


def _age(value: float | None, unit: str | None) -> str | None:
    """An age with its unit: 15 months, 2.5 years, 1 day (ages stored before units were kept are years)."""
    if value is None:
        return None
    unit = unit or "years"
    return f"{value:g} {unit[:-1] if value == 1 else unit}"


def _numbered(number: str | None, text: str) -> str:
    return f"{number} {text}" if number else text


def _recommendation_line(item: dict[str, Any]) -> str:
    details = "; ".join(f"{k}: {item[k]}" for k in ("case", "theme") if item[k])
    return _numbered(item["number"], item["text"]) + (f"  [{details}]" if details else "")


def _action_line(item: dict[str, Any]) -> str:
    answers = ", ".join(item.get("answers") or [])
    details = "; ".join(
        [*(f"{k}: {item.get(k)}" for k in ("owner", "officer", "due", "rag") if item.get(k))]
        + ([f"target: {item['target']}"] if item.get("target") and not item.get("due") else [])
        + ([f"answers {answers}"] if answers else [])
    )
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
    with open_library(db) as library:
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
        aligned(["id", "type", "date", "format", "pages", "chars", "file", "title"], rows), markup=False
    )
    err.print(f"{len(frame)} document(s)")


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
    with open_library(db) as library:
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
    results = extract_files(paths, out_dir, settings, on_result=print_problems)
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
        print_problems(result)
    out.print(evaluation.report.rstrip("\n"), markup=False)
    if json_out is not None:
        json_out.write_text(json.dumps(evaluation.metrics, indent=1) + "\n", encoding="utf-8")
        err.print(f"wrote {json_out}")
    if evaluation.failed:
        err.print(f"{len(evaluation.failed)} document(s) failed and were scored as empty", style="bold red")
        raise typer.Exit(1)
