"""audit chain for reveals (sealed, evented), replacing pii_reads (issue 11, hole 9)

Revision ID: 20261202_0004
Revises: 20261202_0003
Create Date: 2026-12-02 11:00:00
"""

from collections.abc import Sequence

import orjson
import sqlalchemy as sa
from alembic import op

from services.common.audit_reseal import migration_key
from services.common.trail import APPEND_ONLY_DOWN_SQL, APPEND_ONLY_SQL, audit_chain, import_legacy_reads

revision: str = "20261202_0004"
down_revision: str | None = "20261202_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    audit_chain.create(bind)
    for statement in APPEND_ONLY_SQL:
        op.execute(statement)
    reads = [
        {
            "subject_id": str(r.loan_id),
            "at": r.at,
            "actor": r.actor if isinstance(r.actor, dict) else orjson.loads(r.actor),
            "fields": ["name", "id_number"],
        }
        for r in bind.execute(sa.text("SELECT at, actor, loan_id FROM pii_reads ORDER BY id"))
    ]
    if reads:
        import_legacy_reads(bind, key=migration_key(), subject_type="loan", reads=reads)
    op.drop_table("pii_reads")


def downgrade() -> None:
    op.create_table(
        "pii_reads",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("actor", sa.dialects.postgresql.JSONB(), nullable=False),
        sa.Column("loan_id", sa.UUID(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pii_reads")),
    )
    for statement in APPEND_ONLY_DOWN_SQL:
        op.execute(statement)
    op.drop_table("audit_chain")
