"""encrypt names, drop clear birth dates, bind every encrypted value to its row (issue 11, hole 8)

Revision ID: 20261202_0006
Revises: 20261202_0005
Create Date: 2026-12-02 14:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from services.common.ids import mask_name
from services.common.pii_migrate import bind_existing, decrypt_to_clear, encrypt_clear, unbind_existing

revision: str = "20261202_0006"
down_revision: str | None = "20261202_0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    conn = op.get_bind()
    op.add_column("members", sa.Column("name_enc", sa.LargeBinary(), nullable=True))
    op.add_column("members", sa.Column("name_masked", sa.String(10), nullable=True))
    op.add_column("members", sa.Column("birth_year", sa.Integer(), nullable=True))
    op.add_column("helpers", sa.Column("name_enc", sa.LargeBinary(), nullable=True))
    # the birth date is inside the encrypted ID number; only its year stays in clear
    op.execute("UPDATE members SET birth_year = extract(year FROM birth_date)::int")
    bind_existing(conn, table="members", key="id", columns=["id_number_enc", "phone_enc"])
    bind_existing(conn, table="helpers", key="id", columns=["phone_enc"])
    encrypt_clear(conn, table="members", key="id", clear="name", enc="name_enc", masked="name_masked", mask=mask_name)
    encrypt_clear(conn, table="helpers", key="id", clear="name", enc="name_enc")
    for table, column in (("members", "name_enc"), ("members", "name_masked"), ("members", "birth_year"),
                          ("helpers", "name_enc")):  # fmt: skip
        op.alter_column(table, column, nullable=False)
    op.drop_column("members", "name")
    op.drop_column("members", "birth_date")
    op.drop_column("helpers", "name")


def downgrade() -> None:
    conn = op.get_bind()
    op.add_column("members", sa.Column("name", sa.String(100), nullable=True))
    op.add_column("members", sa.Column("birth_date", sa.Date(), nullable=True))
    op.add_column("helpers", sa.Column("name", sa.String(100), nullable=True))
    decrypt_to_clear(conn, table="members", key="id", enc="name_enc", clear="name")
    decrypt_to_clear(conn, table="helpers", key="id", enc="name_enc", clear="name")
    _restore_birth_dates(conn)  # from the ID number, while it is still bound
    unbind_existing(conn, table="members", key="id", columns=["id_number_enc", "phone_enc"])
    unbind_existing(conn, table="helpers", key="id", columns=["phone_enc"])
    for table, column in (("members", "name"), ("members", "birth_date"), ("helpers", "name")):
        op.alter_column(table, column, nullable=False)
    op.drop_column("members", "name_enc")
    op.drop_column("members", "name_masked")
    op.drop_column("members", "birth_year")
    op.drop_column("helpers", "name_enc")


def _restore_birth_dates(conn: sa.engine.Connection) -> None:
    from services.common.ids import birth_date_of
    from services.common.pii_migrate import migration_cipher

    rows = conn.execute(sa.text("SELECT id, id_number_enc FROM members WHERE birth_date IS NULL")).all()
    if rows:
        cipher = migration_cipher()
        conn.execute(
            sa.text("UPDATE members SET birth_date = :b WHERE id = :i"),
            [{"i": r.id, "b": birth_date_of(cipher.open("members", "id_number_enc", r.id, r.id_number_enc))} for r in rows],
        )
