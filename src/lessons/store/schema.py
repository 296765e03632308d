"""The one schema definition both SQLite and PostgreSQL use (migrations create it; tests compare them).

Full-text indexes are engine-specific and live only in the migrations: an FTS5 table on SQLite, a generated
`tsvector` column with a GIN index on PostgreSQL.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("format", sa.String(8), nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("size_bytes", sa.BigInteger, nullable=False),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    sa.Column("is_current", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("title", sa.Text),
    sa.Column("doc_type", sa.String(32)),
    sa.Column("review_kind", sa.String(32)),
    sa.Column("date", sa.String(10)),  # at the document's own precision: YYYY, YYYY-MM or YYYY-MM-DD
    sa.Column("date_start", sa.Date),  # the first and last day that precision covers, for date filters
    sa.Column("date_end", sa.Date),
    sa.Column("issuer", sa.Text),
    sa.Column("area", sa.Text),
    sa.Column("page_count", sa.Integer),
    sa.Column("char_count", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("warnings", sa.JSON, nullable=False),
    sa.Column("meta", sa.JSON, nullable=False),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_documents_content_hash", "content_hash"),
    sa.Index("ix_documents_path", "path"),
    sa.Index(
        "uq_documents_current_path",
        "path",
        unique=True,
        sqlite_where=sa.text("is_current"),
        postgresql_where=sa.text("is_current"),
    ),
    sa.Index("ix_documents_doc_type", "doc_type"),
    sa.Index("ix_documents_date_start", "date_start"),
)

document_sources = sa.Table(
    "document_sources",
    metadata,
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("source_text", sa.LargeBinary, nullable=False),  # zlib-compressed UTF-8 of the reader's text
    sa.Column("offset_map", sa.JSON, nullable=False),  # clean offset -> source offset runs
)

pages = sa.Table(
    "pages",
    metadata,
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("number", sa.Integer, primary_key=True),
    sa.Column("start", sa.Integer, nullable=False),  # [start, end) in the clean text
    sa.Column("end", sa.Integer, nullable=False),
)
