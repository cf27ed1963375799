"""read models for the problem detectors: students and the risk category of monitored households

Revision ID: 20261129_0003
Revises: 20261129_0002
Create Date: 2026-11-29 13:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261129_0003"
down_revision: str | None = "20261129_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("rm_households", sa.Column("risk_category", sa.String(length=50), nullable=True))
    op.create_table(
        "rm_students",
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("household_code", sa.String(length=40), nullable=False),
        sa.Column("village_code", sa.String(length=12), nullable=False),
        sa.Column("education_stage", sa.String(length=30), nullable=False),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_rm_students")),
    )
    op.create_index(op.f("ix_rm_students_household_code"), "rm_students", ["household_code"], unique=False)
    # the detectors look facts up by household and kind
    op.create_index("ix_rm_facts_household_kind", "rm_facts", ["household_code", "kind"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_rm_facts_household_kind", table_name="rm_facts")
    op.drop_index(op.f("ix_rm_students_household_code"), table_name="rm_students")
    op.drop_table("rm_students")
    op.drop_column("rm_households", "risk_category")
