"""Hash-chained audit entries: each entry's hash covers the previous hash and the entry's content."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

GENESIS_HASH = "0" * 64


def entry_hash(
    prev_hash: str,
    *,
    subject_id: str,
    seq: int,
    at: datetime,
    actor: Mapping[str, Any],
    action: str,
    from_status: str | None,
    to_status: str | None,
    details: Mapping[str, Any],
) -> str:
    """SHA-256 over the previous hash and a canonical JSON of the entry."""
    body = orjson.dumps(
        {
            "subject_id": subject_id,
            "seq": seq,
            "at": at.isoformat(timespec="microseconds"),
            "actor": dict(actor),
            "action": action,
            "from_status": from_status,
            "to_status": to_status,
            "details": dict(details),
        },
        option=orjson.OPT_SORT_KEYS,
    )
    return hashlib.sha256(prev_hash.encode() + body).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def verify_chain(subject_id: str, entries: Iterable[Mapping[str, Any]]) -> ChainBreak | None:
    """The first entry whose link or hash does not hold, or None when the whole chain verifies."""
    prev = GENESIS_HASH
    expected_seq = 1
    for e in entries:
        if e["seq"] != expected_seq:
            return ChainBreak(e["seq"], f"sequence gap: expected {expected_seq}")
        if e["prev_hash"] != prev:
            return ChainBreak(e["seq"], "prev_hash does not match the previous entry's hash")
        recomputed = entry_hash(
            prev,
            subject_id=subject_id,
            seq=e["seq"],
            at=e["at"],
            actor=e["actor"],
            action=e["action"],
            from_status=e["from_status"],
            to_status=e["to_status"],
            details=e["details"],
        )
        if recomputed != e["hash"]:
            return ChainBreak(e["seq"], "content does not match its hash (the entry was altered)")
        prev = e["hash"]
        expected_seq += 1
    return None
