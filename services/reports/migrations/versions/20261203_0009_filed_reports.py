"""filed reports (issue 14): a year's report as filed, with its hash; never changed, only re-filed

Revision ID: 20261203_0009
Revises: 20261203_0008
Create Date: 2026-12-03 07:25:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# a filed version is never changed or removed (a database rule, not only the code's habit)
IMMUTABLE_SQL = [
    """CREATE OR REPLACE FUNCTION filed_reports_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a filed report is never changed or removed: file a new version';
END $$""",
    "DROP TRIGGER IF EXISTS filed_reports_immutable ON filed_reports",
    "CREATE TRIGGER filed_reports_immutable BEFORE UPDATE OR DELETE ON filed_reports "
    "FOR EACH ROW EXECUTE FUNCTION filed_reports_immutable()",
]
IMMUTABLE_DOWN_SQL = [
    "DROP TRIGGER IF EXISTS filed_reports_immutable ON filed_reports",
    "DROP FUNCTION IF EXISTS filed_reports_immutable()",
]

revision: str = "20261203_0009"
down_revision: str | None = "20261203_0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "filed_reports",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("filed_by", sa.String(length=200), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("year", "version", name=op.f("pk_filed_reports")),
    )
    for statement in IMMUTABLE_SQL:
        op.execute(statement)


def downgrade() -> None:
    for statement in IMMUTABLE_DOWN_SQL:
        op.execute(statement)
    op.drop_table("filed_reports")
