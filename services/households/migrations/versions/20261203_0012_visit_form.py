"""visits.form (issue 14): the monthly visit's short form (走访简表)

Revision ID: 20261203_0012
Revises: 20261203_0011
Create Date: 2026-12-03 08:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "20261203_0012"
down_revision: str | None = "20261203_0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("visits", sa.Column("form", postgresql.JSONB(astext_type=sa.Text()), nullable=True))


def downgrade() -> None:
    op.drop_column("visits", "form")
