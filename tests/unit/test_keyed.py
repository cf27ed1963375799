"""The GIL-holding HMAC and random helpers of the bulk paths (services/common/keyed.py) give what the
standard library gives: the seal of an audit entry and the lookup hash of an ID number must not change
with the way they are computed, or every chain sealed before would stop verifying."""

from __future__ import annotations

import base64
import hmac
import os
import random
import uuid

import pytest
from cryptography.exceptions import InvalidTag

from services.common.audit import GENESIS_HASH, entry_hash
from services.common.ids import PiiCipher
from services.common.keyed import hmac_sha256_hex, random_blocks, uuid7s
from tests.fuzzing import fuzz_seed


def test_hmac_equals_the_standard_library_for_random_keys_and_messages() -> None:
    rng = random.Random(fuzz_seed("keyed fuzz"))
    # keys shorter than, equal to and longer than SHA-256's 64-byte block (a long key is hashed first)
    for key_len in (0, 1, 16, 32, 63, 64, 65, 100, 200):
        key = rng.randbytes(key_len)
        for msg_len in (0, 1, 55, 56, 63, 64, 65, 400, 3000):
            msg = rng.randbytes(msg_len)
            assert hmac_sha256_hex(key, msg) == hmac.digest(key, msg, "sha256").hex(), (key_len, msg_len)


def test_rfc4231_vector() -> None:
    # RFC 4231 test case 2
    assert hmac_sha256_hex(b"Jefe", b"what do ya want for nothing?") == (
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    )


def test_audit_seal_is_the_standard_hmac_over_the_canonical_body() -> None:
    from datetime import UTC, datetime

    from services.common.audit import _body

    key = os.urandom(32)
    entry = {
        "subject_id": str(uuid.uuid4()),
        "seq": 1,
        "at": datetime.now(UTC),
        "actor": {"sub": "u", "role": "town_officer"},
        "action": "received",
        "from_status": None,
        "to_status": "pending_village",
        "details": {"batch_id": "B-1", "note": "核实 ✓"},
    }
    expected = hmac.digest(key, GENESIS_HASH.encode() + _body(**entry), "sha256").hex()
    assert entry_hash(GENESIS_HASH, key=key, **entry) == expected


def test_lookup_hash_is_the_standard_hmac_of_the_normalised_value() -> None:
    key = os.urandom(32)
    cipher = PiiCipher(base64.b64encode(os.urandom(32)).decode(), base64.b64encode(key).decode())
    value = " 43098119600101123x "
    assert cipher.lookup_hash(value) == hmac.digest(key, b"43098119600101123X", "sha256").hex()


def test_seal_many_opens_per_row_with_distinct_nonces() -> None:
    cipher = PiiCipher(base64.b64encode(os.urandom(32)).decode(), base64.b64encode(os.urandom(32)).decode())
    ids = uuid7s(50)
    values = [None if i % 7 == 0 else f"张{i}" for i in range(50)]
    sealed = cipher.seal_many("alerts", "person_name_enc", ids, values)
    nonces = {s[:12] for s in sealed if s is not None}
    assert len(nonces) == sum(1 for v in values if v)
    for row_id, value, token in zip(ids, values, sealed, strict=True):
        if value is None:
            assert token is None
        else:
            assert cipher.open("alerts", "person_name_enc", row_id, token) == value
    # bound to its row: another row's id does not open it
    token = sealed[1]
    assert token is not None
    with pytest.raises(InvalidTag):
        cipher.open("alerts", "person_name_enc", ids[2], token)


def test_random_blocks_are_independent() -> None:
    blocks = random_blocks(1000, 12)
    assert len(blocks) == 1000 and all(len(b) == 12 for b in blocks) and len(set(blocks)) == 1000


def test_uuid7s_are_version_7_ascending_and_carry_the_millisecond() -> None:
    now = 1_796_000_000_000  # 2026-12 in Unix milliseconds
    ids = uuid7s(10_000, now_ms=now)  # past 4,096: the counter wraps and the millisecond moves on
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert all(u.version == 7 and u.variant == uuid.RFC_4122 for u in ids)
    assert ids[0].int >> 80 == now and ids[-1].int >> 80 == now + 2
    # two calls in the same millisecond still differ (62 random bits each)
    assert not set(uuid7s(100, now_ms=now)) & set(uuid7s(100, now_ms=now))


def test_event_ids_are_time_ordered_uuid_text_in_their_canonical_form() -> None:
    from services.common.events.envelope import new_event_id, new_event_ids

    ids = new_event_ids(5000)
    # ascending as text: the inbox's (consumer, event_id) index grows at its end
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert all(str(uuid.UUID(i)) == i and uuid.UUID(i).version == 7 for i in ids)
    assert new_event_id().version == 7
