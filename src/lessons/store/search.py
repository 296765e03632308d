"""Full-text ranking in each engine's own index, the hits built from it, and the filters that search and
listing share (`filter_conditions`, including theme and agency tags held as JSON lists)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from lessons.dates import date_range
from lessons.errors import QueryError
from lessons.models import DOC_TYPES, DocumentFilter, SearchHit
from lessons.store.schema import documents, extractions
from lessons.store.snippets import QueryPattern, make_snippet


def rank_sqlite(
    connection: Connection, match: str, conditions: list[Any], limit: int, offset: int, rank_limit: int
) -> tuple[list[tuple[int, float]], int | None]:
    """bm25 in the FTS5 index (which holds current documents only). Ranking is linear in the number of
    matches, so a query matching more than `rank_limit` documents is ranked among the newest of them."""
    fts = sa.table("documents_fts", sa.column("rowid"))
    matches = sa.text("documents_fts MATCH :match")
    source = fts.join(documents, documents.c.id == fts.c.rowid) if conditions else fts
    cutoff = None
    try:
        if rank_limit:
            newest = (
                sa.select(fts.c.rowid)
                .select_from(source)
                .where(matches, *conditions)
                .order_by(fts.c.rowid.desc())
                .limit(1)
                .offset(rank_limit)
            )
            cutoff = connection.scalar(newest, {"match": match})
        rank: sa.ColumnElement[float] = sa.literal_column("bm25(documents_fts, 4.0, 1.0)")
        ranked = sa.select(fts.c.rowid, rank.label("rank")).select_from(source).where(matches, *conditions)
        if cutoff is not None:
            ranked = ranked.where(fts.c.rowid > cutoff)
        rows = connection.execute(ranked.order_by(rank).limit(limit).offset(offset), {"match": match})
        page = [(row.rowid, -row.rank) for row in rows]
    except sa.exc.OperationalError as error:
        raise QueryError(f"search failed: {error.orig}") from None
    return page, rank_limit if cutoff is not None else None


def rank_postgres(
    connection: Connection,
    tsquery: str,
    params: dict[str, str],
    conditions: list[Any],
    limit: int,
    offset: int,
) -> list[tuple[int, float]]:
    search_vector: sa.ColumnClause[Any] = sa.column("search_vector")
    q = sa.text(f"SELECT {tsquery} AS query").bindparams(**params).columns(sa.column("query")).subquery("q")
    score = sa.func.ts_rank_cd(search_vector, q.c.query).label("score")
    ranked = (
        sa.select(documents.c.id, score)
        .select_from(documents.join(q, sa.true()))
        .where(search_vector.op("@@")(q.c.query), documents.c.is_current, *conditions)
        .order_by(sa.desc("score"), documents.c.id)
        .limit(limit)
        .offset(offset)
    )
    return [(row.id, float(row.score)) for row in connection.execute(ranked)]


HIT_COLUMNS = [
    documents.c.id,
    documents.c.title,
    documents.c.file_name,
    documents.c.doc_type,
    documents.c.date,
    documents.c.area,
    documents.c.issuer,
]


def read_hits(
    connection: Connection, ranked: list[tuple[int, float]], pattern: QueryPattern | None, snippets: bool
) -> tuple[SearchHit, ...]:
    """Ranked (document id, score) pairs as hits, in that order, with metadata and (with `snippets`) a
    snippet cut from each document's text."""
    columns = [*HIT_COLUMNS, documents.c.text] if snippets else HIT_COLUMNS
    rows = connection.execute(sa.select(*columns).where(documents.c.id.in_([id_ for id_, _ in ranked])))
    by_id = {row.id: row for row in rows}
    return tuple(_hit(by_id[id_], score, pattern) for id_, score in ranked)


def _hit(row: sa.Row[Any], score: float, pattern: QueryPattern | None) -> SearchHit:
    snippet, highlights = make_snippet(row.text, pattern) if "text" in row._fields else ("", ())
    return SearchHit(
        document_id=row.id,
        title=row.title,
        file_name=row.file_name,
        doc_type=row.doc_type,
        date=row.date,
        area=row.area,
        issuer=row.issuer,
        score=score,
        snippet=snippet,
        highlights=highlights,
    )


def filter_conditions(filters: DocumentFilter, dialect: str) -> Iterator[Any]:
    if filters.doc_type:
        types = [t.strip() for t in filters.doc_type.split(",") if t.strip()]
        unknown = [t for t in types if t not in DOC_TYPES]
        if unknown:
            raise QueryError(f"unknown document type {unknown[0]!r}; one of {', '.join(DOC_TYPES)}")
        yield documents.c.doc_type.in_(types)
    if filters.date_from:
        yield documents.c.date_end >= date_range(filters.date_from)[0]
    if filters.date_to:
        yield documents.c.date_start <= date_range(filters.date_to)[1]
    for column, value in ((documents.c.area, filters.area), (documents.c.issuer, filters.issuer)):
        if value:
            yield sa.func.lower(column).contains(value.lower(), autoescape=True)
    tagged = extractions.alias("tagged")  # its own name: the outer query may read extractions too
    for tags, value, key in (
        (tagged.c.themes, filters.theme, "id"),
        (tagged.c.agencies, filters.agency, None),
    ):
        if value:
            yield sa.exists().where(
                tagged.c.document_id == documents.c.id, json_list_has(tags, value, dialect, key)
            )


def json_list_has(column: Any, value: str, dialect: str, key: str | None = None) -> Any:
    """A condition: the JSON list in `column` holds `value` (or, with `key`, an object whose `key` is `value`).
    The same test in SQLite (json_each) and PostgreSQL (json_array_elements)."""
    member: Any
    if dialect == "sqlite":
        element = sa.func.json_each(column).table_valued("value", "type")
        member = element.c.value if key is None else sa.func.json_extract(element.c.value, f"$.{key}")
    else:
        function = sa.func.json_array_elements_text if key is None else sa.func.json_array_elements
        element = function(column).table_valued("value")
        member = element.c.value if key is None else element.c.value.op("->>")(key)
    return sa.exists(sa.select(sa.literal(1)).select_from(element).where(member == value))
