"""outbox notify trigger: relays in any process wake on commit

Revision ID: 20261129_0002
Revises: 20261129_0001
Create Date: 2026-11-29 04:00:00
"""

from collections.abc import Sequence

from alembic import op

from services.common.outbox import NOTIFY_TRIGGER_DOWN_SQL, NOTIFY_TRIGGER_SQL

revision: str = "20261129_0002"
down_revision: str | None = "20261129_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for statement in NOTIFY_TRIGGER_SQL:
        op.execute(statement)


def downgrade() -> None:
    for statement in NOTIFY_TRIGGER_DOWN_SQL:
        op.execute(statement)
