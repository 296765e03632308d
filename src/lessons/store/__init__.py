"""Storage at the edge: the one object that owns the connection, the schema, migrations and full-text search.

SQLite (a file path) and PostgreSQL (a postgresql:// URL) differ only inside this module.
"""

from __future__ import annotations

import zlib
from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection, Engine

from lessons.dates import date_range
from lessons.errors import NotFound, QueryError, StoreError
from lessons.models import (
    DOC_TYPES,
    ITEM_SORTS,
    DocumentFilter,
    DocumentMetadata,
    IngestResult,
    IngestStatus,
    ItemFilter,
    Page,
    PreparedDocument,
    SearchHit,
    SearchResults,
    tables_from_json,
    tables_to_json,
)
from lessons.offsets import OffsetMap
from lessons.store import accounts, tracking, vectors
from lessons.store.extractions import (
    METADATA_FIELDS,
    extracted_metadata,
    item_query,
    read_extraction,
    write_extraction,
)
from lessons.store.query import parse_query, to_fts5, to_tsquery_sql
from lessons.store.schema import (
    ITEM_TABLES,
    document_sources,
    documents,
    extractions,
    links,
    pages,
    responses,
)
from lessons.store.search import (
    filter_conditions,
    json_list_has,
    rank_postgres,
    rank_sqlite,
    read_hits,
)
from lessons.store.snippets import positive_terms, query_pattern

MIGRATIONS = Path(__file__).parent / "migrations"
LISTED_COLUMNS = [c for c in documents.c if c.name not in ("text", "user_metadata")]


def database_url(db: str) -> str:
    """A SQLAlchemy URL for `--db`: a file path means SQLite, a postgresql:// URL means PostgreSQL."""
    if db.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    if "://" in db:
        return db
    path = Path(db).expanduser().resolve()
    if not path.parent.is_dir():
        raise StoreError(f"{db}: folder {path.parent} does not exist")
    return f"sqlite:///{path}"


