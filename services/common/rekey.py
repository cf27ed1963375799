"""Re-encrypt personal data with the current PII key (key rotation, see deploy/RUNBOOK.md).

Each service lists its encrypted columns as `PII_COLUMNS` in its models module: (table, key column,
encrypted columns); every value is bound to `table|column|key` (`ids.bound_to`) and stays so. Rows are read in key order, a batch at a time; only values that the current key
does not open are rewritten, so the command can be stopped and run again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import text

from services.common.db import Database
from services.common.ids import PiiCipher, bound_to

PiiColumns = Sequence[tuple[str, str, Sequence[str]]]


async def rekey(
    db: Database,
    cipher: PiiCipher,
    columns: PiiColumns,
    *,
    batch: int = 1000,
    progress: Callable[[str, int], Any] | None = None,
) -> dict[str, dict[str, int]]:
    """{table: {"rows": read, "rewritten": values re-encrypted}} for every listed table."""
    out: dict[str, dict[str, int]] = {}
    for table, key, cols in columns:
        read = rewritten = 0
        last: Any = None
        while True:
            async with db.transaction() as s:
                where = f"WHERE {key} > :last " if last is not None else ""
                rows = (
                    await s.execute(
                        text(
                            f"SELECT {key} AS k, {', '.join(cols)} FROM {table} {where}"
                            f"ORDER BY {key} LIMIT :n FOR UPDATE"
                        ),
                        {"last": last, "n": batch},
                    )
                ).all()
                if not rows:
                    break
                updates = []
                for r in rows:
                    fresh = {
                        c: cipher.rekeyed(bytes(v), aad=bound_to(table, c, r.k))
                        if (v := getattr(r, c)) is not None
                        else None
                        for c in cols
                    }
                    if any(v is not None for v in fresh.values()):
                        updates.append({**fresh, "k": r.k})
                        rewritten += sum(v is not None for v in fresh.values())
                if updates:  # one executemany per batch; a column left None keeps its value
                    sets = ", ".join(f"{c} = COALESCE(:{c}, {c})" for c in cols)
                    await s.execute(text(f"UPDATE {table} SET {sets} WHERE {key} = :k"), updates)
                read += len(rows)
                last = rows[-1].k
            if progress:
                progress(table, read)
        out[table] = {"rows": read, "rewritten": rewritten}
    return out
