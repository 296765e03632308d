"""The Python API: `lessons.open(db)` returns a `Library`; the CLI and later the web app call only this."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from lessons import embeddings, recurrence
from lessons.accounts import Accounts
from lessons.errors import QueryError
from lessons.export import export_tables
from lessons.ingest import embed_batch, find_files, load_taxonomy, prepare_all
from lessons.models import (
    DocumentFilter,
    DocumentMetadata,
    ExtractResult,
    IngestReport,
    IngestResult,
    ItemFilter,
    PreparedDocument,
    SearchHit,
    SearchResults,
)
from lessons.settings import Settings
from lessons.store import Store
from lessons.store.extractions import item_columns
from lessons.themes import Taxonomy
from lessons.tracking.tracker import Tracker

log = logging.getLogger(__name__)

DOCUMENT_COLUMNS = [
    "id",
    "title",
    "file_name",
    "doc_type",
    "review_kind",
    "date",
    "issuer",
    "area",
    "format",
    "page_count",
    "char_count",
    "version",
    "is_current",
    "path",
    "content_hash",
    "size_bytes",
    "ingested_at",
    "warnings",
]


class Library:
    """A library of safeguarding documents in one database."""

    def __init__(self, settings: Settings, clock: Callable[[], date] = date.today) -> None:
        self.settings = settings
        load_taxonomy(settings.taxonomy)  # a bad taxonomy file stops here, before any file is read
        self.store = Store(settings.db, rank_limit=settings.rank_limit)
        self.tracker = Tracker(self.store, clock)  # responses, actions, evidence, links, overdue
        self.accounts = Accounts(self.store)  # users, sessions and API tokens for the web app

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- ingest -------------------------------------------------------------------------------------------

    def ingest(
        self,
        paths: Iterable[str | Path],
        metadata: DocumentMetadata | None = None,
        on_result: Callable[[IngestResult], None] | None = None,
    ) -> IngestReport:
        """Read, clean and store files and folders; returns what happened to each file."""
        results = []
        for result in self.ingest_iter(paths, metadata):
            results.append(result)
            if on_result is not None:
                on_result(result)
        return IngestReport(tuple(results))

    def ingest_iter(
        self, paths: Iterable[str | Path], metadata: DocumentMetadata | None = None
    ) -> Iterator[IngestResult]:
        """Results as files finish, stored in batches of `settings.batch_size` per commit. Once all are stored,
        new documents are linked to the documents they answer or share a review with (`Tracker.suggest_links`)."""
        batch: list[Any] = []
        stored: set[int] = set()
        for item in prepare_all(find_files(paths), self.settings, self.store.current_hashes()):
            if isinstance(item, IngestResult):
                _log_result(item)
                yield item
                continue
            batch.append(item)
            if len(batch) >= self.settings.batch_size:
                yield from self._store_batch(batch, metadata, stored)
                batch = []
        if batch:
            yield from self._store_batch(batch, metadata, stored)
        if stored:
            self.tracker.suggest_links(documents=stored)

    def _store_batch(
        self, batch: list[Any], metadata: DocumentMetadata | None, stored: set[int]
    ) -> Iterator[IngestResult]:
        if self.settings.embeddings and embeddings.available():
            batch = embed_batch(batch)
        for result in self.store.add_documents(batch, metadata):
            _log_result(result)
            if result.status in ("added", "new_version") and result.document_id is not None:
                stored.add(result.document_id)
            yield result

    def files(self, paths: Iterable[str | Path]) -> list[Path]:
        """The files `ingest` would read for these paths."""
        return list(find_files(paths))

    # --- read ---------------------------------------------------------------------------------------------

    def search(
        self,
        query: str,
        filters: DocumentFilter | None = None,
        limit: int = 20,
        offset: int = 0,
        snippets: bool = True,
    ) -> SearchResults:
        """Ranked documents with a highlighted snippet each (`snippets=False`: metadata only, faster)."""
        return self.store.search(query, filters, limit=limit, offset=offset, snippets=snippets)

    def with_snippets(self, query: str, hits: Sequence[SearchHit]) -> list[SearchHit]:
        """Hits from `search(..., snippets=False)` with their snippets, for the few to be shown."""
        return self.store.with_snippets(query, hits)

    def search_frame(
        self, query: str, filters: DocumentFilter | None = None, limit: int = 20
    ) -> pd.DataFrame:
        hits = self.search(query, filters, limit=limit)
        return pd.DataFrame([vars(hit) for hit in hits], columns=list(SearchHit.__dataclass_fields__))

    def documents(
        self,
        filters: DocumentFilter | None = None,
        all_versions: bool = False,
        ids: Collection[int] | None = None,
    ) -> pd.DataFrame:
        rows = self.store.documents(filters, all_versions=all_versions, ids=ids)
        frame = pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)
        return frame.astype({"page_count": "Int64"})  # text files have no pages: missing, not 0.0

    def type_year_counts(self) -> list[tuple[str | None, str | None, int]]:
        """(doc_type, year, documents) for the current documents, counted by the database."""
        return self.store.type_year_counts()

    def document(self, document_id: int) -> dict[str, Any]:
        """A document's metadata, clean text, pages and versions."""
        return self.store.document(document_id)

    def source_span(self, document_id: int, start: int, end: int) -> str:
        """The source text behind clean span [start, end) of a document."""
        source, offsets = self.store.source(document_id)
        source_start, source_end = offsets.span_to_source(start, end)
        return source[source_start:source_end]

    def extraction(self, document_id: int) -> dict[str, Any]:
        """What extraction found in a document: type and review kind (with confidence and evidence), date,
        issuer, addressee, area, subjects, PFD details, and lists of recommendations, concerns, actions and
        findings, each item with its span [start, end) in the clean text and its page."""
        return self.store.extraction(document_id)

    def recommendations(self, filters: DocumentFilter | None = None) -> pd.DataFrame:
        """Recommendations of the current documents: document_id, file_name, number, text, case, theme,
        start, end, page."""
        return self._items("recommendations", filters)

    def concerns(self, filters: DocumentFilter | None = None) -> pd.DataFrame:
        """Coroners' matters of concern: document_id, file_name, number, text, start, end, page."""
        return self._items("concerns", filters)

    def actions(self, filters: DocumentFilter | None = None) -> pd.DataFrame:
        """Actions taken or planned: document_id, file_name, text, status, owner, due, start, end, page."""
        return self._items("actions", filters)

    def findings(self, filters: DocumentFilter | None = None) -> pd.DataFrame:
        """Lessons and findings: document_id, file_name, kind, number, text, start, end, page."""
        return self._items("findings", filters)

    def _items(self, kind: str, filters: DocumentFilter | None) -> pd.DataFrame:
        frame = pd.DataFrame(self.store.items(kind, filters), columns=item_columns(kind))
        return frame.astype(
            {"id": "int64", "document_id": "int64", "start": "int64", "end": "int64", "page": "Int64"}
        )

    def item_page(
        self,
        kind: str,
        filters: ItemFilter | None = None,
        sort: str = "-date",
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[pd.DataFrame, int]:
        """A page of recommendations or concerns (the item's columns, then its document's title, doc_type,
        date and area and its tracked `response` status), sorted by `sort` (date, area, type, status or
        document; "-" first for descending), and how many match in all."""
        rows, total = self.store.item_page(kind, filters or ItemFilter(), sort, limit, offset)
        columns = [*item_columns(kind), "title", "doc_type", "date", "area", "response"]
        return pd.DataFrame(rows, columns=columns), total

    def theme_counts(
        self, filters: DocumentFilter | None = None, by: str | None = None, taxonomy: Taxonomy | None = None
    ) -> pd.DataFrame:
        """How many documents, recommendations and concerns each theme is found in, most first; with `by`
        ("year", "area" or "type") one row per theme and value."""
        taxonomy = taxonomy or Taxonomy.load()
        keys = {
            "year": lambda r: (r["date"] or "")[:4] or None,
            "area": lambda r: r["area"],
            "type": lambda r: r["doc_type"],
        }
        if by is not None and by not in keys:
            raise QueryError(f"cannot break down by {by!r}; one of year, area, type")
        counts: dict[tuple[str, Any], dict[str, int]] = {}
        for row in self.store.tagged(filters):
            group = keys[by](row) if by else None
            for theme_id in dict.fromkeys(row["themes"]):
                tally = counts.setdefault(
                    (theme_id, group), {"documents": 0, "recommendations": 0, "concerns": 0}
                )
                tally["documents" if row["kind"] == "document" else row["kind"]] += 1
        labels = {t.id: (t.label, t.group) for t in taxonomy.themes}
        records = [
            {
                "theme": theme_id,
                "label": labels.get(theme_id, ("", ""))[0],
                "group": labels.get(theme_id, ("", ""))[1],
                **({by: group} if by else {}),
                **tally,
            }
            for (theme_id, group), tally in counts.items()
        ]
        columns = [
            "theme",
            "label",
            "group",
            *([by] if by else []),
            "documents",
            "recommendations",
            "concerns",
        ]
        frame = pd.DataFrame(records, columns=columns)
        return frame.sort_values(
            ["recommendations", "documents", "theme"], ascending=[False, False, True], ignore_index=True
        )

    # --- similar items and recurring lessons --------------------------------------------------------------

    def similar(self, item: str | int, limit: int = 10, backend: str | None = None) -> dict[str, Any]:
        """A recommendation (42 or "r42") or concern ("c7") and its most similar recommendations and concerns
        in other documents: {"item": {...}, "backend": ..., "similar": [{..., "score"}]}, best first."""
        return recurrence.similar(self.store, str(item), limit, backend or self.settings.similarity)

    def embed(self) -> int:
        """Embed every recommendation and concern stored without a vector (ingested with embeddings off or
        before the extra was installed); similarity queries do this by themselves. Returns how many."""
        recurrence.resolve_backend("embeddings")
        return recurrence.embed_missing(self.store)

    def similar_frame(self, item: str | int, limit: int = 10, backend: str | None = None) -> pd.DataFrame:
        found = self.similar(item, limit, backend)["similar"]
        return pd.DataFrame(found, columns=[*SIMILAR_COLUMNS, "score"])

    def recurring(
        self,
        theme: str | None = None,
        min_reviews: int = 3,
        threshold: float | None = None,
        backend: str | None = None,
    ) -> list[dict[str, Any]]:
        """Clusters of near-equivalent recommendations and concerns made in at least `min_reviews` reviews,
        most widespread first: spread (reviews, areas, years, earliest, latest), representative and members."""
        if min_reviews < 1:
            raise QueryError("--min-reviews must be at least 1")
        return recurrence.recurring(
            self.store, theme, min_reviews, threshold, backend or self.settings.similarity
        )

    def recurring_frame(self, theme: str | None = None, min_reviews: int = 3, **options: Any) -> pd.DataFrame:
        """One row per cluster: cluster, size, reviews, areas, years, earliest, latest, themes, the
        representative's text and ids, and `members` (a list of item dicts)."""
        rows = [
            {
                **{k: v for k, v in c.items() if k != "representative"},
                "text": c["representative"]["text"],
                "kind": c["representative"]["kind"],
                "item_id": c["representative"]["id"],
                "document_id": c["representative"]["document_id"],
            }
            for c in self.recurring(theme, min_reviews, **options)
        ]
        columns = [*RECURRING_COLUMNS, "members"]
        return pd.DataFrame(rows, columns=columns)

    def set_metadata(self, document_id: int, metadata: DocumentMetadata) -> None:
        self.store.set_metadata(document_id, metadata)

    def export(self, fmt: str, out: Path, filters: DocumentFilter | None = None) -> list[Path]:
        """Write the documents and their extracted items: one file per table (CSV, JSON, Parquet) in the
        folder `out`, or one sheet per table in the workbook `out` (XLSX)."""
        tables = {"documents": self.documents(filters)}
        for kind in ITEM_KINDS:
            tables[kind] = self._items(kind, filters)
        return export_tables(tables, fmt, out)


ITEM_KINDS = ("recommendations", "concerns", "actions", "findings")
SIMILAR_COLUMNS = [*recurrence.BRIEF_FIELDS, "themes"]
RECURRING_COLUMNS = [
    "cluster",
    "size",
    "reviews",
    "areas",
    "years",
    "earliest",
    "latest",
    "themes",
    "text",
    "kind",
    "item_id",
    "document_id",
]


def extract_files(
    paths: Iterable[str | Path],
    out_dir: Path,
    settings: Settings | None = None,
    on_result: Callable[[ExtractResult], None] | None = None,
) -> list[ExtractResult]:
    """Read, clean and extract files and folders without a database, writing `out_dir/<file stem>.json` for
    each (the record of ../shared/eval/SCHEMA.md, with spans and confidences). Files that cannot be read
    fail with the same messages as `ingest`."""
    settings = settings or Settings.from_env()
    load_taxonomy(settings.taxonomy)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, str] = {}  # output name -> the file it came from: two files must not share one
    results = []
    for item in prepare_all(find_files(paths), settings, known_hashes=set()):
        result = _extract_result(item, out_dir, written)
        if result.status == "failed":
            log.warning("%s: %s", result.path, result.message)
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results


def _extract_result(
    item: PreparedDocument | IngestResult, out_dir: Path, written: dict[str, str]
) -> ExtractResult:
    if isinstance(item, IngestResult):
        return ExtractResult(item.path, "failed", message=item.message, warnings=item.warnings)
    target = out_dir / f"{Path(item.file_name).stem}.json"
    if target.name in written:
        message = f"its output {target.name} would overwrite that of {written[target.name]}"
        return ExtractResult(item.path, "failed", message=message)
    written[target.name] = item.path
    record = item.extraction.to_json(item.file_name)
    target.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return ExtractResult(item.path, "extracted", str(target), warnings=item.source.warnings)


def _log_result(result: IngestResult) -> None:
    if result.status == "failed":
        log.warning("%s: %s", result.path, result.message)
    for warning in result.warnings:
        log.warning("%s", warning)


def open_library(db: str | None = None, clock: Callable[[], date] = date.today, **settings: Any) -> Library:
    """Open (creating and migrating as needed) the library in `db`: a SQLite file path or postgresql:// URL."""
    return Library(Settings.from_env(db=db, **settings), clock)
