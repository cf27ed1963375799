"""re-seal the audit chains with RW_AUDIT_KEY (HMAC-SHA256; issue 11, hole 10)

Revision ID: 20261202_0003
Revises: 20261128_0002
Create Date: 2026-12-02 11:00:00
"""

from collections.abc import Sequence

from alembic import op

from services.common.audit_reseal import reseal

revision: str = "20261202_0003"
down_revision: str | None = "20261128_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    resealed, broken = reseal(
        op.get_bind(), table="audit_entries", subject_column="alert_id", trigger="audit_entries_append_only"
    )
    if broken:
        # left unsealed: they fail verification, as they did before (the log names them)
        print(f"audit chains already broken, left as they were: {len(broken)} ({', '.join(broken[:20])})")


def downgrade() -> None:
    # the unkeyed seals are not restored: a downgrade keeps HMAC seals that older code cannot verify
    pass
