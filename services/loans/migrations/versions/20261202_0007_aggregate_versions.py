"""aggregate version on the state projections (issue 12, hole 1): never apply an older state

Revision ID: 20261202_0007
Revises: 20261202_0006
Create Date: 2026-12-02 18:00:00
"""

from collections.abc import Sequence

from alembic import op

from services.common.versioning import add_version_sql, drop_version_sql

revision: str = "20261202_0007"
down_revision: str | None = "20261202_0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ["proj_households"]


def upgrade() -> None:
    for statement in add_version_sql(TABLES):
        op.execute(statement)


def downgrade() -> None:
    for statement in drop_version_sql(TABLES):
        op.execute(statement)
