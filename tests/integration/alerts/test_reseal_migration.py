"""Issue 11, hole 10: the migration that brings RW_AUDIT_KEY re-seals every intact legacy chain with
HMAC-SHA256 and leaves a chain that was already tampered with broken (never laundered)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import asyncpg
import orjson

from services.common.audit import GENESIS_HASH, audit_key, legacy_entry_hash, verify_chain
from services.common.migrations import drop_database, ensure_database, upgrade
from services.common.settings import CommonSettings, database_url_for
from services.launcher.devstack import ROOT, Stack
from services.launcher.testing import TEST_DB_PREFIX

FIELDS = ("seq", "at", "actor", "action", "from_status", "to_status", "details")


def _legacy_chain(alert_id: str, n: int) -> list[dict]:
    prev, out = GENESIS_HASH, []
    t0 = datetime(2022, 3, 1, tzinfo=UTC)
    for seq in range(1, n + 1):
        e = {
            "seq": seq,
            "at": t0 + timedelta(hours=seq),
            "actor": {"sub": "u", "role": "town_officer"},
            "action": f"a{seq}",
            "from_status": "pending_village",
            "to_status": "village_verified",
            "details": {"n": seq},
            "prev_hash": prev,
        }
        e["hash"] = legacy_entry_hash(prev, subject_id=alert_id, **{k: e[k] for k in FIELDS})
        prev = e["hash"]
        out.append(e)
    return out


async def test_legacy_chains_are_resealed_and_broken_ones_stay_broken(stack: Stack) -> None:
    name = f"{TEST_DB_PREFIX}alerts_reseal"
    await drop_database(stack.database_url, name)
    await ensure_database(stack.database_url, name)
    url = database_url_for(stack.database_url, name)
    migrations = ROOT / "services" / "alerts" / "migrations"
    await asyncio.to_thread(upgrade, migrations, url, "20261128_0002")  # before the key
    intact, tampered = str(uuid.uuid4()), str(uuid.uuid4())
    chains = {intact: _legacy_chain(intact, 3), tampered: _legacy_chain(tampered, 3)}
    chains[tampered][1]["details"] = {"n": "edited"}  # edited after sealing, not re-sealed
    conn = await asyncpg.connect(database_url_for(stack.database_url, name, driver="postgresql"))
    try:
        for alert_id, entries in chains.items():
            await conn.executemany(
                "INSERT INTO audit_entries (alert_id, seq, at, actor, action, from_status, to_status, details, "
                "prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                [
                    (
                        uuid.UUID(alert_id),
                        e["seq"],
                        e["at"],
                        orjson.dumps(e["actor"]).decode(),
                        e["action"],
                        e["from_status"],
                        e["to_status"],
                        orjson.dumps(e["details"]).decode(),
                        e["prev_hash"],
                        e["hash"],
                    )
                    for e in entries
                ],
            )
        await asyncio.to_thread(upgrade, migrations, url, "head")
        key = audit_key(CommonSettings())
        for alert_id in chains:
            rows = await conn.fetch(
                "SELECT seq, at, actor, action, from_status, to_status, details, prev_hash, hash "
                "FROM audit_entries WHERE alert_id = $1 ORDER BY seq",
                uuid.UUID(alert_id),
            )
            entries = [
                {**dict(r), "actor": orjson.loads(r["actor"]), "details": orjson.loads(r["details"])}
                for r in rows
            ]
            keyed = verify_chain(alert_id, entries, key=key)
            if alert_id == intact:
                assert keyed is None  # re-sealed: verifies under the key
                assert verify_chain(alert_id, entries, key=None) is not None  # and no longer unkeyed
            else:
                assert keyed is not None and keyed.seq == 1  # still broken: its seals are not the key's
                legacy = verify_chain(alert_id, entries, key=None)
                assert legacy is not None and legacy.seq == 2  # left exactly as it was
        # the trigger is back on: the table is append-only again
        try:
            await conn.execute("DELETE FROM audit_entries")
            raise AssertionError("audit_entries accepted a DELETE")
        except asyncpg.RaiseError:
            pass
    finally:
        await conn.close()
        await drop_database(stack.database_url, name)
