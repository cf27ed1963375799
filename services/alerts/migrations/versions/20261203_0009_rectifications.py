"""rectifications (issue 14): the rectification ledger (整改台账) with deadlines in working days

Revision ID: 20261203_0009
Revises: 20261203_0008
Create Date: 2026-12-03 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "20261203_0009"
down_revision: str | None = "20261203_0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rectifications",
        sa.Column("id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("detector", sa.String(length=60), nullable=True),
        sa.Column("finding_ref", sa.String(length=200), nullable=True),
        sa.Column("village_code", sa.String(length=12), nullable=False),
        sa.Column("household_code", sa.String(length=40), nullable=True),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("measure", sa.Text(), nullable=False),
        sa.Column("responsible", sa.String(length=100), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("working_days", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("overdue", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("overdue_alert_external_id", sa.String(length=100), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closing_note", sa.Text(), nullable=True),
        sa.Column("evidence", postgresql.JSONB(astext_type=sa.Text()), server_default="[]", nullable=False),
        sa.Column("opened_by", sa.String(length=200), nullable=False),
        sa.Column("closed_by", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rectifications")),
    )
    op.create_index(op.f("ix_rectifications_village_code"), "rectifications", ["village_code"], unique=False)
    op.create_index(
        "uq_rectifications_open_finding",
        "rectifications",
        ["detector", "finding_ref"],
        unique=True,
        postgresql_where=sa.text("status = 'open' AND finding_ref IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "uq_rectifications_open_finding",
        table_name="rectifications",
        postgresql_where=sa.text("status = 'open' AND finding_ref IS NOT NULL"),
    )
    op.drop_index(op.f("ix_rectifications_village_code"), table_name="rectifications")
    op.drop_table("rectifications")
