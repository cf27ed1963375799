"""身份证号 (resident ID number) checks per GB 11643, masking, encryption and a keyed lookup hash."""

from __future__ import annotations

import base64
import operator
import os
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from services.common.i18n import t
from services.common.keyed import hmac_sha256_hex, random_blocks

__all__ = [
    "PiiCipher",
    "bound_to",
    "id_number_check_digit",
    "make_id_number",
    "mask_id_number",
    "mask_name",
    "mask_phone",
    "validate_id_number",
]

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_FORMAT = re.compile(r"^[1-9]\d{16}[\dX]$")


def id_number_check_digit(first17: str) -> str:
    """The GB 11643 MOD 11-2 check character for the first 17 digits."""
    if len(first17) != len(_WEIGHTS):
        raise ValueError("the check character is computed over exactly 17 digits")
    return _CHECK[sum(map(operator.mul, map(int, first17), _WEIGHTS)) % 11]


def validate_id_number(value: str, *, today: date | None = None) -> list[str]:
    """Every reason `value` is not a valid 18-character ID number (empty when valid)."""
    v = value.strip().upper()
    if not _FORMAT.match(v):
        return [
            t(
                "id_number must be 17 digits and a check character (digit or X)",
                "身份证号应为17位数字加1位校验码（数字或X）",
            )
        ]
    errors: list[str] = []
    try:
        born = date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        errors.append(
            t("id_number has an impossible birth date {d}", "身份证号中的出生日期{d}不存在", d=v[6:14])
        )
    else:
        if born > (today or date.today()) or born.year < 1900:
            errors.append(
                t(
                    "id_number birth date {d} is out of range",
                    "身份证号中的出生日期{d}超出合理范围",
                    d=born.isoformat(),
                )
            )
    if id_number_check_digit(v[:17]) != v[17]:
        errors.append(
            t(
                "id_number check digit does not match (GB 11643 MOD 11-2)",
                "身份证号校验码不正确（GB 11643 MOD 11-2）",
            )
        )
    return errors


def birth_date_of(id_number: str) -> date:
    return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def make_id_number(region: str, born: date, sequence: int) -> str:
    """A valid synthetic ID number (tests and the demo town)."""
    first17 = f"{region}{born:%Y%m%d}{sequence % 1000:03d}"
    return first17 + id_number_check_digit(first17)


def mask_id_number(value: str | None) -> str | None:
    """`430981***********4`: the region (the county every reader knows) and the check character only.

    The eight birth-date digits and the three sequence digits stay hidden, so a reader who also knows
    the birth year (the most any masked response shows) still faces 365 × 1000 / 11 ≈ 33,000 valid
    numbers (docs/security.md). Keeping the last four, as before, left only the birth date hidden:
    a birth date shown beside it completed the number.
    """
    if not value:
        return value
    return value[:6] + "*" * (len(value) - 7) + value[-1] if len(value) > 7 else "*" * len(value)


def mask_phone(value: str | None) -> str | None:
    """`138****5678`: four hidden digits, 10,000 candidates (docs/security.md)."""
    if not value:
        return value
    return value[:3] + "*" * (len(value) - 7) + value[-4:] if len(value) > 7 else "*" * len(value)


def mask_name(value: str | None) -> str | None:
    """The first character and always two stars (`张**`), so the mask does not tell the name's length."""
    if not value:
        return value
    return value[0] + "**"


def bound_to(table: str, column: str, row_id: object) -> bytes:
    """The associated data that binds a ciphertext to its place: `table|column|row id`.

    AES-GCM authenticates it without storing it, so a value copied into another row or column (by
    someone who can write the database but has no key) no longer decrypts: the reader gets an error
    instead of another person's data under this person's name.
    """
    return f"{table}|{column}|{row_id}".encode()


