"""initial alerts schema

Revision ID: 20261128_0001
Revises: 
Create Date: 2026-11-28 23:02:30.315848
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '20261128_0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


APPEND_ONLY = ["""
CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_entries is append-only (% refused)', TG_OP;
END $$""", """
CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()
"""]


def upgrade() -> None:
    op.create_table('alerts',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('external_id', sa.String(length=100), nullable=False),
    sa.Column('batch_id', sa.String(length=100), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('class', sa.String(length=50), nullable=False),
    sa.Column('category', sa.String(length=50), nullable=False),
    sa.Column('village_code', sa.String(length=12), nullable=False),
    sa.Column('household_code', sa.String(length=40), nullable=True),
    sa.Column('household_match', sa.String(length=30), nullable=False),
    sa.Column('id_number_enc', sa.LargeBinary(), nullable=True),
    sa.Column('id_number_hash', sa.String(length=64), nullable=True),
    sa.Column('person_name', sa.String(length=100), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('detected_on', sa.Date(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('village_due_on', sa.Date(), nullable=False),
    sa.Column('reported_on', sa.Date(), nullable=True),
    sa.Column('finding', sa.String(length=30), nullable=True),
    sa.Column('village_on_time', sa.Boolean(), nullable=True),
    sa.Column('verification', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('town_due_on', sa.Date(), nullable=True),
    sa.Column('reviewed_on', sa.Date(), nullable=True),
    sa.Column('decision', sa.String(length=20), nullable=True),
    sa.Column('town_on_time', sa.Boolean(), nullable=True),
    sa.Column('review', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.String(length=30), nullable=True),
    sa.Column('final_outcome', sa.String(length=40), nullable=True),
    sa.Column('remediation', sa.Text(), nullable=True),
    sa.Column('close_out', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('overdue', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('overdue_stage', sa.String(length=20), nullable=True),
    sa.Column('return_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alerts')),
    sa.UniqueConstraint('external_id', name=op.f('uq_alerts_external_id'))
    )
    op.create_index('ix_alerts_batch_id', 'alerts', ['batch_id'], unique=False)
    op.create_index('ix_alerts_category', 'alerts', ['category'], unique=False)
    op.create_index('ix_alerts_created', 'alerts', ['created_at', 'id'], unique=False)
    op.create_index('ix_alerts_status', 'alerts', ['status'], unique=False)
    op.create_index('ix_alerts_village_code', 'alerts', ['village_code', 'created_at', 'id'], unique=False)
    op.create_table('audit_entries',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('alert_id', sa.UUID(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('from_status', sa.String(length=30), nullable=True),
    sa.Column('to_status', sa.String(length=30), nullable=True),
    sa.Column('details', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries')),
    sa.UniqueConstraint('alert_id', 'seq', name='uq_audit_entries_alert_seq')
    )
    op.create_table('calendar_overrides',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('workday', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('set_by', sa.String(length=200), nullable=False),
    sa.Column('set_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_calendar_overrides'))
    )
    op.create_table('feed_batches',
    sa.Column('batch_id', sa.String(length=100), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('first_received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('last_received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('times_received', sa.Integer(), server_default='1', nullable=False),
    sa.Column('accepted', sa.Integer(), server_default='0', nullable=False),
    sa.Column('rejected', sa.Integer(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('batch_id', name=op.f('pk_feed_batches'))
    )
    op.create_table('feed_rejects',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('batch_id', sa.String(length=100), nullable=False),
    sa.Column('item_index', sa.Integer(), nullable=False),
    sa.Column('external_id', sa.String(length=200), nullable=True),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('errors', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feed_rejects')),
    sa.UniqueConstraint('batch_id', 'item_index', 'channel', name='uq_feed_rejects_item')
    )
    op.create_table('proj_households',
    sa.Column('household_code', sa.String(length=40), nullable=False),
    sa.Column('village_code', sa.String(length=12), nullable=False),
    sa.Column('alleviated', sa.Boolean(), nullable=False),
    sa.Column('monitoring_type', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('household_code', name=op.f('pk_proj_households'))
    )
    op.create_table('proj_members',
    sa.Column('id_number_hash', sa.String(length=64), nullable=False),
    sa.Column('household_code', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id_number_hash', name=op.f('pk_proj_members'))
    )
    op.create_index(op.f('ix_proj_members_household_code'), 'proj_members', ['household_code'], unique=False)
    op.create_table('proj_villages',
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_proj_villages'))
    )
    op.create_table('idempotency_keys',
    sa.Column('scope', sa.String(length=300), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('request_hash', sa.String(length=64), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=False),
    sa.Column('body', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('scope', 'key', name=op.f('pk_idempotency_keys'))
    )
    op.create_table('inbox',
    sa.Column('consumer', sa.String(length=200), nullable=False),
    sa.Column('event_id', sa.String(length=200), nullable=False),
    sa.Column('processed_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('consumer', 'event_id', name=op.f('pk_inbox'))
    )
    op.create_table('outbox',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('event_id', sa.String(length=36), nullable=False),
    sa.Column('topic', sa.String(length=200), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('event_type', sa.String(length=200), nullable=False),
    sa.Column('schema_version', sa.Integer(), nullable=False),
    sa.Column('payload', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox')),
    sa.UniqueConstraint('event_id', name=op.f('uq_outbox_event_id'))
    )
    op.create_index('ix_outbox_unsent', 'outbox', ['id'], unique=False, postgresql_where=sa.text('sent_at IS NULL'))
    for statement in APPEND_ONLY:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries")
    op.execute("DROP FUNCTION IF EXISTS audit_entries_append_only()")
    op.drop_index('ix_outbox_unsent', table_name='outbox', postgresql_where=sa.text('sent_at IS NULL'))
    op.drop_table('outbox')
    op.drop_table('inbox')
    op.drop_table('idempotency_keys')
    op.drop_table('proj_villages')
    op.drop_index(op.f('ix_proj_members_household_code'), table_name='proj_members')
    op.drop_table('proj_members')
    op.drop_table('proj_households')
    op.drop_table('feed_rejects')
    op.drop_table('feed_batches')
    op.drop_table('calendar_overrides')
    op.drop_table('audit_entries')
    op.drop_index('ix_alerts_village_code', table_name='alerts')
    op.drop_index('ix_alerts_status', table_name='alerts')
    op.drop_index('ix_alerts_created', table_name='alerts')
    op.drop_index('ix_alerts_category', table_name='alerts')
    op.drop_index('ix_alerts_batch_id', table_name='alerts')
    op.drop_table('alerts')
