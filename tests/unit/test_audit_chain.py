from datetime import UTC, datetime, timedelta

from services.common.audit import GENESIS_HASH, entry_hash, verify_chain


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
            subject_id="A",
            **{k: e[k] for k in ("seq", "at", "actor", "action", "from_status", "to_status", "details")},
        )
        prev = e["hash"]
        entries.append(e)
    return entries


def test_intact_chain_verifies() -> None:
    assert verify_chain("A", _chain(5)) is None


def test_edited_entry_is_found_at_its_seq() -> None:
    chain = _chain(5)
    chain[2]["details"] = {"k": 999}
    brk = verify_chain("A", chain)
    assert brk is not None and brk.seq == 3 and "altered" in brk.reason


def test_rehashed_entry_breaks_the_next_link() -> None:
    chain = _chain(5)
    chain[2]["details"] = {"k": 999}
    c = chain[2]
    c["hash"] = entry_hash(
        c["prev_hash"],
        subject_id="A",
        **{k: c[k] for k in ("seq", "at", "actor", "action", "from_status", "to_status", "details")},
    )
    brk = verify_chain("A", chain)
    assert brk is not None and brk.seq == 4


def test_deleted_entry_is_a_gap() -> None:
    chain = _chain(5)
    del chain[1]
    brk = verify_chain("A", chain)
    assert brk is not None and brk.seq == 3
