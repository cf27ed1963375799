"""encrypt the borrower's name, drop the clear birth date, bind encrypted values (issue 11, hole 8)

Revision ID: 20261202_0005
Revises: 20261202_0004
Create Date: 2026-12-02 14:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from services.common.ids import birth_date_of, mask_name
from services.common.pii_migrate import (
    bind_existing,
    decrypt_to_clear,
    encrypt_clear,
    migration_cipher,
    unbind_existing,
)

revision: str = "20261202_0005"
down_revision: str | None = "20261202_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    conn = op.get_bind()
    op.add_column("loans", sa.Column("borrower_name_enc", sa.LargeBinary(), nullable=True))
    op.add_column("loans", sa.Column("borrower_name_masked", sa.String(10), nullable=True))
    op.add_column("loans", sa.Column("borrower_birth_year", sa.Integer(), nullable=True))
    # the birth date is inside the encrypted ID number; only its year stays in clear
    op.execute("UPDATE loans SET borrower_birth_year = extract(year FROM borrower_birth_date)::int")
    bind_existing(conn, table="loans", key="id", columns=["borrower_id_enc"])
    encrypt_clear(
        conn, table="loans", key="id", clear="borrower_name", enc="borrower_name_enc",
        masked="borrower_name_masked", mask=mask_name,
    )  # fmt: skip
    for column in ("borrower_name_enc", "borrower_name_masked", "borrower_birth_year"):
        op.alter_column("loans", column, nullable=False)
    op.drop_column("loans", "borrower_name")
    op.drop_column("loans", "borrower_birth_date")


def downgrade() -> None:
    conn = op.get_bind()
    op.add_column("loans", sa.Column("borrower_name", sa.String(100), nullable=True))
    op.add_column("loans", sa.Column("borrower_birth_date", sa.Date(), nullable=True))
    decrypt_to_clear(conn, table="loans", key="id", enc="borrower_name_enc", clear="borrower_name")
    rows = conn.execute(sa.text("SELECT id, borrower_id_enc FROM loans")).all()
    if rows:  # the birth date from the ID number, while it is still bound
        cipher = migration_cipher()
        conn.execute(
            sa.text("UPDATE loans SET borrower_birth_date = :b WHERE id = :i"),
            [{"i": r.id, "b": birth_date_of(cipher.open("loans", "borrower_id_enc", r.id, r.borrower_id_enc))}
             for r in rows],
        )  # fmt: skip
    unbind_existing(conn, table="loans", key="id", columns=["borrower_id_enc"])
    for column in ("borrower_name", "borrower_birth_date"):
        op.alter_column("loans", column, nullable=False)
    op.drop_column("loans", "borrower_name_enc")
    op.drop_column("loans", "borrower_name_masked")
    op.drop_column("loans", "borrower_birth_year")
