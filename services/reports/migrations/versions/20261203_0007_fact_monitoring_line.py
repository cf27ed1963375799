"""rm_facts.monitoring_line (issue 14): income records carry the year's line, for 应纳未纳

Revision ID: 20261203_0007
Revises: 20261202_0006
Create Date: 2026-12-03 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20261203_0007"
down_revision: str | None = "20261202_0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("rm_facts", sa.Column("monitoring_line", sa.Numeric(precision=14, scale=2), nullable=True))


def downgrade() -> None:
    op.drop_column("rm_facts", "monitoring_line")
