"""read models for the problem detectors: students and the risk category of households

Revision ID: 20261129_0003
Revises: 20261129_0002
Create Date: 2026-11-29 13:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "20261129_0003"
down_revision: str | None = "20261129_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("rm_households", sa.Column("risk_category", sa.String(length=50), nullable=True))
    op.add_column(
        "rm_households",
        sa.Column("students", postgresql.JSONB(astext_type=sa.Text()), server_default="[]", nullable=False),
    )
    # the detectors look facts up by household and kind
    op.create_index("ix_rm_facts_household_kind", "rm_facts", ["household_code", "kind"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_rm_facts_household_kind", table_name="rm_facts")
    op.drop_column("rm_households", "students")
    op.drop_column("rm_households", "risk_category")
