"""remask stored ID numbers: region and check character only (issue 11, hole 1)

Revision ID: 20261202_0004
Revises: 20261129_0003
Create Date: 2026-12-02 10:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "20261202_0004"
down_revision: str | None = "20261129_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # 430981********1234 → 430981***********4: the old mask kept three sequence digits that, with a
    # birth date, completed the number
    op.execute(
        "UPDATE members SET id_number_masked = left(id_number_masked, 6) || repeat('*', 11) "
        "|| right(id_number_masked, 1) WHERE length(id_number_masked) = 18"
    )


def downgrade() -> None:
    # the hidden digits are not in the masked column any more; the older, weaker mask is not rebuilt
    pass
