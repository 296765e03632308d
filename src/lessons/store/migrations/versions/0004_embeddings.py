"""Embeddings: a vector for each recommendation and concern, computed once (at ingest, or the first time
similarity is asked for after the embeddings extra is installed).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = ("recommendations", "concerns")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("embedding", sa.LargeBinary))  # float32 little-endian, unit length
        # Finds the items still to embed without reading every vector.
        op.create_index(
            f"ix_{table}_unembedded",
            table,
            ["id"],
            sqlite_where=sa.text("embedding IS NULL"),
            postgresql_where=sa.text("embedding IS NULL"),
        )


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_unembedded", table)
        op.drop_column(table, "embedding")
