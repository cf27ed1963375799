"""A batch of read-model rows: the rows of many events, written with one upsert statement per table."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import orjson
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.versioning import newer

RECENT_KEEP = 500


class Batch:
    """The read-model rows of many events, written with one statement per table.

    Every read-model write is an upsert of a whole row by its key, so within a batch (one poll: each
    partition's events in their order, partition after partition) the last row per key is what applying
    the events one by one would leave. Events of two partitions never had an order between them; where
    one aggregate's rows could meet out of order, the version guard (`older`, `newer`) keeps the newer.
    """

    def __init__(self) -> None:
        self.rows: dict[
            tuple[str, tuple[str, ...], tuple[str, ...]], dict[tuple[Any, ...], dict[str, Any]]
        ] = {}
        self.recent: list[dict[str, Any]] = []

    def put(self, table: str, key: list[str], values: dict[str, Any]) -> None:
        group = self.rows.setdefault((table, tuple(key), tuple(values)), {})
        k = tuple(values[c] for c in key)
        kept = group.get(k)
        if kept is not None and older(values.get("version"), kept.get("version")):
            return  # an aggregate's older state behind its newer one (see services.common.versioning)
        group.pop(k, None)  # keep the order of last writes
        group[k] = values

    async def flush(self, s: AsyncSession) -> None:
        for (table, key, cols), group in self.rows.items():
            await upsert_many(s, table, key, cols, list(group.values()))
        if self.recent:
            await s.execute(
                text(
                    "INSERT INTO rm_recent_events (event_id, at, event_type, aggregate_id, village_code) "
                    "SELECT event_id, at, event_type, aggregate_id, village_code "
                    "FROM jsonb_populate_recordset(NULL::rm_recent_events, CAST(:rows AS jsonb)) "
                    "ON CONFLICT (event_id) DO NOTHING"
                ),
                {"rows": to_json(self.recent[-RECENT_KEEP:])},
            )
        self.rows.clear()
        self.recent.clear()


async def upsert_many(
    s: AsyncSession, table: str, key: tuple[str, ...], cols: tuple[str, ...], rows: list[dict[str, Any]]
) -> None:
    """One INSERT … ON CONFLICT DO UPDATE for many rows, passed as one JSON array typed by the table."""
    names = ", ".join(cols)
    updates = (
        ", ".join(f"{c} = EXCLUDED.{c}" for c in cols if c not in key) or f"{key[0]} = EXCLUDED.{key[0]}"
    )
    guard = f" WHERE {newer(table)}" if "version" in cols else ""
    await s.execute(
        text(
            f"INSERT INTO {table} ({names}) SELECT {names} "
            f"FROM jsonb_populate_recordset(NULL::{table}, CAST(:rows AS jsonb)) "
            f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}{guard}"
        ),
        {"rows": to_json(rows)},
    )


def older(incoming: int | None, kept: int | None) -> bool:
    return incoming is not None and kept is not None and incoming < kept


def dump(model: BaseModel, *fields: str) -> dict[str, Any]:
    data = model.model_dump(by_alias=False)
    return {f: data[f] for f in fields}


def to_json(value: Any) -> str:
    return orjson.dumps(value, default=_default).decode()


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
