from datetime import date

import pytest
from cryptography.exceptions import InvalidTag
from hypothesis import given
from hypothesis import strategies as st

from services.common.ids import (
    PiiCipher,
    bound_to,
    id_number_check_digit,
    make_id_number,
    mask_id_number,
    mask_name,
    mask_phone,
    validate_id_number,
)
from services.common.settings import DEV_PII_HASH_KEY, DEV_PII_KEY


def test_known_check_digit() -> None:
    # the GB 11643 worked example: 11010519491231002X
    assert id_number_check_digit("11010519491231002") == "X"
    assert validate_id_number("11010519491231002X") == []
    assert validate_id_number("11010519491231002x") == []


def test_every_reason_is_reported() -> None:
    first17 = "11010519491331002"  # month 13
    wrong = "0" if id_number_check_digit(first17) != "0" else "1"
    errors = validate_id_number(first17 + wrong)
    assert any("impossible birth date" in e for e in errors)
    assert any("check digit" in e for e in errors)
    assert validate_id_number("12345") == ["id_number must be 17 digits and a check character (digit or X)"]


def test_future_birth_date_refused() -> None:
    future = make_id_number("430981", date(2030, 1, 1), 1)
    assert any("out of range" in e for e in validate_id_number(future, today=date(2026, 1, 1)))


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)), st.integers(0, 999))
def test_generated_numbers_are_valid(born: date, seq: int) -> None:
    assert validate_id_number(make_id_number("430981", born, seq), today=date(2026, 1, 1)) == []


def test_masks() -> None:
    assert mask_id_number("430981199001011234") == "430981***********4"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_name("张三丰") == "张**"
    assert mask_name("张三") == "张**"  # the mask does not tell the name's length
    assert mask_name("欧阳春花") == "欧**"
    assert mask_id_number(None) is None


def test_cipher_round_trip_and_lookup_hash() -> None:
    c = PiiCipher(DEV_PII_KEY, DEV_PII_HASH_KEY)
    token = c.seal("members", "id_number_enc", "row-1", "430981199001011234")
    assert b"430981" not in token
    assert c.open("members", "id_number_enc", "row-1", token) == "430981199001011234"
    assert c.seal("t", "c", 1, "x") != c.seal("t", "c", 1, "x")  # random nonce
    assert c.lookup_hash("43098119900101123x") == c.lookup_hash("43098119900101123X")
    with pytest.raises(ValueError):
        PiiCipher("c2hvcnQ=", DEV_PII_HASH_KEY)


@pytest.mark.parametrize(
    "place",
    [
        ("members", "id_number_enc", "row-2"),
        ("members", "phone_enc", "row-1"),
        ("loans", "id_number_enc", "row-1"),
    ],
)
def test_a_value_moved_to_another_row_column_or_table_does_not_open(place: tuple[str, str, str]) -> None:
    """Issue 11, hole 8: the ciphertext is bound to table|column|row id, so copying it elsewhere fails."""
    c = PiiCipher(DEV_PII_KEY, DEV_PII_HASH_KEY)
    token = c.seal("members", "id_number_enc", "row-1", "430981199001011234")
    with pytest.raises(InvalidTag):
        c.open(*place, token)


def test_unbound_legacy_values_are_refused_at_runtime_and_bound_by_the_migration_helper() -> None:
    c = PiiCipher(DEV_PII_KEY, DEV_PII_HASH_KEY)
    aad = bound_to("alerts", "id_number_enc", "a1")
    legacy = c.unbound(c.encrypt("430981199001011234", aad=aad), aad=aad)  # as written before binding
    assert legacy is not None
    with pytest.raises(InvalidTag):
        c.decrypt(legacy, aad=aad)  # the running code never reads an unbound value
    bound = c.bind_legacy(legacy, aad=aad)
    assert bound is not None and c.decrypt(bound, aad=aad) == "430981199001011234"
    assert c.bind_legacy(bound, aad=aad) is None  # idempotent: an already-bound value is left alone
    assert c.unbound(bound, aad=bound_to("alerts", "id_number_enc", "a2")) is None


def test_cipher_key_rotation_reads_old_values_and_rekeys_them() -> None:
    import base64
    import os

    new_key = base64.b64encode(os.urandom(32)).decode()
    aad = bound_to("members", "id_number_enc", "row-1")
    old = PiiCipher(DEV_PII_KEY, DEV_PII_HASH_KEY)
    token = old.encrypt("430981199001011234", aad=aad)
    rotating = PiiCipher(new_key, DEV_PII_HASH_KEY, [DEV_PII_KEY])
    assert rotating.decrypt(token, aad=aad) == "430981199001011234"  # the previous key still reads
    fresh = rotating.rekeyed(token, aad=aad)
    assert fresh is not None and rotating.rekeyed(fresh, aad=aad) is None  # re-encrypted once, then current
    done = PiiCipher(new_key, DEV_PII_HASH_KEY)  # the old key dropped
    assert done.decrypt(fresh, aad=aad) == "430981199001011234"
    with pytest.raises(InvalidTag, match="no configured PII key"):
        done.decrypt(token, aad=aad)
    with pytest.raises(InvalidTag):  # and the rotated value is still bound to its place
        done.decrypt(fresh, aad=bound_to("members", "id_number_enc", "row-2"))
