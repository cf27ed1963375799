"""rm_rectifications (issue 14): the rectification ledger as a read model, for the reports

Revision ID: 20261203_0008
Revises: 20261203_0007
Create Date: 2026-12-03 07:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "20261203_0008"
down_revision: str | None = "20261203_0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rm_rectifications",
        sa.Column("rectification_id", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("detector", sa.String(length=60), nullable=True),
        sa.Column("finding_ref", sa.String(length=200), nullable=True),
        sa.Column("village_code", sa.String(length=12), nullable=False),
        sa.Column("household_code", sa.String(length=40), nullable=True),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("measure", sa.Text(), nullable=False),
        sa.Column("responsible", sa.String(length=100), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("overdue", sa.Boolean(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closing_note", sa.Text(), nullable=True),
        sa.Column("evidence", postgresql.JSONB(astext_type=sa.Text()), server_default="[]", nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("rectification_id", name=op.f("pk_rm_rectifications")),
    )


def downgrade() -> None:
    op.drop_table("rm_rectifications")
