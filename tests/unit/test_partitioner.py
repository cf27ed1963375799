"""The fast murmur2 partitioner chooses the partition aiokafka's default one chooses, for every key."""

from __future__ import annotations

import random

from aiokafka.partitioner import DefaultPartitioner
from aiokafka.partitioner import murmur2 as aiokafka_murmur2

from services.common.partitioner import Murmur2Partitioner, murmur2
from tests.fuzzing import fuzz_seed


def test_same_hash_as_aiokafka_for_random_keys_of_every_length() -> None:
    rng = random.Random(fuzz_seed("partitioner fuzz"))
    for length in range(0, 80):
        for _ in range(40):
            key = bytes(rng.randrange(256) for _ in range(length))
            assert murmur2(key) == aiokafka_murmur2(key), key


def test_known_java_client_values() -> None:
    # Kafka's own UtilsTest.testMurmur2 vectors (the Java client's partitions for these keys)
    cases = {
        b"21": -973932308,
        b"foobar": -790332482,
        b"a-little-bit-long-string": -985981536,
        b"a-little-bit-longer-string": -1486304829,
        b"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8": -58897971,
        b"abc": 479470107,
    }
    for key, java in cases.items():
        assert murmur2(key) == java & 0xFFFFFFFF, key


def test_same_partition_as_the_default_partitioner() -> None:
    rng = random.Random(fuzz_seed("partitioner fuzz"))
    ours, theirs = Murmur2Partitioner(), DefaultPartitioner()
    for partitions in (1, 2, 3, 6, 12, 50):
        all_partitions = list(range(partitions))
        for _ in range(500):
            key = str(rng.getrandbits(128)).encode()
            assert ours(key, all_partitions, all_partitions) == theirs(key, all_partitions, all_partitions)


def test_a_record_without_a_key_goes_to_an_available_partition() -> None:
    ours = Murmur2Partitioner()
    assert {ours(None, [0, 1, 2], [2]) for _ in range(20)} == {2}
    assert {ours(None, [0, 1, 2], []) for _ in range(50)} <= {0, 1, 2}


def test_a_cached_key_keeps_its_partition_and_the_cache_stays_bounded() -> None:
    ours, theirs = Murmur2Partitioner(), DefaultPartitioner()
    keys = [str(i).encode() for i in range(Murmur2Partitioner.CACHE + 100)]
    for _ in range(2):  # the second pass reads the hashes kept by the first (and refills after a clear)
        for key in keys:
            assert ours(key, [0, 1, 2, 3, 4], [0]) == theirs(key, [0, 1, 2, 3, 4], [0])
    assert len(ours._hashes) <= Murmur2Partitioner.CACHE
