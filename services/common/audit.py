"""Hash-chained audit entries: each entry's seal covers the previous seal and the entry's content.

The seal is an HMAC-SHA256 under `RW_AUDIT_KEY` (issue 11, hole 10): someone who can write the rows
but does not hold the key cannot rewrite an entry and re-seal the chain after it, as they could with
a plain SHA-256. `legacy_entry_hash` is the unkeyed form, kept only to verify chains before the
migration re-seals them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from services.common.keyed import hmac_sha256_hex

GENESIS_HASH = "0" * 64


def _body(
    *,
    subject_id: str,
    seq: int,
    at: datetime,
    actor: Mapping[str, Any],
    action: str,
    from_status: str | None,
    to_status: str | None,
    details: Mapping[str, Any],
) -> bytes:
    return orjson.dumps(
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


def audit_key(settings: Any) -> bytes:
    """The chain key from `RW_AUDIT_KEY` (base64)."""
    return base64.b64decode(settings.audit_key)


def entry_hash(prev_hash: str, *, key: bytes, **entry: Any) -> str:
    """HMAC-SHA256 under `key` over the previous seal and a canonical JSON of the entry."""
    # from the key's precomputed pads: half the cost of hmac.digest, and it keeps the GIL (bulk intake
    # seals one entry per alert in a worker thread; services/common/keyed.py)
    return hmac_sha256_hex(key, prev_hash.encode() + _body(**entry))


def legacy_entry_hash(prev_hash: str, **entry: Any) -> str:
    """The unkeyed SHA-256 seal of chains written before RW_AUDIT_KEY (migrations re-seal them)."""
    return hashlib.sha256(prev_hash.encode() + _body(**entry)).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def verify_chain(
    subject_id: str,
    entries: Iterable[Mapping[str, Any]],
    *,
    key: bytes | None,
) -> ChainBreak | None:
    """The first entry whose link or seal does not hold, or None when the whole chain verifies.

    `key=None` checks the legacy unkeyed seals (only the re-sealing migration does that).
    """
    prev = GENESIS_HASH
    expected_seq = 1
    for e in entries:
        if e["seq"] != expected_seq:
            return ChainBreak(e["seq"], f"sequence gap: expected {expected_seq}")
        if e["prev_hash"] != prev:
            return ChainBreak(e["seq"], "prev_hash does not match the previous entry's hash")
        fields = {k: e[k] for k in ("seq", "at", "actor", "action", "from_status", "to_status", "details")}
        recomputed = (
            entry_hash(prev, key=key, subject_id=subject_id, **fields)
            if key is not None
            else legacy_entry_hash(prev, subject_id=subject_id, **fields)
        )
        if not hmac.compare_digest(recomputed, e["hash"]):
            return ChainBreak(e["seq"], "content does not match its hash (the entry was altered)")
        prev = e["hash"]
        expected_seq += 1
    return None
