"""`Idempotency-Key` support: the same key and body return the first answer again."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Annotated, Any

import orjson
from fastapi import Header
from sqlalchemy import Column, DateTime, Index, Integer, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field

from services.common.db import PlatformBase, Tx, driver_of
from services.common.errors import APIError

# the request header a client sends so that a retried write answers the first time
IdemKey = Annotated[str | None, Header(alias="Idempotency-Key")]


class IdempotencyKey(PlatformBase, table=True):
    __tablename__ = "idempotency_keys"

    scope: str = Field(sa_column=Column(String(300), primary_key=True))
    key: str = Field(sa_column=Column(String(200), primary_key=True))
    request_hash: str = Field(sa_column=Column(String(64), nullable=False))
    status_code: int = Field(sa_column=Column(Integer, nullable=False))
    body: Any = Field(sa_column=Column(JSONB, nullable=False))
    created_at: datetime = Field(
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), nullable=False)
    )

    __table_args__ = (Index("ix_idempotency_keys_created_at", "created_at"),)  # the retention purge walks it


def request_fingerprint(payload: Any) -> str:
    """SHA-256 of the request in canonical JSON (any JSON: integers past 64 bits included)."""
    try:
        canonical = orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # orjson stops at 64-bit integers; the standard library does not
        canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(canonical).hexdigest()


async def replay(
    session: Tx, *, scope: str, key: str | None, fingerprint: str, wait: bool = True
) -> tuple[int, Any] | None:
    """Lock the key for this transaction and return the stored answer, if any.

    A different body under a key already used answers 422. Straight to the driver (`db.driver_of`): the
    key's rows are never pending in a session. `wait=False` reads without the lock, for a caller outside a
    transaction whose write fails on the key's primary key when a twin got there first (and reads again).
    """
    if not key:
        return None
    if len(key) > 200:
        raise APIError(400, "bad_request", "Idempotency-Key is longer than 200 characters")
    driver = await driver_of(session)
    if wait:
        await driver.execute(_LOCK, f"{scope}|{key}")
    row = await driver.fetchrow(_READ, scope, key)
    if row is None:
        return None
    if row["request_hash"] != fingerprint:
        raise APIError(
            422, "idempotency_key_reused", "this Idempotency-Key was used with a different request"
        )
    return int(row["status_code"]), row["body"]


async def remember(
    session: Tx, *, scope: str, key: str | None, fingerprint: str, status_code: int, body: Any
) -> None:
    """Store the answer in the caller's transaction."""
    if not key:
        return
    driver = await driver_of(session)
    await driver.execute(_INSERT, scope, key, fingerprint, status_code, orjson.dumps(body).decode())


# a second request with the same key waits on the lock until the first commits; the row is read in a
# statement of its own, whose snapshot is taken after the wait (one statement would keep the snapshot
# from before it and miss the first request's answer)
_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))"
_READ = "SELECT request_hash, status_code, body FROM idempotency_keys WHERE scope = $1 AND key = $2"
_INSERT = (
    "INSERT INTO idempotency_keys (scope, key, request_hash, status_code, body) "
    "VALUES ($1, $2, $3, $4, $5::jsonb)"
)
