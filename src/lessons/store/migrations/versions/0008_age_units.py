"""The deceased's age with its unit: "aged 15 months" is stored as 15 months (1.25 years), not 15 years.

extractions.deceased_age becomes a number as written (15, 2.5), beside its unit and the age in years. Ages
stored before this were whole years.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite cannot change a column's type in place: batch mode rebuilds the extractions table (it has no
    # full-text triggers, unlike documents); PostgreSQL alters it directly.
    with op.batch_alter_table("extractions") as batch:
        batch.alter_column("deceased_age", type_=sa.Float, existing_type=sa.Integer)
        batch.add_column(sa.Column("deceased_age_unit", sa.String(8)))
        batch.add_column(sa.Column("deceased_age_years", sa.Float))
    op.execute(
        "UPDATE extractions SET deceased_age_unit = 'years', deceased_age_years = deceased_age "
        "WHERE deceased_age IS NOT NULL"
    )


def downgrade() -> None:
    # Back to whole years (a baby's age in months or days becomes 0).
    whole_years = (
        "floor(deceased_age_years)"
        if op.get_bind().dialect.name == "postgresql"
        else "CAST(deceased_age_years AS INTEGER)"
    )
    op.execute(f"UPDATE extractions SET deceased_age = {whole_years}")
    with op.batch_alter_table("extractions") as batch:
        batch.drop_column("deceased_age_years")
        batch.drop_column("deceased_age_unit")
        batch.alter_column(
            "deceased_age", type_=sa.Integer, existing_type=sa.Float, postgresql_using="deceased_age::integer"
        )
