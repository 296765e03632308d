"""Indexes for the dashboard at scale: counts by type and year from an index alone, actions due in a month.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_documents_current_type_date", "documents", ["is_current", "doc_type", "date"])
    op.create_index("ix_tracked_actions_due", "tracked_actions", ["due"])


def downgrade() -> None:
    op.drop_index("ix_tracked_actions_due", table_name="tracked_actions")
    op.drop_index("ix_documents_current_type_date", table_name="documents")
