"""Typed records passed between the stages: reading -> cleaning -> storing -> searching."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, overload

from lessons.offsets import OffsetMap

if TYPE_CHECKING:  # extraction's records import `Page` from here; at run time the annotation is a string
    from lessons.extraction.records import Extraction

SourceFormat = Literal["pdf", "docx", "html", "txt", "md", "xlsx", "xls", "ods", "csv"]
IngestStatus = Literal["added", "new_version", "skipped", "failed"]
ExtractStatus = Literal["extracted", "failed"]


@dataclass(frozen=True)
class Page:
    """A page's span [start, end) in some text; `number` counts from 1."""

    number: int
    start: int
    end: int


@dataclass(frozen=True)
class Cell:
    """One table cell: its text, its span [start, end) in the text the table belongs to (the reader's text, then
    the clean text), and where it sits: `row` and `column` count from 0; a merged cell covers `row_span` rows
    and `column_span` columns from there."""

    text: str
    start: int
    end: int
    row: int
    column: int
    row_span: int = 1
    column_span: int = 1


@dataclass(frozen=True)
class Table:
    """A table as the file holds it (a Word table, a sheet, a PDF table): each cell once, merged cells with
    their spans; `page` where the file has pages, `name` a sheet's name."""

    cells: tuple[Cell, ...]
    page: int | None = None
    name: str | None = None

    def grid(self) -> list[list[Cell | None]]:
        """Rows of cells by position: a merged cell fills every position it covers; None where a row is short."""
        if not self.cells:
            return []
        rows = max(c.row + c.row_span for c in self.cells)
        columns = max(c.column + c.column_span for c in self.cells)
        grid: list[list[Cell | None]] = [[None] * columns for _ in range(rows)]
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.row_span):
                for k in range(cell.column, cell.column + cell.column_span):
                    grid[r][k] = cell
        return grid


def tables_to_json(tables: Sequence[Table]) -> list[dict[str, Any]]:
    """Tables as plain JSON: each cell as [text, start, end, row, column, row_span, column_span]."""
    return [
        {
            "page": t.page,
            "name": t.name,
            "cells": [[c.text, c.start, c.end, c.row, c.column, c.row_span, c.column_span] for c in t.cells],
        }
        for t in tables
    ]


def tables_from_json(stored: Sequence[dict[str, Any]]) -> tuple[Table, ...]:
    return tuple(
        Table(tuple(Cell(*cell) for cell in t["cells"]), page=t.get("page"), name=t.get("name"))
        for t in stored
    )


@dataclass(frozen=True)
class SourceText:
    """What a reader got out of a file, before cleaning. PDF pages are separated by form feeds."""

    text: str
    format: SourceFormat
    pages: tuple[Page, ...] = ()
    title: str | None = None
    warnings: tuple[str, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)
    tables: tuple[Table, ...] = ()  # cell spans in `text`


@dataclass(frozen=True)
class CleanText:
    """Plain text for search and extraction, with the map back to the source text and page spans."""

    text: str
    offsets: OffsetMap
    pages: tuple[Page, ...] = ()
    tables: tuple[Table, ...] = ()  # cell spans in the clean text

    def page_at(self, offset: int) -> int | None:
        """The page number holding clean offset `offset`, where pages are known."""
        for page in self.pages:
            if page.start <= offset < page.end:
                return page.number
        return None


@dataclass(frozen=True)
class PreparedDocument:
    """A file read, cleaned and extracted, ready to be stored (with its extraction) in one transaction."""

    path: str
    file_name: str
    content_hash: str
    size_bytes: int
    source: SourceText
    clean: CleanText
    title: str | None
    extraction: Extraction
    # One unit vector per recommendation and per concern, in order ({"recommendations": (n, 384) array, ...});
    # None when the embeddings extra is not installed or embedding is turned off.
    vectors: dict[str, Any] | None = None


@dataclass(frozen=True)
class DocumentMetadata:
    """What users (or, later, extraction) say about a document; used by filters."""

    doc_type: str | None = None
    review_kind: str | None = None
    date: str | None = None
    issuer: str | None = None
    area: str | None = None


DOC_TYPES = (
    "pfd_report",
    "pfd_response",
    "review_report",
    "review_summary",
    "board_response",
    "press_statement",
    "other",
)


@dataclass(frozen=True)
class DocumentFilter:
    """Filters shared by search and listing. Dates are partial ISO strings; area and issuer match a part;
    theme (a theme id) and agency (an agency id) keep documents tagged with it."""

    doc_type: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    area: str | None = None
    issuer: str | None = None
    theme: str | None = None
    agency: str | None = None


ITEM_SORTS = ("date", "area", "type", "status", "document")  # how a page of items may be sorted


@dataclass(frozen=True)
class ItemFilter:
    """Filters for recommendations and concerns: their document's (`documents`), the item's own theme or
    agency tags, and the tracked response's status ("none" for items with no response)."""

    documents: DocumentFilter = DocumentFilter()
    theme: str | None = None
    agency: str | None = None
    status: str | None = None


@dataclass(frozen=True)
class IngestResult:
    path: str
    status: IngestStatus
    document_id: int | None = None
    message: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExtractResult:
    """What `extract_files` did with one file: `output` is the JSON file written."""

    path: str
    status: ExtractStatus
    output: str | None = None
    message: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class IngestReport:
    results: tuple[IngestResult, ...]

    def count(self, status: IngestStatus) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> tuple[IngestResult, ...]:
        return tuple(r for r in self.results if r.status == "failed")


@dataclass(frozen=True)
class SearchResults(Sequence["SearchHit"]):
    """A page of ranked hits; a sequence like a list. `ranked_within` is set when the query matched more
    documents than are ranked (the newest that many matches were ranked): narrow the query or add filters."""

    hits: tuple[SearchHit, ...]
    ranked_within: int | None = None

    def __len__(self) -> int:
        return len(self.hits)

    @overload
    def __getitem__(self, index: int) -> SearchHit: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[SearchHit]: ...
    def __getitem__(self, index: int | slice) -> SearchHit | Sequence[SearchHit]:
        return self.hits[index]


@dataclass(frozen=True)
class SearchHit:
    """One ranked result. `highlights` are [start, end) spans of matched words inside `snippet`."""

    document_id: int
    title: str | None
    file_name: str
    doc_type: str | None
    date: str | None
    area: str | None
    issuer: str | None
    score: float
    snippet: str
    highlights: tuple[tuple[int, int], ...]
