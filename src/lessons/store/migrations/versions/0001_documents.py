"""Documents, their source text and offset maps, pages, and each engine's full-text index.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# The FTS5 index holds current versions only, so searching needs no join to skip superseded ones.
_SQLITE_FTS = [
    """CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, text, content='documents', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents WHEN new.is_current BEGIN
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END""",
    """CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents WHEN old.is_current BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text); END""",
    """CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text, is_current ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        SELECT 'delete', old.id, old.title, old.text WHERE old.is_current;
        INSERT INTO documents_fts(rowid, title, text) SELECT new.id, new.title, new.text WHERE new.is_current;
        END""",
]
# Titles weigh more than body text. tsvector has a size limit, so very long texts are indexed in part.
_POSTGRES_FTS = [
    """ALTER TABLE documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A')
        || setweight(to_tsvector('english', left(text, 1000000)), 'B')) STORED""",
    "CREATE INDEX ix_documents_search ON documents USING GIN (search_vector)",
]


def upgrade() -> None:
    op.create_table(
        "documents",
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
        sa.Column("date", sa.String(10)),
        sa.Column("date_start", sa.Date),
        sa.Column("date_end", sa.Date),
        sa.Column("issuer", sa.Text),
        sa.Column("area", sa.Text),
        sa.Column("page_count", sa.Integer),
        sa.Column("char_count", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("warnings", sa.JSON, nullable=False),
        sa.Column("meta", sa.JSON, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_documents_content_hash", "documents", ["content_hash"])
    op.create_index("ix_documents_path", "documents", ["path"])
    op.create_index(
        "uq_documents_current_path",
        "documents",
        ["path"],
        unique=True,
        sqlite_where=sa.text("is_current"),
        postgresql_where=sa.text("is_current"),
    )
    op.create_index("ix_documents_doc_type", "documents", ["doc_type"])
    op.create_index("ix_documents_date_start", "documents", ["date_start"])
    op.create_table(
        "document_sources",
        sa.Column(
            "document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("source_text", sa.LargeBinary, nullable=False),
        sa.Column("offset_map", sa.JSON, nullable=False),
    )
    op.create_table(
        "pages",
        sa.Column(
            "document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
    )
    for statement in _SQLITE_FTS if op.get_bind().dialect.name == "sqlite" else _POSTGRES_FTS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE documents_fts")
    op.drop_table("pages")
    op.drop_table("document_sources")
    op.drop_table("documents")
