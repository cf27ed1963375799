from datetime import UTC, datetime, timedelta

from services.common.audit import GENESIS_HASH, entry_hash, legacy_entry_hash, verify_chain

KEY = b"k" * 32
FIELDS = ("seq", "at", "actor", "action", "from_status", "to_status", "details")


def _chain(n: int) -> list[dict]:
    entries, prev = [], GENESIS_HASH
    t0 = datetime(2022, 3, 1, tzinfo=UTC)
    for seq in range(1, n + 1):
        e = {
            "seq": seq,
            "at": t0 + timedelta(hours=seq),
            "actor": {"sub": "u"},
            "action": f"a{seq}",
            "from_status": None,
            "to_status": "s",
            "details": {"k": seq},
            "prev_hash": prev,
        }
        e["hash"] = entry_hash(
            prev,
            key=KEY,
            subject_id="A",
            **{k: e[k] for k in ("seq", "at", "actor", "action", "from_status", "to_status", "details")},
        )
        prev = e["hash"]
        entries.append(e)
    return entries


def test_intact_chain_verifies() -> None:
    assert verify_chain("A", _chain(5), key=KEY) is None


def test_edited_entry_is_found_at_its_seq() -> None:
    chain = _chain(5)
    chain[2]["details"] = {"k": 999}
    brk = verify_chain("A", chain, key=KEY)
    assert brk is not None and brk.seq == 3 and "altered" in brk.reason


def test_rehashed_entry_breaks_the_next_link() -> None:
    chain = _chain(5)
    chain[2]["details"] = {"k": 999}
    c = chain[2]
    c["hash"] = entry_hash(
        c["prev_hash"],
        key=KEY,
        subject_id="A",
        **{k: c[k] for k in ("seq", "at", "actor", "action", "from_status", "to_status", "details")},
    )
    brk = verify_chain("A", chain, key=KEY)
    assert brk is not None and brk.seq == 4


def test_deleted_entry_is_a_gap() -> None:
    chain = _chain(5)
    del chain[1]
    brk = verify_chain("A", chain, key=KEY)
    assert brk is not None and brk.seq == 3


def test_a_chain_rewritten_without_the_key_does_not_verify() -> None:
    """Issue 11, hole 10: with unkeyed SHA-256 anyone who could write the rows could rewrite an entry
    and re-seal every entry after it; without the key the whole re-sealed chain fails at the edit."""
    chain = _chain(5)
    chain[1]["details"] = {"k": "rewritten"}
    prev = chain[0]["hash"]
    for e in chain[1:]:  # the attacker re-seals from the edit on, as the old scheme allowed
        e["prev_hash"] = prev
        e["hash"] = legacy_entry_hash(prev, subject_id="A", **{k: e[k] for k in FIELDS})
        prev = e["hash"]
    brk = verify_chain("A", chain, key=KEY)
    assert brk is not None and brk.seq == 2 and "altered" in brk.reason
    other_key = b"x" * 32
    forged = _chain(3)
    assert verify_chain("A", forged, key=other_key) is not None
