"""Encrypt clear personal data and bind every encrypted value to its row, from a migration.

Issue 11, hole 8: names were stored in clear and AES-GCM values had no associated data, so a value
could be copied into another row unnoticed. The migrations that close it call `encrypt_clear` (a clear
column → an encrypted, row-bound column plus its masked copy) and `bind_existing` (an encrypted
column written without associated data → the same value bound to `table|column|row id`). Both work a
batch at a time and skip what is already done, so a migration stopped half-way can be run again.
The downgrades call `decrypt_to_clear` and `unbind_existing`, which restore what older code reads.

The PII key comes from the environment as for the services; the public development key is accepted
only under `RW_ENV=dev`, and only asked for when there are rows to convert.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from services.common.ids import PiiCipher, bound_to
from services.common.settings import DEV_PII_KEY, CommonSettings

BATCH = 1000


@cache
def migration_cipher() -> PiiCipher:
    """The cipher of `RW_PII_KEY` (and previous keys) for a migration."""
    settings = CommonSettings()
    if settings.env != "dev" and settings.pii_key == DEV_PII_KEY:
        raise RuntimeError("RW_PII_KEY must be set (not the dev default) to encrypt the stored personal data")
    return PiiCipher.from_settings(settings)


def _batches(conn: Connection, sql: str) -> Any:
    """Rows of `sql` (which must select `k` first and end with `ORDER BY k`) a batch at a time."""
    last = None
    while True:
        where = "" if last is None else " AND k > :last"
        rows = conn.execute(text(f"SELECT * FROM ({sql}) AS q WHERE true{where} ORDER BY k LIMIT :n"), {
            "last": last, "n": BATCH,
        }).all()  # fmt: skip
        if not rows:
            return
        yield rows
        last = rows[-1].k


def encrypt_clear(
    conn: Connection,
    *,
    table: str,
    key: str,
    clear: str,
    enc: str,
    masked: str | None = None,
    mask: Callable[[str], str | None] | None = None,
) -> int:
    """Fill `enc` (and `masked`) from `clear` where `enc` is still empty; returns rows converted."""
    done = 0
    sql = f"SELECT {key} AS k, {clear} AS v FROM {table} WHERE {clear} IS NOT NULL AND {enc} IS NULL"
    for rows in _batches(conn, sql):
        cipher = migration_cipher()
        sets = f"{enc} = :e" + (f", {masked} = :m" if masked else "")
        conn.execute(
            text(f"UPDATE {table} SET {sets} WHERE {key} = :k"),
            [
                {
                    "k": r.k,
                    "e": cipher.seal(table, enc, r.k, r.v),
                    **({"m": mask(r.v)} if masked and mask else {}),
                }
                for r in rows
            ],
        )
        done += len(rows)
    return done


def _rewrite(conn: Connection, table: str, key: str, columns: Sequence[str], change: str) -> int:
    """Re-encrypt each value of `columns` with `PiiCipher.<change>` where it returns a new value."""
    done = 0
    for col in columns:
        sql = f"SELECT {key} AS k, {col} AS v FROM {table} WHERE {col} IS NOT NULL"
        for rows in _batches(conn, sql):
            rewrite = getattr(migration_cipher(), change)
            updates = [
                {"k": r.k, "v": fresh}
                for r in rows
                if (fresh := rewrite(r.v, aad=bound_to(table, col, r.k))) is not None
            ]
            if updates:
                conn.execute(text(f"UPDATE {table} SET {col} = :v WHERE {key} = :k"), updates)
                done += len(updates)
    return done


def bind_existing(conn: Connection, *, table: str, key: str, columns: Sequence[str]) -> int:
    """Re-encrypt values of `columns` written without associated data, bound to their row; count."""
    return _rewrite(conn, table, key, columns, "bind_legacy")


def decrypt_to_clear(conn: Connection, *, table: str, key: str, enc: str, clear: str) -> int:
    """Downgrade: fill the clear column back from the bound encrypted one."""
    done = 0
    sql = f"SELECT {key} AS k, {enc} AS v FROM {table} WHERE {enc} IS NOT NULL AND {clear} IS NULL"
    for rows in _batches(conn, sql):
        cipher = migration_cipher()
        conn.execute(
            text(f"UPDATE {table} SET {clear} = :v WHERE {key} = :k"),
            [{"k": r.k, "v": cipher.open(table, enc, r.k, r.v)} for r in rows],
        )
        done += len(rows)
    return done


def unbind_existing(conn: Connection, *, table: str, key: str, columns: Sequence[str]) -> int:
    """Downgrade: re-encrypt bound values without associated data, as the older code reads them."""
    return _rewrite(conn, table, key, columns, "unbound")
