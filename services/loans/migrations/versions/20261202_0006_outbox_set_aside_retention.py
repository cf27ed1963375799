"""outbox set-aside columns (issue 12, hole 4) and the indexes the retention purge walks (hole 6)

Revision ID: 20261202_0006
Revises: 20261202_0005
Create Date: 2026-12-02 15:10:00
"""

from collections.abc import Sequence

from alembic import op

from services.common.outbox import SET_ASIDE_DOWN_SQL, SET_ASIDE_SQL
from services.common.retention import RETENTION_INDEX_DOWN_SQL, RETENTION_INDEX_SQL

revision: str = "20261202_0006"
down_revision: str | None = "20261202_0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for statement in SET_ASIDE_SQL + RETENTION_INDEX_SQL:
        op.execute(statement)


def downgrade() -> None:
    for statement in RETENTION_INDEX_DOWN_SQL + SET_ASIDE_DOWN_SQL:
        op.execute(statement)