class Store:
    def __init__(self, db: str, rank_limit: int = 5_000) -> None:
        self.url = database_url(db)
        self.rank_limit = rank_limit
        try:
            self.engine = _create_engine(self.url)
            self._migrate()
        except sa.exc.OperationalError as error:
            raise StoreError(f"cannot open database {db}: {error.orig}") from None
        except sa.exc.DatabaseError as error:
            raise StoreError(f"cannot use database {db}: {error.orig}") from None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def _migrate(self) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            if self.dialect == "postgresql":  # one migrator at a time
                connection.execute(sa.text("SELECT pg_advisory_xact_lock(2026112101)"))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    # --- writing ------------------------------------------------------------------------------------------

    def current_hashes(self) -> set[str]:
        with self.engine.connect() as connection:
            query = sa.select(documents.c.content_hash).where(documents.c.is_current)
            return set(connection.scalars(query))

    def add_documents(
        self, batch: Sequence[PreparedDocument], metadata: DocumentMetadata | None = None
    ) -> list[IngestResult]:
        """Store a batch in one commit, each document inside its own savepoint: a document and its extraction
        are written whole or not at all, and one failure does not undo the others. `metadata` (what the user
        says) wins over what extraction found."""
        results = []
        with self.engine.begin() as connection:
            for prepared in batch:
                try:
                    with connection.begin_nested():
                        results.append(_add_document(connection, prepared, metadata))
                except sa.exc.IntegrityError as error:
                    # Another writer may have stored the same file since we looked: then it is present now.
                    existing = _current_with_hash(connection, prepared.content_hash)
                    if existing is not None:
                        results.append(IngestResult(prepared.path, "skipped", existing, "already present"))
                    else:
                        results.append(_refused(prepared, error))
                except sa.exc.DBAPIError as error:
                    results.append(_refused(prepared, error))
        return results

    def set_metadata(self, document_id: int, metadata: DocumentMetadata) -> None:
        """Say what a document is; it wins over extraction, now and for the document's later versions."""
        given = _given_metadata(metadata)
        if not given:
            return
        with self.engine.begin() as connection:
            row = connection.execute(sa.select(documents).where(documents.c.id == document_id)).first()
            if row is None:
                raise NotFound(f"no document {document_id}")
            given = {**_user_metadata(row), **given}
            connection.execute(
                documents.update()
                .where(documents.c.id == document_id)
                .values(**_metadata_columns(given), user_metadata=given)
            )

    # --- reading ------------------------------------------------------------------------------------------

    def documents(
        self,
        filters: DocumentFilter | None = None,
        all_versions: bool = False,
        ids: Collection[int] | None = None,
    ) -> list[dict[str, Any]]:
        query = sa.select(*LISTED_COLUMNS).order_by(documents.c.id)
        if not all_versions:
            query = query.where(documents.c.is_current)
        if ids is not None:
            query = query.where(documents.c.id.in_(list(ids)))
        for condition in filter_conditions(filters or DocumentFilter(), self.dialect):
            query = query.where(condition)
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    def document(self, document_id: int) -> dict[str, Any]:
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(documents).where(documents.c.id == document_id)).first()
            if row is None:
                raise NotFound(f"no document {document_id}")
            record = dict(row._mapping)
            record["pages"] = [
                Page(r.number, r.start, r.end)
                for r in connection.execute(
                    sa.select(pages).where(pages.c.document_id == document_id).order_by(pages.c.number)
                )
            ]
            stored = connection.scalar(
                sa.select(document_sources.c.tables).where(document_sources.c.document_id == document_id)
            )
            record["tables"] = tables_from_json(stored or [])
            versions = sa.select(documents.c.id, documents.c.version, documents.c.is_current)
            record["versions"] = [
                dict(r._mapping)
                for r in connection.execute(
                    versions.where(documents.c.path == record["path"]).order_by(documents.c.version)
                )
            ]
        return record

    def source(self, document_id: int) -> tuple[str, OffsetMap]:
        """The reader's text before cleaning and the map from clean offsets into it."""
        with self.engine.connect() as connection:
            row = connection.execute(
                sa.select(document_sources).where(document_sources.c.document_id == document_id)
            ).first()
        if row is None:
            raise NotFound(f"no document {document_id}")
        return zlib.decompress(row.source_text).decode("utf-8"), OffsetMap.from_json(row.offset_map)

    def extraction(self, document_id: int) -> dict[str, Any]:
        """What extraction found in a document: its document-level fields and a list of each kind of item
        (recommendations, concerns, actions, findings), each item with its span."""
        with self.engine.connect() as connection:
            if connection.scalar(sa.select(documents.c.id).where(documents.c.id == document_id)) is None:
                raise NotFound(f"no document {document_id}")
            return read_extraction(connection, document_id)

    def items(self, kind: str, filters: DocumentFilter | None = None) -> list[dict[str, Any]]:
        """Extracted items of one kind (recommendations, concerns, actions or findings) of the current
        documents that pass the filters, with document id, file name and span."""
        if kind not in ITEM_TABLES:
            raise QueryError(f"unknown kind of item {kind!r}; one of {', '.join(ITEM_TABLES)}")
        query = item_query(kind).where(documents.c.is_current)
        for condition in filter_conditions(filters or DocumentFilter(), self.dialect):
            query = query.where(condition)
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    def item_page(self, kind: str, filters: ItemFilter, sort: str = "-date", limit: int = 50,
                  offset: int = 0) -> tuple[list[dict[str, Any]], int]:  # fmt: skip
        """A page of recommendations or concerns of current documents, with their document's title, type,
        date and area and the tracked response's status, and how many match in all. `sort` is one of
        ITEM_SORTS, with "-" first for descending."""
        table = ITEM_TABLES[kind]
        if kind not in ("recommendations", "concerns"):
            raise QueryError(f"cannot page {kind}; recommendations or concerns")
        key = sort.lstrip("-")
        if key not in ITEM_SORTS:
            raise QueryError(f"cannot sort by {key!r}; one of {', '.join(ITEM_SORTS)}")
        response = responses.c.status.label("response")
        answered = responses.c.item_kind == kind[:-1], responses.c.item_id == table.c.id, ~responses.c.deleted
        source = item_query(kind).outerjoin(responses, sa.and_(*answered))
        conditions = [documents.c.is_current, *filter_conditions(filters.documents, self.dialect)]
        for column, value, tag_key in (
            (table.c.themes, filters.theme, "id"),
            (table.c.agencies, filters.agency, None),
        ):
            if value:
                conditions.append(json_list_has(column, value, self.dialect, tag_key))
        if filters.status == "none":
            conditions.append(responses.c.id.is_(None))
        elif filters.status:
            conditions.append(responses.c.status == filters.status)
        column = {"date": documents.c.date_start, "area": documents.c.area, "type": documents.c.doc_type,
                  "status": responses.c.status, "document": documents.c.id}[key]  # fmt: skip
        order = column.desc().nulls_last() if sort.startswith("-") else column.asc().nulls_last()
        query = (
            source.add_columns(
                documents.c.title, documents.c.doc_type, documents.c.date, documents.c.area, response
            )
            .where(*conditions)
            .order_by(None)
            .order_by(order, table.c.document_id, table.c.position)
            .limit(limit)
            .offset(offset)
        )
        count = source.with_only_columns(sa.func.count()).order_by(None).where(*conditions)
        with self.engine.connect() as connection:
            rows = [dict(row._mapping) for row in connection.execute(query)]
            return rows, int(connection.scalar(count) or 0)

    def tagged(self, filters: DocumentFilter | None = None) -> list[dict[str, Any]]:
        """For the current documents that pass the filters: each document's, recommendation's and concern's
        theme ids, with the document's type, date and area (for counts by theme)."""
        conditions = [documents.c.is_current, *filter_conditions(filters or DocumentFilter(), self.dialect)]
        context = (documents.c.id, documents.c.doc_type, documents.c.date, documents.c.area)
        rows: list[dict[str, Any]] = []
        with self.engine.connect() as connection:
            for kind, table in (
                ("document", extractions),
                *((k, ITEM_TABLES[k]) for k in ("recommendations", "concerns")),
            ):
                query = (
                    sa.select(*context, table.c.themes)
                    .select_from(table.join(documents, documents.c.id == table.c.document_id))
                    .where(*conditions)
                )
                for row in connection.execute(query):
                    themes = [t["id"] for t in row.themes or []]
                    rows.append(
                        {
                            "kind": kind,
                            "document_id": row.id,
                            "doc_type": row.doc_type,
                            "date": row.date,
                            "area": row.area,
                            "themes": themes,
                        }
                    )
        return rows

    def link_fields(self, doc_types: Sequence[str]) -> list[dict[str, Any]]:
        """What linking documents needs of each current document of these types, in one query: the document's
        own date, area, issuer and review kind (as users corrected them), the extraction's subjects and PFD
        fields, and the first 5,000 characters of its text (where a judiciary reference appears)."""
        query = (
            sa.select(
                documents.c.id,
                documents.c.doc_type,
                documents.c.date,
                documents.c.area,
                documents.c.issuer,
                documents.c.review_kind,
                sa.func.substr(documents.c.text, 1, 5_000).label("opening"),
                extractions.c.subjects,
                extractions.c.addressee,
                extractions.c.coroner,
                extractions.c.deceased,
                extractions.c.recipients,
                extractions.c.response_due,
                extractions.c.report_date,
            )
            .select_from(documents.outerjoin(extractions, extractions.c.document_id == documents.c.id))
            .where(documents.c.is_current, documents.c.doc_type.in_(list(doc_types)))
            .order_by(documents.c.id)
        )
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    # --- tracking (see store/tracking.py) ----------------------------------------------------------------

    def track_create(self, entity: str, values: dict[str, Any], who: str) -> int:
        with self.engine.begin() as connection:
            return tracking.create(connection, entity, values, who, datetime.now(UTC))

    def track_update(
        self,
        entity: str,
        row_id: int,
        version: int,
        changes: dict[str, Any],
        who: str,
        change: str = "update",
    ) -> dict[str, Any]:
        with self.engine.begin() as connection:
            return tracking.update(
                connection, entity, row_id, version, changes, who, datetime.now(UTC), change
            )

    def track_apply(self, changes: list[tracking.TrackChange], who: str) -> list[int]:
        """All the changes or none (one transaction): the ids of the rows created or changed."""
        with self.engine.begin() as connection:
            return tracking.apply(connection, changes, who, datetime.now(UTC))

    def track_read(self, entity: str, row_id: int) -> dict[str, Any]:
        with self.engine.connect() as connection:
            return tracking.read(connection, entity, row_id)

    def track_rows(self, entity: str, **equal: Any) -> list[dict[str, Any]]:
        """Rows of one kind that are not deleted, where each named column equals the value given."""
        with self.engine.connect() as connection:
            return tracking.rows(connection, entity, equal)

    def actions_due(self, prefix: str) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            return tracking.actions_due(connection, prefix)

    def audit_trail(self, entity: str | None = None, row_id: int | None = None) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            return tracking.audit_trail(connection, entity, row_id)

    # --- accounts (see store/accounts.py) ---------------------------------------------------------------

    def add_user(self, username: str, password_hash: str, role: str) -> int:
        with self.engine.begin() as connection:
            return accounts.add_user(connection, username, password_hash, role, datetime.now(UTC))

    def user(self, username: str) -> dict[str, Any] | None:
        with self.engine.connect() as connection:
            return accounts.user(connection, username)

    def users(self) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            return accounts.all_users(connection)

    def remove_user(self, username: str) -> bool:
        with self.engine.begin() as connection:
            return accounts.remove_user(connection, username)

    def add_session(self, digest: str, user_id: int, csrf: str, expires: datetime) -> None:
        with self.engine.begin() as connection:
            accounts.add_session(connection, digest, user_id, csrf, datetime.now(UTC), expires)

    def session_user(self, digest: str) -> dict[str, Any] | None:
        with self.engine.connect() as connection:
            return accounts.session_user(connection, digest, datetime.now(UTC))

    def remove_session(self, digest: str) -> None:
        with self.engine.begin() as connection:
            accounts.remove_session(connection, digest)

    def add_token(self, user_id: int, name: str, digest: str) -> int:
        with self.engine.begin() as connection:
            return accounts.add_token(connection, user_id, name, digest, datetime.now(UTC))

    def token_user(self, digest: str) -> dict[str, Any] | None:
        with self.engine.connect() as connection:
            return accounts.token_user(connection, digest)

    # --- item vectors (see store/vectors.py) ----------------------------------------------------------------

    def vector_stamp(self) -> tuple[int | str, ...]:
        with self.engine.connect() as connection:
            return vectors.stamp(connection)

    def unembedded(self, limit: int = 1_000) -> list[tuple[int, int, str]]:
        with self.engine.connect() as connection:
            return vectors.unembedded(connection, limit)

    def write_vectors(self, items: list[tuple[int, int]], matrix: np.ndarray) -> None:
        with self.engine.begin() as connection:
            vectors.write_vectors(connection, items, matrix)

    def read_vectors(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        with self.engine.connect() as connection:
            return vectors.read_vectors(connection)

    def item_context(self, ids: dict[int, list[int]] | None = None) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            return vectors.item_context(connection, ids)

    def stamp(self) -> tuple[Any, ...]:
        """Changes whenever documents are added or replaced or links change: a cheap key for caching figures
        computed over the whole library (a change of metadata alone does not change it)."""
        with self.engine.connect() as connection:
            # Documents are never deleted and a new version gets a new id: the highest id is enough.
            docs = connection.execute(sa.select(sa.func.max(documents.c.id))).one()
            link_rows = connection.execute(
                sa.select(sa.func.count(), sa.func.max(links.c.updated_at)).select_from(links)
            ).one()
        return (*docs, *link_rows)

    def type_year_counts(self) -> list[tuple[str | None, str | None, int]]:
        """(doc_type, year, documents) for the current documents, counted in the database."""
        year = sa.func.substr(documents.c.date, 1, 4)
        query = (
            sa.select(documents.c.doc_type, year, sa.func.count())
            .where(documents.c.is_current)
            .group_by(documents.c.doc_type, year)
        )
        with self.engine.connect() as connection:
            return [(row[0], row[1], int(row[2])) for row in connection.execute(query)]

    def count(self) -> int:
        with self.engine.connect() as connection:
            query = sa.select(sa.func.count()).select_from(documents).where(documents.c.is_current)
            return int(connection.scalar(query) or 0)

    # --- search -------------------------------------------------------------------------------------------

    def search(
        self,
        query: str,
        filters: DocumentFilter | None = None,
        limit: int = 20,
        offset: int = 0,
        snippets: bool = True,
    ) -> SearchResults:
        """Ranked hits: each engine ranks with its own index; the page of hits then gets its metadata and a
        snippet, built the same way for both engines (without `snippets`, hits carry an empty snippet: for
        counting matches by type, year or area without reading their texts)."""
        tree = parse_query(query)
        conditions = list(filter_conditions(filters or DocumentFilter(), self.dialect))
        with self.engine.connect() as connection:
            if self.dialect == "sqlite":
                page, ranked_within = rank_sqlite(
                    connection, to_fts5(tree), conditions, limit, offset, self.rank_limit
                )
            else:
                params: dict[str, str] = {}
                page = rank_postgres(
                    connection, to_tsquery_sql(tree, params), params, conditions, limit, offset
                )
                ranked_within = None
            if not page:
                return SearchResults((), ranked_within)
            pattern = query_pattern(positive_terms(tree)) if snippets else None
            return SearchResults(read_hits(connection, page, pattern, snippets), ranked_within)

    def with_snippets(self, query: str, hits: Sequence[SearchHit]) -> list[SearchHit]:
        """Hits found without snippets (`search(snippets=False)`), now with them: one read of their texts."""
        pattern = query_pattern(positive_terms(parse_query(query)))
        with self.engine.connect() as connection:
            return list(read_hits(connection, [(h.document_id, h.score) for h in hits], pattern, True))


def _create_engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True)
    engine = sa.create_engine(url)

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, control transactions, so savepoints work.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            "synchronous=NORMAL",
            "foreign_keys=ON",
            "busy_timeout=30000",
            "cache_size=-65536",  # 64 MB: FTS5 segment merges during large ingests stay in memory
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _refused(prepared: PreparedDocument, error: sa.exc.DBAPIError) -> IngestResult:
    message = str(error.orig).strip().splitlines()[0]
    return IngestResult(prepared.path, "failed", None, f"database refused it: {message}")


