"""HMAC-SHA256 and random values for bulk paths that run in worker threads.

`hmac.digest` and `os.urandom` release the GIL on every call. Intake seals, hashes and numbers each
alert in a worker thread (services/alerts/intake_rows.py); with five such calls an item, the thread
gave the GIL away 500,000 times a 100,000-item feed and waited for it back behind the event loop each
time. These hold it: the HMAC continues from the key's inner and outer SHA-256 states, computed once
(RFC 2104: the same value as `hmac.digest`, tests/unit/test_keyed.py), and the random bytes of a whole
chunk come from one `os.urandom` call.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from functools import lru_cache

_BLOCK = 64  # SHA-256's block size


@lru_cache(maxsize=16)
def _pads(key: bytes) -> tuple[hashlib._Hash, hashlib._Hash]:
    if len(key) > _BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(_BLOCK, b"\0")
    return (
        hashlib.sha256(bytes(b ^ 0x36 for b in key)),
        hashlib.sha256(bytes(b ^ 0x5C for b in key)),
    )


def hmac_sha256_hex(key: bytes, data: bytes) -> str:
    """HMAC-SHA256 of `data` under `key`, in hex (the same value as `hmac.digest(key, data, "sha256")`)."""
    inner_pad, outer_pad = _pads(key)
    inner = inner_pad.copy()
    inner.update(data)
    outer = outer_pad.copy()
    outer.update(inner.digest())
    return outer.hexdigest()


def random_blocks(n: int, size: int) -> list[bytes]:
    """`n` independent random strings of `size` bytes from one `os.urandom` call."""
    raw = os.urandom(n * size)
    return [raw[i : i + size] for i in range(0, n * size, size)]


def uuid4s(n: int) -> list[uuid.UUID]:
    """`n` random (version 4) UUIDs from one `os.urandom` call."""
    return [uuid.UUID(bytes=b, version=4) for b in random_blocks(n, 16)]
