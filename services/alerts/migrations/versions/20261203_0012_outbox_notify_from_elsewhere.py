"""outbox notify: only from connections of a process without the relay

The service's own processes wake their relay on commit; their inserts no longer take PostgreSQL's
notification lock, which serialised every notifying commit (services/common/outbox.py).

Revision ID: 20261203_0012
Revises: 20261203_0011
Create Date: 2026-12-03 20:10:00
"""

from collections.abc import Sequence

from alembic import op

from services.common.outbox import NOTIFY_FROM_ELSEWHERE_DOWN_SQL, NOTIFY_FROM_ELSEWHERE_SQL

revision: str = "20261203_0012"
down_revision: str | None = "20261203_0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for statement in NOTIFY_FROM_ELSEWHERE_SQL:
        op.execute(statement)


def downgrade() -> None:
    for statement in NOTIFY_FROM_ELSEWHERE_DOWN_SQL:
        op.execute(statement)
