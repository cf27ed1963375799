"""remask stored borrower ID numbers: region and check character only (issue 11, hole 1)

Revision ID: 20261202_0003
Revises: 20261129_0002
Create Date: 2026-12-02 10:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "20261202_0003"
down_revision: str | None = "20261129_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "UPDATE loans SET borrower_id_masked = left(borrower_id_masked, 6) || repeat('*', 11) "
        "|| right(borrower_id_masked, 1) WHERE length(borrower_id_masked) = 18"
    )


def downgrade() -> None:
    # the hidden digits are not in the masked column any more; the older, weaker mask is not rebuilt
    pass
