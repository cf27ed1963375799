"""The event envelope every message on every topic carries (SPEC §5)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field

from services.common.keyed import uuid7_ints, uuid7s


class Actor(BaseModel):
    """Who caused the event: a user (`sub`, `role`) or a job (`sub: "system:<job>"`)."""

    model_config = ConfigDict(extra="forbid")
    sub: str
    role: str | None = None


class EventEnvelope(BaseModel):
    """The JSON value of a message; `event_id`, `event_type`, `schema_version` are also headers."""

    model_config = ConfigDict(extra="forbid")

    event_id: uuid.UUID
    event_type: str = Field(pattern=r"^[a-z_]+\.[a-z_]+\.[a-z_]+$")
    schema_version: int = Field(ge=1)
    source: str
    aggregate_type: str
    aggregate_id: str
    occurred_at: datetime
    correlation_id: str | None = None
    causation_id: str | None = None
    actor: Actor
    data: dict[str, Any]
    # the aggregate's version: stamped by the outbox relay (the row's outbox id, which grows with each
    # committed change of one aggregate because its writers lock it first); a projection never applies a
    # lower version over a higher one. None only on events that never went through an outbox.
    aggregate_version: int | None = Field(default=None, ge=1)

    def to_bytes(self) -> bytes:
        exclude = {"aggregate_version"} if self.aggregate_version is None else None
        return orjson.dumps(self.model_dump(mode="json", exclude=exclude))

    def headers(self) -> list[tuple[str, bytes]]:
        out = [
            ("event_id", str(self.event_id).encode()),
            ("event_type", self.event_type.encode()),
            ("schema_version", str(self.schema_version).encode()),
        ]
        if self.aggregate_version is not None:
            out.append(("aggregate_version", str(self.aggregate_version).encode()))
        return out

    @classmethod
    def from_bytes(cls, raw: bytes) -> EventEnvelope:
        """Parse as a tolerant reader: envelope fields added by a newer writer are ignored."""
        from services.common.events.tolerant import read_json

        return read_json(cls, raw)


def new_event(
    *,
    event_type: str,
    source: str,
    aggregate_type: str,
    aggregate_id: str,
    data: BaseModel | dict[str, Any],
    actor: dict[str, Any] | Actor,
    schema_version: int = 1,
    correlation_id: str | None = None,
    causation_id: str | None = None,
    occurred_at: datetime | None = None,
) -> EventEnvelope:
    """Build an envelope; `data` is a contract model (validated) or an already-valid dict."""
    payload = data.model_dump(mode="json") if isinstance(data, BaseModel) else data
    return EventEnvelope(
        event_id=new_event_id(),
        event_type=event_type,
        schema_version=schema_version,
        source=source,
        aggregate_type=aggregate_type,
        aggregate_id=aggregate_id,
        occurred_at=occurred_at or datetime.now(UTC),
        correlation_id=correlation_id or aggregate_id,
        causation_id=causation_id,
        actor=actor if isinstance(actor, Actor) else Actor.model_validate(actor),
        data=payload,
    )


def stamp_version(payload: bytes, version: int) -> bytes:
    """The serialised envelope with `aggregate_version` set, without parsing it: the relay's hot path.

    Outbox payloads are JSON objects written without the field (`to_bytes`, `envelope_bytes`), so the
    field is spliced in as the first member. A payload that already names one is returned unchanged.
    """
    if payload[:1] != b"{" or b'"aggregate_version"' in payload:
        return payload
    head = b'{"aggregate_version":%d' % version
    return head + (b"," if payload[1:2] != b"}" else b"") + payload[1:]


def new_event_ids(n: int) -> list[str]:
    """`n` event ids for bulk paths: time-ordered (UUID version 7) strings, ascending, made in one go.

    Every consumer records each event id in its inbox under a unique (consumer, event_id) index, so the
    ids' order is the order in which that index grows: random (version 4) ids put each row on a random
    page. Measured 2026-12-03 on this PostgreSQL, 1,500,000 ids into an inbox-shaped table in rounds of
    500: 27.1-31.6 s as version 4, 13.0-15.7 s as version 7.
    """
    return [_uuid_text(value) for value in uuid7_ints(n)]


def new_event_id() -> uuid.UUID:
    """One time-ordered event id (see `new_event_ids`)."""
    return uuid7s(1)[0]


def _uuid_text(value: int) -> str:
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def envelope_bytes(
    *,
    event_id: str,
    event_type: str,
    source: str,
    aggregate_type: str,
    aggregate_id: str,
    data: dict[str, Any],
    actor: dict[str, Any],
    occurred_at: datetime,
    correlation_id: str | None = None,
    causation_id: str | None = None,
    schema_version: int = 1,
) -> bytes:
    """The serialised envelope without pydantic validation, for bulk paths whose data is already valid.

    The result parses as an `EventEnvelope`; the integration tests check bulk output against the contracts.
    """
    return orjson.dumps(
        {
            "event_id": event_id,
            "event_type": event_type,
            "schema_version": schema_version,
            "source": source,
            "aggregate_type": aggregate_type,
            "aggregate_id": aggregate_id,
            "occurred_at": occurred_at,
            "correlation_id": correlation_id or aggregate_id,
            "causation_id": causation_id,
            "actor": actor,
            "data": data,
        }
    )
