"""A workflow step in two statements and no transaction around them: one reads the alert and its audit
chain's head, the other writes the step only if the alert is still as read (docs/adr/0012).

The locking step (`transitions.transition`'s fallback) takes five round trips: BEGIN, the alert locked,
the chain's head, the step's statement, COMMIT; the connection sits idle in its transaction between them
while the service's loop serves the other requests, and a row lock is held across all of it. Here:

1. one statement reads the alert row, its version (`xmin`: a new one for every update, whoever makes it,
   an older replica included) and the chain's last entry, all from one snapshot;
2. the pure workflow decides, the entry is hashed onto that head (`recording.record` stages it);
3. one statement (its own transaction) updates the alert where id and `xmin` still match, and from the
   update's row, and only then, inserts the audit entry, the outbox rows and the Idempotency-Key's answer.

Whatever changed in between is caught by the write: an update of the alert (any step, the SLA sweep, a
due-date move) leaves no row with the old `xmin`, so nothing is written; an entry appended without an
update (evidence) takes the `seq` this entry wanted, and the unique (alert_id, seq) fails the whole
statement. Either way the step is tried again from a fresh read, and after `ATTEMPTS` conflicts it takes
the locking path, which waits its turn. Two requests with one Idempotency-Key: the second's write fails on
the key (or on the alert) and its next read finds the first one's answer.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import asyncpg
import orjson

from services.alerts.context import AlertsContext
from services.alerts.models import Alert
from services.alerts.queries import alert_out
from services.alerts.recording import (
    ALERT_COLUMNS,
    JSONB_COLUMNS,
    WRITABLE_COLUMNS,
    Optimistic,
    alert_from_row,
    alert_state,
)
from services.common import idempotency
from services.common.auth import Principal
from services.common.db import Tx
from services.common.errors import not_found
from services.common.outbox import insert_rows_sql

ATTEMPTS = 3


class Conflict(Exception):
    """The alert or its chain changed between the read and the write."""


async def attempt(
    ctx: AlertsContext,
    *,
    alert_id: uuid.UUID,
    principal: Principal,
    scope: str,
    idem_key: str | None,
    fingerprint: str,
    mutate: Callable[[Tx, Alert, date], Awaitable[Any]],
) -> tuple[int, dict[str, Any]]:
    """One optimistic try of the step; raises Conflict when it must be tried again."""
    async with ctx.db.driver_connection(Optimistic) as s:
        replayed = await idempotency.replay(s, scope=scope, key=idem_key, fingerprint=fingerprint, wait=False)
        if replayed is not None:
            return replayed
        if principal.village_scoped:
            row = await s.driver.fetchrow(_READ_IN_VILLAGES, alert_id, sorted(principal.villages))
        else:
            row = await s.driver.fetchrow(_READ, alert_id)
        if row is None:
            raise not_found("alert")
        alert = alert_from_row(row)
        read_state = alert_state(alert)
        s.version = row["row_version"]
        s.head = {"seq": row["head_seq"], "hash": row["head_hash"]} if row["head_seq"] is not None else None
        await mutate(s, alert, ctx.today())
        if s.staged is None:
            raise RuntimeError("a workflow step records an audit entry")
        out = alert_out(ctx, alert, principal).model_dump(mode="json")
        # only the columns the step changed (and updated_at): a third of the parameters to encode and send
        state = alert_state(alert)
        changed = tuple(i for i in range(1, len(state)) if state[i] != read_state[i] or i == _UPDATED_AT)
        args = [alert.id, *(state[i] for i in changed), s.version, *s.staged]
        if idem_key:
            args += [scope, idem_key, fingerprint, 200, orjson.dumps(out).decode()]
        try:
            written = await s.driver.fetchval(_write_sql(changed, remember=bool(idem_key)), *args)
        except asyncpg.UniqueViolationError as exc:
            raise Conflict from exc
        if written != 1:
            raise Conflict
    return 200, out


_READ = (
    "SELECT "
    + ", ".join(f'a."{n}"' for n, _ in ALERT_COLUMNS)
    + ", a.xmin AS row_version, h.seq AS head_seq, h.hash AS head_hash FROM alerts a LEFT JOIN LATERAL "
    "(SELECT seq, hash FROM audit_entries e WHERE e.alert_id = a.id ORDER BY seq DESC LIMIT 1) h ON true "
    "WHERE a.id = $1"
)
_READ_IN_VILLAGES = _READ + " AND a.village_code = ANY($2::text[])"


@functools.lru_cache(maxsize=64)
def _write_sql(changed: tuple[int, ...], *, remember: bool) -> str:
    """$1 the alert's id, then the `changed` columns (indexes into `recording.alert_state`, whose first is the
    id), its version as read, the entry's nine fields, the outbox rows' seven arrays and, when
    `remember`, the Idempotency-Key's five columns. A handful of shapes (one or two a step)."""
    columns = [WRITABLE_COLUMNS[i - 1][0] for i in changed]
    sets = ", ".join(
        f'"{n}" = ${k + 2}' + ("::jsonb" if n in JSONB_COLUMNS else "") for k, n in enumerate(columns)
    )
    v = len(columns) + 2
    casts = ("int", "timestamptz", "jsonb", "text", "text", "text", "jsonb", "text", "text")
    entry = ", ".join(f"${v + 1 + i}::{cast}" for i, cast in enumerate(casts))
    sql = (
        f"WITH alert AS (UPDATE alerts SET {sets} WHERE id = $1 AND xmin = ${v} RETURNING id), "
        "entry AS (INSERT INTO audit_entries (alert_id, seq, at, actor, action, from_status, to_status, "
        f"details, prev_hash, hash) SELECT id, {entry} FROM alert), "
        f"events AS ({insert_rows_sql(v + 10, only_if='alert')})"
    )
    if remember:
        k = v + 17
        sql += (
            ", answer AS (INSERT INTO idempotency_keys (scope, key, request_hash, status_code, body) "
            f"SELECT ${k}::text, ${k + 1}::text, ${k + 2}::text, ${k + 3}::int, ${k + 4}::jsonb FROM alert)"
        )
    return sql + " SELECT count(*) FROM alert"


_UPDATED_AT = 1 + [n for n, _ in WRITABLE_COLUMNS].index("updated_at")  # its index in `recording.alert_state`