class PiiCipher:
    """AES-GCM encryption of personal data plus an HMAC-SHA256 lookup hash for exact search.

    Every value is bound to its table, column and row id as associated data (`bound_to`); there is no
    unbound encryption. Encryption always uses the current key; decryption also accepts the previous
    keys (`RW_PII_PREVIOUS_KEYS`), so a key can be rotated: deploy the new key with the old one as
    previous, re-encrypt (`ruralwatch rekey`), then drop the old key.
    """

    def __init__(self, key_b64: str, hash_key_b64: str, previous_keys_b64: Sequence[str] = ()) -> None:
        self._aead = AESGCM(self._key(key_b64, "RW_PII_KEY"))
        self._previous = [AESGCM(self._key(k, "RW_PII_PREVIOUS_KEYS")) for k in previous_keys_b64]
        self._hash_key = base64.b64decode(hash_key_b64)

    @classmethod
    def from_settings(cls, settings: Any) -> PiiCipher:
        return cls(settings.pii_key, settings.pii_hash_key, settings.pii_previous_keys)

    @staticmethod
    def _key(key_b64: str, name: str) -> bytes:
        key = base64.b64decode(key_b64)
        if len(key) not in (16, 24, 32):
            raise ValueError(f"{name} must hold keys of 16, 24 or 32 bytes, base64-encoded")
        return key

    def encrypt(self, plaintext: str, *, aad: bytes) -> bytes:
        """`plaintext` under the current key, bound to `aad` (see `bound_to`)."""
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, plaintext.encode(), aad)

    def decrypt(self, token: bytes, *, aad: bytes) -> str:
        """The plaintext, if some configured key opens `token` with this `aad`; else InvalidTag."""
        return self._open(bytes(token), aad)

    def seal(self, table: str, column: str, row_id: object, plaintext: str) -> bytes:
        return self.encrypt(plaintext, aad=bound_to(table, column, row_id))

    def seal_many(
        self, table: str, column: str, row_ids: Sequence[object], plaintexts: Sequence[str | None]
    ) -> list[bytes | None]:
        """`seal` of each value (None stays None), the nonces drawn in one go (services/common/keyed.py)."""
        nonces = random_blocks(len(row_ids), 12)
        encrypt = self._aead.encrypt
        return [
            None if not value else nonce + encrypt(nonce, value.encode(), bound_to(table, column, row_id))
            for row_id, value, nonce in zip(row_ids, plaintexts, nonces, strict=True)
        ]

    def open(self, table: str, column: str, row_id: object, token: bytes) -> str:
        return self.decrypt(token, aad=bound_to(table, column, row_id))

    def _open(self, token: bytes, aad: bytes | None) -> str:
        for aead in (self._aead, *self._previous):
            try:
                return aead.decrypt(token[:12], token[12:], aad).decode()
            except InvalidTag:
                continue
        raise InvalidTag("no configured PII key decrypts this value in this place")

    def rekeyed(self, token: bytes, *, aad: bytes) -> bytes | None:
        """`token` encrypted with the current key, or None when it already is."""
        token = bytes(token)
        try:
            self._aead.decrypt(token[:12], token[12:], aad)
            return None
        except InvalidTag:
            return self.encrypt(self._open(token, aad), aad=aad)

    def bind_legacy(self, token: bytes, *, aad: bytes) -> bytes | None:
        """A value written before binding (no associated data) re-encrypted bound to `aad`.

        None when `token` is already bound to `aad`. For the migration that introduced binding only:
        the running services never accept an unbound value.
        """
        token = bytes(token)
        try:
            self._open(token, aad)
            return None
        except InvalidTag:
            return self.encrypt(self._open(token, None), aad=aad)

    def unbound(self, token: bytes, *, aad: bytes) -> bytes | None:
        """The reverse of `bind_legacy`, for that migration's downgrade only; None if not bound to `aad`."""
        token = bytes(token)
        try:
            plain = self._open(token, aad)
        except InvalidTag:
            return None
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, plain.encode(), None)

    def lookup_hash(self, value: str) -> str:
        """Keyed hash of a normalised value; equal inputs give equal hashes across services."""
        return hmac_sha256_hex(self._hash_key, value.strip().upper().encode())
