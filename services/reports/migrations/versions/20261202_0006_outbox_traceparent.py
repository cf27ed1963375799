"""outbox traceparent (issue 12, hole 7): the relay publishes each event under the request that wrote it

Revision ID: 20261202_0006
Revises: 20261202_0005
Create Date: 2026-12-02 19:00:00
"""

from collections.abc import Sequence

from alembic import op

from services.common.outbox import TRACEPARENT_DOWN_SQL, TRACEPARENT_SQL

revision: str = "20261202_0006"
down_revision: str | None = "20261202_0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for statement in TRACEPARENT_SQL:
        op.execute(statement)


def downgrade() -> None:
    for statement in TRACEPARENT_DOWN_SQL:
        op.execute(statement)
