"""Extraction: document-level fields, recommendations, findings, concerns and actions with their spans; and
documents.user_metadata, what users said about a document (it wins over extraction).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ITEM_TABLES = ("recommendations", "findings", "concerns", "actions")


def _document_id(primary_key: bool = False) -> sa.Column:
    return sa.Column(
        "document_id",
        sa.Integer,
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        primary_key=primary_key,
        nullable=False,
    )


def _span() -> list[sa.Column]:
    return [
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("page", sa.Integer),
    ]


def upgrade() -> None:
    # A plain ADD COLUMN: recreating the table (batch mode) would drop SQLite's full-text triggers.
    op.add_column("documents", sa.Column("user_metadata", sa.JSON))
    op.create_table(
        "extractions",
        _document_id(primary_key=True),
        sa.Column("doc_type", sa.String(32)),
        sa.Column("doc_type_confidence", sa.Float),
        sa.Column("doc_type_evidence", sa.Text),
        sa.Column("review_kind", sa.String(32)),
        sa.Column("review_kind_confidence", sa.Float),
        sa.Column("review_kind_evidence", sa.Text),
        sa.Column("date", sa.Text),
        sa.Column("issuer", sa.Text),
        sa.Column("addressee", sa.Text),
        sa.Column("area", sa.Text),
        sa.Column("subjects", sa.JSON, nullable=False),
        sa.Column("coroner", sa.Text),
        sa.Column("deceased", sa.Text),
        sa.Column("deceased_age", sa.Integer),
        sa.Column("date_of_death", sa.Text),
        sa.Column("recipients", sa.JSON, nullable=False),
        sa.Column("response_due", sa.Text),
        sa.Column("report_date", sa.Text),
        sa.Column("sections", sa.JSON, nullable=False),
    )
    op.create_table(
        "recommendations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _document_id(),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("number", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("case", sa.Text),
        sa.Column("theme", sa.Text),
        *_span(),
    )
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _document_id(),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("number", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        *_span(),
    )
    op.create_table(
        "concerns",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _document_id(),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("number", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        *_span(),
    )
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _document_id(),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("owner", sa.Text),
        sa.Column("due", sa.Text),
        *_span(),
    )
    for table in ITEM_TABLES:
        op.create_index(f"ix_{table}_document_id", table, ["document_id"])


def downgrade() -> None:
    for table in ITEM_TABLES:
        op.drop_table(table)
    op.drop_table("extractions")
    op.execute("ALTER TABLE documents DROP COLUMN user_metadata")  # SQLite 3.35+, keeping the triggers
