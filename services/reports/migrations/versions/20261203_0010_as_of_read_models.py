"""monitoring spans, eliminations and profile versions (issue 14): household figures as of a date

Revision ID: 20261203_0010
Revises: 20261203_0009
Create Date: 2026-12-03 09:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "20261203_0010"
down_revision: str | None = "20261203_0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MONEY = sa.Numeric(precision=14, scale=2)


def upgrade() -> None:
    op.create_table(
        "rm_monitoring_spans",
        sa.Column("household_code", sa.String(length=40), nullable=False),
        sa.Column("identified_on", sa.Date(), nullable=False),
        sa.Column("village_code", sa.String(length=12), nullable=False),
        sa.Column("monitoring_type", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("household_code", "identified_on", name=op.f("pk_rm_monitoring_spans")),
    )
    op.create_table(
        "rm_eliminations",
        sa.Column("monitoring_object_id", sa.String(length=64), nullable=False),
        sa.Column("household_code", sa.String(length=40), nullable=False),
        sa.Column("eliminated_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("monitoring_object_id", name=op.f("pk_rm_eliminations")),
    )
    op.create_index(op.f("ix_rm_eliminations_household_code"), "rm_eliminations", ["household_code"])
    op.create_table(
        "rm_profiles",
        sa.Column("household_code", sa.String(length=40), nullable=False),
        sa.Column("profile_version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("village_code", sa.String(length=12), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("flags", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.Column("social_assistance", sa.String(length=10), nullable=True),
        sa.Column("finance_year", sa.Integer(), nullable=True),
        sa.Column("net_per_capita", MONEY, nullable=True),
        sa.Column("after_rigid_per_capita", MONEY, nullable=True),
        sa.Column("rigid_spending", MONEY, nullable=True),
        sa.Column("monitoring_line", MONEY, nullable=True),
        sa.PrimaryKeyConstraint("household_code", "profile_version", name=op.f("pk_rm_profiles")),
    )
    # the spans of households monitored now, so an upgraded deployment's reports need no rebuild
    op.execute(
        "INSERT INTO rm_monitoring_spans (household_code, identified_on, village_code, monitoring_type) "
        "SELECT household_code, monitoring_identified_on, village_code, monitoring_type FROM rm_households "
        "WHERE monitoring_status = 'monitoring' AND monitoring_identified_on IS NOT NULL "
        "AND monitoring_type IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_table("rm_profiles")
    op.drop_index(op.f("ix_rm_eliminations_household_code"), table_name="rm_eliminations")
    op.drop_table("rm_eliminations")
    op.drop_table("rm_monitoring_spans")
