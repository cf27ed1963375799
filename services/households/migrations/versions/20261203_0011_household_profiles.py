"""household profiles (issue 14): the collection form's record as dated, append-only versions

Revision ID: 20261203_0011
Revises: 20261203_0010
Create Date: 2026-12-03 08:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# a version is history: never changed or removed (a database rule, not only the code's habit)
APPEND_ONLY_SQL = [
    """CREATE OR REPLACE FUNCTION household_profiles_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a household profile version is never changed or removed: record a new version';
END $$""",
    "DROP TRIGGER IF EXISTS household_profiles_append_only ON household_profiles",
    "CREATE TRIGGER household_profiles_append_only BEFORE UPDATE OR DELETE ON household_profiles "
    "FOR EACH ROW EXECUTE FUNCTION household_profiles_append_only()",
]

revision: str = "20261203_0011"
down_revision: str | None = "20261203_0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "household_profiles",
        sa.Column("id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("household_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("record", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("net_per_capita", sa.Numeric(14, 2), nullable=True),
        sa.Column("after_rigid_per_capita", sa.Numeric(14, 2), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_household_profiles_household_id_households")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_profiles")),
        sa.UniqueConstraint("household_id", "version", name="uq_household_profiles_version"),
    )
    op.create_index("ix_household_profiles_asof", "household_profiles", ["household_id", "effective_on"])
    for sql in APPEND_ONLY_SQL:
        op.execute(sql)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS household_profiles_append_only ON household_profiles")
    op.execute("DROP FUNCTION IF EXISTS household_profiles_append_only()")
    op.drop_index("ix_household_profiles_asof", table_name="household_profiles")
    op.drop_table("household_profiles")
