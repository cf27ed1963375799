"""Aggregate versions: a projection never applies an older state of an aggregate over a newer one.

The outbox relay stamps every event with `aggregate_version` (its outbox id). Writers of an aggregate's
state lock the aggregate's row before they stage its events, so one aggregate's outbox ids grow in the
order its changes commit, and a version is a per-aggregate sequence (increasing, not dense).

A state projection keeps the version it last applied in a `version` column and upserts with
`guarded_update`: the row changes only if the incoming version is newer. An event without a version
(written before versions existed, or replayed from an old dump) still applies, as it always did.
Additive facts (a visit, a repayment) are keyed by their own id and need no guard.
"""

from __future__ import annotations

from collections.abc import Sequence


def newer(table: str) -> str:
    """The `WHERE` of an `ON CONFLICT … DO UPDATE` that only moves a row forward."""
    return f"{table}.version IS NULL OR EXCLUDED.version IS NULL OR EXCLUDED.version > {table}.version"


def add_version_sql(tables: Sequence[str]) -> list[str]:
    return [f"ALTER TABLE {t} ADD COLUMN IF NOT EXISTS version bigint" for t in tables]


def drop_version_sql(tables: Sequence[str]) -> list[str]:
    return [f"ALTER TABLE {t} DROP COLUMN IF EXISTS version" for t in tables]
