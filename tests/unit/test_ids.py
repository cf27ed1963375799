from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.common.ids import (
    PiiCipher,
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
    token = c.encrypt("430981199001011234")
    assert b"430981" not in token
    assert c.decrypt(token) == "430981199001011234"
    assert c.encrypt("x") != c.encrypt("x")  # random nonce
    assert c.lookup_hash("43098119900101123x") == c.lookup_hash("43098119900101123X")
    with pytest.raises(ValueError):
        PiiCipher("c2hvcnQ=", DEV_PII_HASH_KEY)


def test_cipher_key_rotation_reads_old_values_and_rekeys_them() -> None:
    import base64
    import os

    new_key = base64.b64encode(os.urandom(32)).decode()
    old = PiiCipher(DEV_PII_KEY, DEV_PII_HASH_KEY)
    token = old.encrypt("430981199001011234")
    rotating = PiiCipher(new_key, DEV_PII_HASH_KEY, [DEV_PII_KEY])
    assert rotating.decrypt(token) == "430981199001011234"  # the previous key still reads
    fresh = rotating.rekeyed(token)
    assert fresh is not None and rotating.rekeyed(fresh) is None  # re-encrypted once, then current
    done = PiiCipher(new_key, DEV_PII_HASH_KEY)  # the old key dropped
    assert done.decrypt(fresh) == "430981199001011234"
    with pytest.raises(Exception, match="no configured PII key"):
        done.decrypt(token)
