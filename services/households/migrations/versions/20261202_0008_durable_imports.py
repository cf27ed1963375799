"""durable imports (issue 12, hole 5): the upload, the claim, the heartbeat and the checkpoint

Revision ID: 20261202_0008
Revises: 20261202_0007
Create Date: 2026-12-02 18:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "20261202_0008"
down_revision: str | None = "20261202_0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE import_jobs ADD COLUMN upload bytea, ADD COLUMN actor jsonb, "
        "ADD COLUMN claimed_by varchar(200), ADD COLUMN heartbeat_at timestamptz, "
        "ADD COLUMN attempts integer NOT NULL DEFAULT 0, ADD COLUMN resume_after integer NOT NULL DEFAULT -1"
    )
    # a job left `running` by the code before this one (its process held the rows in memory) can never
    # finish: say so rather than leave it running for ever
    op.execute(
        "UPDATE import_jobs SET status = 'failed', finished_at = now(), error = "
        "'interrupted before durable imports existed; upload the file again' WHERE status = 'running'"
    )
    op.execute(
        "CREATE INDEX ix_import_jobs_claimable ON import_jobs (started_at) "
        "WHERE status IN ('queued', 'running')"
    )


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_import_jobs_claimable")
    op.execute(
        "ALTER TABLE import_jobs DROP COLUMN upload, DROP COLUMN actor, DROP COLUMN claimed_by, "
        "DROP COLUMN heartbeat_at, DROP COLUMN attempts, DROP COLUMN resume_after"
    )
