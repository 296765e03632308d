"""Action plans and response letters as they are written: an action keeps what its plan row says (the
recommendations it answers, lead officer, target as written, the plan's status and RAG, progress, evidence,
the recommendation's words), a tracked action keeps its target as written and every recommendation number it
answers, a document keeps its tables (each cell with its span in the clean text), and a PFD response keeps the part of the letter answering each concern.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

ACTION_COLUMNS = ("officer", "target", "progress_status", "rag", "progress", "evidence", "recommendation")


def upgrade() -> None:
    with op.batch_alter_table("actions") as batch:
        batch.add_column(sa.Column("answers", sa.JSON))
        for name in ACTION_COLUMNS:
            batch.add_column(sa.Column(name, sa.Text))
    with op.batch_alter_table("document_sources") as batch:
        batch.add_column(sa.Column("tables", sa.JSON))
    with op.batch_alter_table("tracked_actions") as batch:
        batch.add_column(sa.Column("target", sa.Text))
        batch.add_column(sa.Column("answers", sa.JSON))
    op.create_table(
        "answers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("concern", sa.Text),
        sa.Column("quote", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("page", sa.Integer),
    )
    op.create_index("ix_answers_document_id", "answers", ["document_id"])


def downgrade() -> None:
    op.drop_index("ix_answers_document_id", "answers")
    op.drop_table("answers")
    with op.batch_alter_table("tracked_actions") as batch:
        batch.drop_column("answers")
        batch.drop_column("target")
    with op.batch_alter_table("document_sources") as batch:
        batch.drop_column("tables")
    with op.batch_alter_table("actions") as batch:
        for name in ("answers", *ACTION_COLUMNS):
            batch.drop_column(name)
