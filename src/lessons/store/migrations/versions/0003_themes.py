"""Themes and agencies: on each document's extraction and on each recommendation and concern.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = ("extractions", "recommendations", "concerns")


def upgrade() -> None:
    # Plain ADD COLUMN (no batch rebuild): rows stored before this have none, which reads as no themes.
    for table in TABLES:
        op.add_column(table, sa.Column("themes", sa.JSON))  # [{"id", "score", "evidence"}]
        op.add_column(table, sa.Column("agencies", sa.JSON))  # ["police", ...]


def downgrade() -> None:
    for table in TABLES:
        op.drop_column(table, "agencies")
        op.drop_column(table, "themes")
