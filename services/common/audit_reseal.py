"""Re-seal legacy (unkeyed SHA-256) audit chains with RW_AUDIT_KEY, from a migration.

Each chain is verified with the legacy hash first: an intact chain gets HMAC seals (same content,
same links); a chain that is already broken is left as it is, so it keeps failing verification and
the tampering is not laundered. Used by the alerts migration that introduced the key.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

import orjson
from sqlalchemy import text
from sqlalchemy.engine import Connection

from services.common.audit import GENESIS_HASH, audit_key, entry_hash, verify_chain
from services.common.settings import DEV_AUDIT_KEY, CommonSettings

FIELDS = ("seq", "at", "actor", "action", "from_status", "to_status", "details")


def migration_key() -> bytes:
    """RW_AUDIT_KEY for a migration; the public dev key only under RW_ENV=dev."""
    settings = CommonSettings()
    if settings.env != "dev" and settings.audit_key == DEV_AUDIT_KEY:
        raise RuntimeError("RW_AUDIT_KEY must be set (not the dev default) to re-seal the audit chains")
    return audit_key(settings)


def reseal(
    conn: Connection, *, table: str, subject_column: str, trigger: str | None = None
) -> tuple[int, list[str]]:
    """Re-seal every intact chain of `table`; returns (chains re-sealed, subjects left broken)."""
    key = migration_key()
    rows = conn.execute(
        text(
            f"SELECT id, {subject_column} AS subject, seq, at, actor, action, from_status, to_status, "
            f"details, prev_hash, hash FROM {table} ORDER BY {subject_column}, seq"
        )
    ).mappings()
    updates: list[dict[str, Any]] = []
    resealed, broken = 0, []
    for subject, group in groupby(rows, key=lambda r: r["subject"]):
        entries = [dict(r) for r in group]
        for e in entries:
            for k in ("actor", "details"):
                if isinstance(e[k], str):
                    e[k] = orjson.loads(e[k])
        if verify_chain(str(subject), entries, key=None) is not None:
            broken.append(str(subject))
            continue
        prev = GENESIS_HASH
        for e in entries:
            seal = entry_hash(prev, key=key, subject_id=str(subject), **{k: e[k] for k in FIELDS})
            updates.append({"i": e["id"], "p": prev, "h": seal})
            prev = seal
        resealed += 1
    if updates:
        if trigger:
            conn.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}"))
        conn.execute(text(f"UPDATE {table} SET prev_hash = :p, hash = :h WHERE id = :i"), updates)
        if trigger:
            conn.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}"))
    return resealed, broken
