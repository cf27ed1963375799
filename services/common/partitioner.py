"""Kafka's default partitioner (the Java client's murmur2 of the key), computed faster than aiokafka's.

aiokafka's `murmur2` reads the key a byte at a time with a mask after every operation: it was the largest
single cost of the outbox relay (about 40 % of its CPU: bench/results/profile-relay.txt). This one reads
the key as little-endian 32-bit words in one `struct` call and masks only where a product can overflow;
it returns the same hash for every key (tests/unit/test_partitioner.py compares the two on random keys),
so each key keeps its partition when a producer switches to it: per-aggregate order holds across a
rolling upgrade and against the Java clients.
"""

from __future__ import annotations

import random
import struct
from collections.abc import Sequence
from typing import Any

_SEED = 0x9747B28C
_M = 0x5BD1E995
_MASK = 0xFFFFFFFF


_UNPACK: dict[int, Any] = {}  # word count -> the struct's unpack_from


def murmur2(data: bytes) -> int:
    """The Java client's `Utils.murmur2` (and aiokafka's `murmur2`): an unsigned 32-bit hash."""
    m, mask = _M, _MASK
    length = len(data)
    h = _SEED ^ length
    n = length >> 2
    unpack = _UNPACK.get(n)
    if unpack is None:
        unpack = struct.Struct(f"<{n}I").unpack_from
        if len(_UNPACK) < 512:  # keys of a few lengths in practice; never an unbounded cache
            _UNPACK[n] = unpack
    for k in unpack(data):
        k = (k * m) & mask
        h = ((h * m) & mask) ^ (((k ^ (k >> 24)) * m) & mask)
    tail = length & 3
    if tail:
        i = n << 2
        if tail == 3:
            h ^= data[i + 2] << 16
        if tail >= 2:
            h ^= data[i + 1] << 8
        h = ((h ^ data[i]) * m) & mask
    h ^= h >> 13
    h = (h * m) & mask
    return h ^ (h >> 15)


class Murmur2Partitioner:
    """aiokafka's DefaultPartitioner with the faster hash: a key's partition is murmur2(key) & 0x7fffffff
    modulo the partition count; a record without a key goes to a random available partition.

    The hashes of the last keys are kept (up to CACHE keys, then forgotten at once): an aggregate's events
    come in runs (an alert's state event and its audit event, on two topics, a page or two apart)."""

    CACHE = 16_384

    def __init__(self) -> None:
        self._hashes: dict[bytes, int] = {}

    def __call__(self, key: bytes | None, all_partitions: Sequence[int], available: Sequence[int]) -> int:
        if key is None:
            return random.choice(available or all_partitions)
        h = self._hashes.get(key)
        if h is None:
            if len(self._hashes) >= self.CACHE:
                self._hashes.clear()
            h = self._hashes[key] = murmur2(key) & 0x7FFFFFFF
        return all_partitions[h % len(all_partitions)]
