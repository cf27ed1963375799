"""Issue 11, hole 10 (second half): each service logs in as its own role with least privilege.

Before, every service and the migrations used one superuser identity: a bug or an injection in one
service could read another's database, rewrite the audit tables or drop the schema.
"""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg
import pytest

from services.common.settings import CommonSettings, database_url_for, dev_role_password, with_credentials
from services.launcher.testing import TEST_DB_PREFIX


def _as_role(stack: Any, service: str, database: str | None = None) -> str:
    url = database_url_for(stack.database_url, database or f"{TEST_DB_PREFIX}{service}", driver="postgresql")
    role = f"{TEST_DB_PREFIX}{service}"
    return with_credentials(url, role, dev_role_password(role, "dev"))


async def test_a_service_role_reaches_only_its_own_tables_and_cannot_rewrite_audit(
    stack: Any, alerts_db: str, households_db: str, clean_alerts: str
) -> None:
    settings = CommonSettings(database_url=stack.database_url, db_prefix=TEST_DB_PREFIX)
    assert f"//{TEST_DB_PREFIX}alerts:" in settings.service_database_url("alerts")
    conn = await asyncpg.connect(_as_role(stack, "alerts"))
    try:
        assert await conn.fetchval("SELECT current_user") == f"{TEST_DB_PREFIX}alerts"
        await conn.execute(
            "INSERT INTO audit_entries (alert_id, seq, at, actor, action, details, prev_hash, hash) "
            "VALUES ($1, 1, now(), '{}', 'test', '{}', '', '')",
            uuid.uuid4(),
        )  # appending is allowed
        assert await conn.fetchval("SELECT count(*) FROM audit_entries") == 1
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("UPDATE audit_entries SET action = 'rewritten'")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("DELETE FROM audit_entries")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("CREATE TABLE stolen (x int)")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("DROP TABLE alerts")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only")
        await conn.execute("UPDATE alerts SET updated_at = now()")  # its own working tables: yes
    finally:
        await conn.close()
    with pytest.raises(asyncpg.InsufficientPrivilegeError):  # another service's database: no
        await asyncpg.connect(_as_role(stack, "alerts", f"{TEST_DB_PREFIX}households"))
