"""reminder notifications (issue 14): text messages with retries, the villages' call lists, opt-out

Revision ID: 20261203_0009
Revises: 20261202_0008
Create Date: 2026-12-03 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "20261203_0009"
down_revision: str | None = "20261202_0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("loans", sa.Column("borrower_phone_enc", sa.LargeBinary(), nullable=True))
    op.add_column("loans", sa.Column("borrower_phone_masked", sa.String(length=20), nullable=True))
    op.add_column("loans", sa.Column("sms_opt_out", sa.Boolean(), server_default="false", nullable=False))
    op.create_table(
        "notifications",
        sa.Column("id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("reminder_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("loan_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("village_code", sa.String(length=12), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("params", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("provider_id", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["loan_id"], ["loans.id"], name=op.f("fk_notifications_loan_id_loans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint("reminder_id", name=op.f("uq_notifications_reminder_id")),
    )
    op.create_index(
        "ix_notifications_due",
        "notifications",
        ["next_attempt_at"],
        unique=False,
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_table(
        "call_list",
        sa.Column("id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("reminder_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("loan_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("village_code", sa.String(length=12), nullable=False),
        sa.Column("due_kind", sa.String(length=20), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("listed_on", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("outcome_note", sa.String(length=500), nullable=True),
        sa.Column("called_by", sa.String(length=200), nullable=True),
        sa.Column("called_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["loan_id"], ["loans.id"], name=op.f("fk_call_list_loan_id_loans")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_call_list")),
        sa.UniqueConstraint("reminder_id", name=op.f("uq_call_list_reminder_id")),
    )
    op.create_index(op.f("ix_call_list_village_code"), "call_list", ["village_code"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_call_list_village_code"), table_name="call_list")
    op.drop_table("call_list")
    op.drop_index("ix_notifications_due", table_name="notifications", postgresql_where=sa.text("status = 'pending'"))
    op.drop_table("notifications")
    op.drop_column("loans", "sms_opt_out")
    op.drop_column("loans", "borrower_phone_masked")
    op.drop_column("loans", "borrower_phone_enc")
