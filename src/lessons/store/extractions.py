"""Extraction rows: writing an `Extraction` beside its document, and reading it back as plain records.

Only `Store` calls these, on its own connection (inside the document's savepoint when writing).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from lessons.dates import date_range
from lessons.errors import LessonsError
from lessons.extraction.records import Action, Concern, Extraction, Recommendation, Span
from lessons.models import DOC_TYPES
from lessons.store.schema import (
    ITEM_TABLES,
    actions,
    answers,
    concerns,
    documents,
    extractions,
    findings,
    recommendations,
)

# The fields of each kind of item, in the order they are shown and exported (before the span).
ITEM_FIELDS = {
    "recommendations": ("number", "text", "case", "theme", "themes", "agencies"),
    "concerns": ("number", "text", "themes", "agencies"),
    "actions": (
        "text",
        "status",
        "owner",
        "due",
        "answers",
        "officer",
        "target",
        "progress_status",
        "rag",
        "progress",
        "evidence",
        "recommendation",
    ),
    "findings": ("kind", "number", "text"),
    "answers": ("concern", "quote", "text"),
}
SPAN_FIELDS = ("start", "end", "page")
DOCUMENT_FIELDS = tuple(c.name for c in extractions.c if c.name != "document_id")
METADATA_FIELDS = ("doc_type", "review_kind", "date", "issuer", "area")  # what users may also say


# Statements built once (see store._INSERT_DOCUMENT).
_INSERT_EXTRACTION = extractions.insert()
_INSERTS = {table.name: table.insert() for table in (recommendations, concerns, actions, findings, answers)}


def write_extraction(
    connection: Connection,
    document_id: int,
    extraction: Extraction,
    vectors: dict[str, np.ndarray] | None = None,
) -> None:
    """The extraction's rows; `vectors` holds an embedding per recommendation and concern, in order."""
    connection.execute(_INSERT_EXTRACTION, {"document_id": document_id, **extraction.document_fields()})
    items: dict[sa.Table, Iterable[dict[str, Any]]] = {
        recommendations: (
            {
                "number": r.number,
                "text": r.text,
                "case": r.case,
                "theme": r.theme,
                **_span(r.span),
                **_tagged(r),
            }
            for r in extraction.recommendations
        ),
        concerns: (
            {"number": c.number, "text": c.text, **_span(c.span), **_tagged(c)} for c in extraction.concerns
        ),
        actions: ({**_action(a), **_span(a.span)} for a in extraction.actions),
        answers: (
            {"concern": a.concern, "quote": a.quote, "text": a.text, **_span(a.span)}
            for a in extraction.answers
        ),
        findings: (
            {"kind": f.kind, "number": f.number, "text": f.text, **_span(f.span)} for f in extraction.findings
        ),
    }
    for table, rows in items.items():
        values = [{"document_id": document_id, "position": n, **row} for n, row in enumerate(rows)]
        if vectors is not None and table.name in vectors:
            for row, vector in zip(values, vectors[table.name], strict=True):
                row["embedding"] = to_blob(vector)
        if values:
            connection.execute(_INSERTS[table.name], values)


def to_blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def _action(action: Action) -> dict[str, Any]:
    values = {name: getattr(action, name) for name in ITEM_FIELDS["actions"]}
    values["answers"] = list(action.answers)
    return values


def _tagged(item: Recommendation | Concern) -> dict[str, Any]:
    return {"themes": [asdict(t) for t in item.themes], "agencies": list(item.agencies)}


def _span(span: Span) -> dict[str, int | None]:
    return {"start": span.start, "end": span.end, "page": span.page}


def extracted_metadata(extraction: Extraction) -> dict[str, str]:
    """The metadata extraction found, as far as the documents table and its filters can take it: a known
    document type and a date at YYYY[-MM[-DD]] precision; anything else is left for the extractions row."""
    values = {
        "doc_type": extraction.doc_type.value if extraction.doc_type.value in DOC_TYPES else None,
        "review_kind": extraction.review_kind.value,
        "date": extraction.date if extraction.date and _is_date(extraction.date) else None,
        "issuer": extraction.issuer,
        "area": extraction.area,
    }
    if values["review_kind"] is not None and len(values["review_kind"]) > 32:
        values["review_kind"] = None
    return {k: v for k, v in values.items() if v is not None}


def _is_date(value: str) -> bool:
    try:
        date_range(value)
    except LessonsError:
        return False
    return len(value) <= 10


def read_extraction(connection: Connection, document_id: int) -> dict[str, Any]:
    """The document-level fields and a list of each kind of item; fields are None and lists empty for a
    document stored before extraction existed."""
    row = connection.execute(sa.select(extractions).where(extractions.c.document_id == document_id)).first()
    record: dict[str, Any] = {"document_id": document_id}
    record.update({name: None for name in DOCUMENT_FIELDS} if row is None else dict(row._mapping))
    for field in ("subjects", "recipients", "sections", "themes", "agencies"):
        record[field] = record[field] or []
    for kind, table in ITEM_TABLES.items():
        query = (
            sa.select(table.c.id, *(table.c[name] for name in (*ITEM_FIELDS[kind], *SPAN_FIELDS)))
            .where(table.c.document_id == document_id)
            .order_by(table.c.position)
        )
        record[kind] = [dict(r._mapping) for r in connection.execute(query)]
    return record


def item_query(kind: str) -> sa.Select[Any]:
    """Items of one kind with their document's id and file name, in document then reading order; the caller
    adds conditions on `documents`."""
    table = ITEM_TABLES[kind]
    columns = [table.c[name] for name in (*ITEM_FIELDS[kind], *SPAN_FIELDS)]
    return (
        sa.select(table.c.id, table.c.document_id, documents.c.file_name, *columns)
        .select_from(table.join(documents, documents.c.id == table.c.document_id))
        .order_by(table.c.document_id, table.c.position)
    )


def item_columns(kind: str) -> list[str]:
    return ["id", "document_id", "file_name", *ITEM_FIELDS[kind], *SPAN_FIELDS]
