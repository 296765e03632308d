"""Commands for what recurs: themes, similar items, embeddings and recurring lessons."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer

from lessons.cli.common import (
    AreaOption,
    BackendOption,
    DbOption,
    FormatOption,
    FromOption,
    IssuerOption,
    ToOption,
    TypeOption,
    aligned,
    app,
    err,
    open_library,
    out,
)
from lessons.models import (
    DocumentFilter,
)
from lessons.settings import Settings
from lessons.themes import Taxonomy


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
    with open_library(db) as library:
        frame = library.theme_counts(DocumentFilter(doc_type, date_from, date_to, area, issuer), by, taxonomy)
    if output == "csv":
        sys.stdout.write(frame.to_csv(index=False))
        return
    header = list(frame.columns)
    rows = [
        ["" if v is None else str(v) for v in row] for row in frame.astype(object).itertuples(index=False)
    ]
    out.print(aligned([*header[1:], header[0]], [[*r[1:], r[0]] for r in rows]), markup=False)


@app.command()
def similar(
    item: Annotated[str, typer.Argument(help="A recommendation id (42 or r42) or a concern id (c7).")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many to show.")] = 10,
    backend: BackendOption = None,
    output: FormatOption = "table",
) -> None:
    """The recommendations and concerns in other documents most like this one, with a similarity score."""
    with open_library(db) as library:
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
    out.print(aligned(SIMILAR_HEADER, rows), markup=False)


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
    with open_library(db) as library:
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
    with open_library(db) as library:
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
    out.print(aligned(header, rows), markup=False)
    for cluster in clusters if members else []:
        out.print(f"\ncluster {cluster['cluster']}:", markup=False)
        for m in cluster["members"]:
            ref = ("r" if m["kind"] == "recommendation" else "c") + str(m["id"])
            out.print(
                f"  {ref:>7}  doc {m['document_id']:<5} {m['date'] or '':<10}  {m['text']}", markup=False
            )