def _current_with_hash(connection: Connection, content_hash: str) -> int | None:
    return connection.scalar(_CURRENT_WITH_HASH, {"content_hash": content_hash})


# Statements built once: building one per document cost more than running it (SQLAlchemy's cache keys).
_INSERT_DOCUMENT = documents.insert().returning(documents.c.id)
_INSERT_SOURCE = document_sources.insert()
_INSERT_PAGES = pages.insert()
_CURRENT_AT_PATH = sa.select(documents).where(
    documents.c.path == sa.bindparam("path"), documents.c.is_current
)
_CURRENT_WITH_HASH = sa.select(documents.c.id).where(
    documents.c.content_hash == sa.bindparam("content_hash"), documents.c.is_current
)


def _add_document(
    connection: Connection, prepared: PreparedDocument, metadata: DocumentMetadata | None
) -> IngestResult:
    existing = _current_with_hash(connection, prepared.content_hash)
    if existing is not None:
        return IngestResult(prepared.path, "skipped", existing, "already present")
    previous = connection.execute(_CURRENT_AT_PATH, {"path": prepared.path}).first()
    given: dict[str, str] = {}
    if previous is not None:
        connection.execute(documents.update().where(documents.c.id == previous.id).values(is_current=False))
        # A new version keeps what users said about the old one unless told otherwise; what extraction found
        # in the old one is not carried over, as the new text is extracted afresh.
        given = _user_metadata(previous)
    given.update(_given_metadata(metadata))
    found = extracted_metadata(prepared.extraction)
    clean = prepared.clean
    row = {
        "path": prepared.path,
        "file_name": prepared.file_name,
        "format": prepared.source.format,
        "content_hash": prepared.content_hash,
        "size_bytes": prepared.size_bytes,
        "version": previous.version + 1 if previous is not None else 1,
        "is_current": True,
        "title": prepared.title,
        "page_count": len(clean.pages) or None,
        "char_count": len(clean.text),
        "text": clean.text,
        "warnings": [*prepared.source.warnings, *prepared.extraction.notes],
        "meta": prepared.source.meta,
        "ingested_at": datetime.now(UTC),
        "user_metadata": given,
        **_metadata_columns({**found, **given}),
    }
    document_id = connection.execute(_INSERT_DOCUMENT, row).scalar_one()
    connection.execute(
        _INSERT_SOURCE,
        {
            "document_id": document_id,
            "source_text": zlib.compress(prepared.source.text.encode("utf-8"), 1),
            "offset_map": clean.offsets.to_json(),
            "tables": tables_to_json(clean.tables) or None,
        },
    )
    if clean.pages:
        connection.execute(
            _INSERT_PAGES,
            [
                {"document_id": document_id, "number": p.number, "start": p.start, "end": p.end}
                for p in clean.pages
            ],
        )
    write_extraction(connection, document_id, prepared.extraction, prepared.vectors)
    tracking.seed_actions(connection, document_id, datetime.now(UTC))
    status: IngestStatus = "new_version" if previous is not None else "added"
    warnings = (*prepared.source.warnings, *prepared.extraction.notes)
    return IngestResult(prepared.path, status, document_id, None, warnings)


def _given_metadata(metadata: DocumentMetadata | None) -> dict[str, str]:
    """The fields a user set, checked."""
    if metadata is None:
        return {}
    if metadata.doc_type is not None and metadata.doc_type not in DOC_TYPES:
        raise QueryError(f"unknown document type {metadata.doc_type!r}; one of {', '.join(DOC_TYPES)}")
    if metadata.date is not None:
        date_range(metadata.date)
    return {k: getattr(metadata, k) for k in METADATA_FIELDS if getattr(metadata, k) is not None}


def _user_metadata(row: sa.Row[Any]) -> dict[str, str]:
    """What users said about a stored document. Documents stored before extraction existed have no record
    of it: all their metadata came from users."""
    if row.user_metadata is not None:
        return dict(row.user_metadata)
    return {k: getattr(row, k) for k in METADATA_FIELDS if getattr(row, k) is not None}


def _metadata_columns(fields: dict[str, str]) -> dict[str, Any]:
    """Documents columns for metadata fields, with the day range a date covers for date filters."""
    values: dict[str, Any] = dict(fields)
    if fields.get("date") is not None:
        values["date_start"], values["date_end"] = date_range(fields["date"])
    return values
