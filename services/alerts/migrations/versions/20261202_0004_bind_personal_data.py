"""encrypt the person's name, bind every encrypted value to its row (issue 11, hole 8)

Revision ID: 20261202_0004
Revises: 20261202_0003
Create Date: 2026-12-02 14:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from services.common.ids import mask_name
from services.common.pii_migrate import bind_existing, decrypt_to_clear, encrypt_clear, unbind_existing

revision: str = "20261202_0004"
down_revision: str | None = "20261202_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    conn = op.get_bind()
    op.add_column("alerts", sa.Column("person_name_enc", sa.LargeBinary(), nullable=True))
    op.add_column("alerts", sa.Column("person_name_masked", sa.String(10), nullable=True))
    bind_existing(conn, table="alerts", key="id", columns=["id_number_enc"])
    encrypt_clear(
        conn, table="alerts", key="id", clear="person_name", enc="person_name_enc",
        masked="person_name_masked", mask=mask_name,
    )  # fmt: skip
    op.drop_column("alerts", "person_name")


def downgrade() -> None:
    conn = op.get_bind()
    op.add_column("alerts", sa.Column("person_name", sa.String(100), nullable=True))
    decrypt_to_clear(conn, table="alerts", key="id", enc="person_name_enc", clear="person_name")
    unbind_existing(conn, table="alerts", key="id", columns=["id_number_enc"])
    op.drop_column("alerts", "person_name_enc")
    op.drop_column("alerts", "person_name_masked")
