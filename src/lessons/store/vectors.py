"""Item vectors: reading the stored embeddings of current documents' recommendations and concerns, finding the
items not yet embedded, and writing their vectors. Only `Store` calls these.

Items are keyed by a kind code (KINDS) and their id, so one index holds recommendations and concerns together.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from lessons.store.extractions import to_blob
from lessons.store.schema import concerns, documents, extractions, recommendations

KINDS = ("recommendations", "concerns")  # kind code = index here
TABLES = {"recommendations": recommendations, "concerns": concerns}
DIM = 384


def stamp(connection: Connection) -> tuple[int | str, ...]:
    """Changes whenever a document, version, recommendation or concern is added (each is a new row id), so a
    saved index built from an older stamp is out of date. The newest document's content hash tells a database
    recreated with as many rows from the one the index was built on. Cheap: each is an index lookup."""
    newest = connection.execute(
        sa.select(documents.c.id, documents.c.content_hash).order_by(documents.c.id.desc()).limit(1)
    ).first()
    items = (
        int(connection.scalar(sa.select(sa.func.coalesce(sa.func.max(t.c.id), 0))) or 0)
        for t in (recommendations, concerns)
    )
    return (newest.id, newest.content_hash, *items) if newest else (0, "", *items)


def unembedded(connection: Connection, limit: int) -> list[tuple[int, int, str]]:
    """Up to `limit` items with no vector: (kind code, id, text), through the partial index on missing vectors."""
    found: list[tuple[int, int, str]] = []
    for code, kind in enumerate(KINDS):
        table = TABLES[kind]
        query = (
            sa.select(table.c.id, table.c.text).where(table.c.embedding.is_(None)).limit(limit - len(found))
        )
        found.extend((code, row.id, row.text) for row in connection.execute(query))
        if len(found) >= limit:
            break
    return found


def write_vectors(connection: Connection, items: list[tuple[int, int]], vectors: np.ndarray) -> None:
    for code, kind in enumerate(KINDS):
        table = TABLES[kind]
        values = [
            {"item_id": item_id, "embedding": to_blob(vector)}
            for (c, item_id), vector in zip(items, vectors, strict=True)
            if c == code
        ]
        if values:
            statement = table.update().where(table.c.id == sa.bindparam("item_id"))
            connection.execute(statement.values(embedding=sa.bindparam("embedding")), values)


def read_vectors(connection: Connection, chunk: int = 50_000) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(keys (n, 2): kind code and id; document ids; vectors (n, DIM) float32) of every embedded item of a
    current document, read in chunks so memory holds the result and one chunk of rows."""
    keys: list[np.ndarray] = []
    owners: list[np.ndarray] = []
    blocks: list[np.ndarray] = []
    for code, kind in enumerate(KINDS):
        for rows in _chunks(connection, TABLES[kind], chunk):
            keys.append(np.array([(code, r[0]) for r in rows], dtype=np.int64).reshape(-1, 2))
            owners.append(np.array([r[1] for r in rows], dtype=np.int64))
            blocks.append(np.frombuffer(b"".join(r[2] for r in rows), dtype="<f4").reshape(-1, DIM))
    if not keys:
        return np.zeros((0, 2), np.int64), np.zeros(0, np.int64), np.zeros((0, DIM), np.float32)
    return np.concatenate(keys), np.concatenate(owners), np.concatenate(blocks).astype(np.float32, copy=False)


def _chunks(connection: Connection, table: sa.Table, size: int) -> Iterator[Sequence[Any]]:
    last = 0
    while True:
        query = (
            sa.select(table.c.id, table.c.document_id, table.c.embedding)
            .join(documents, documents.c.id == table.c.document_id)
            .where(documents.c.is_current, table.c.embedding.is_not(None), table.c.id > last)
            .order_by(table.c.id)
            .limit(size)
        )
        rows = connection.execute(query).all()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def item_context(connection: Connection, ids: dict[int, list[int]] | None = None) -> list[dict[str, Any]]:
    """Recommendations and concerns of current documents (all, or those whose ids are given per kind code) with
    what is needed to show and group them: text, number, theme ids, and their document's file name, title,
    type, date, area, issuer and subjects."""
    records: list[dict[str, Any]] = []
    for code, kind in enumerate(KINDS):
        table = TABLES[kind]
        if ids is not None and not ids.get(code):
            continue
        query = (
            sa.select(
                table.c.id,
                table.c.document_id,
                table.c.number,
                table.c.text,
                table.c.start,
                table.c.end,
                table.c.page,
                table.c.themes,
                documents.c.file_name,
                documents.c.title,
                documents.c.doc_type,
                documents.c.date,
                documents.c.area,
                documents.c.issuer,
                extractions.c.subjects,
            )
            .select_from(
                table.join(documents, documents.c.id == table.c.document_id).outerjoin(
                    extractions, extractions.c.document_id == table.c.document_id
                )
            )
            .where(documents.c.is_current)
            .order_by(table.c.id)
        )
        if ids is not None:
            query = query.where(table.c.id.in_(ids[code]))
        for row in connection.execute(query):
            record = dict(row._mapping)
            record["kind"] = kind[:-1]
            record["kind_code"] = code
            record["themes"] = [t["id"] for t in row.themes or []]
            record["subjects"] = list(row.subjects or [])
            records.append(record)
    return records
