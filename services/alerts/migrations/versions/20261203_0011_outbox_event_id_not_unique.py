"""outbox event_id no longer unique (issue 15): the relay's "sent" marks paid for a second index entry each

Revision ID: 20261203_0011
Revises: 20261203_0010
Create Date: 2026-12-03 15:00:00
"""

from collections.abc import Sequence

from alembic import op

from services.common.outbox import EVENT_ID_NOT_UNIQUE_DOWN_SQL, EVENT_ID_NOT_UNIQUE_SQL

revision: str = "20261203_0011"
down_revision: str | None = "20261203_0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for statement in EVENT_ID_NOT_UNIQUE_SQL:
        op.execute(statement)


def downgrade() -> None:
    for statement in EVENT_ID_NOT_UNIQUE_DOWN_SQL:
        op.execute(statement)
