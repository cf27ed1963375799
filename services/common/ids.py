"""身份证号 (resident ID number) checks per GB 11643, masking, encryption and a keyed lookup hash."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = [
    "PiiCipher",
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
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def validate_id_number(value: str, *, today: date | None = None) -> list[str]:
    """Every reason `value` is not a valid 18-character ID number (empty when valid)."""
    v = value.strip().upper()
    if not _FORMAT.match(v):
        return ["id_number must be 17 digits and a check character (digit or X)"]
    errors = []
    try:
        born = date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        errors.append(f"id_number has an impossible birth date {v[6:14]}")
    else:
        if born > (today or date.today()) or born.year < 1900:
            errors.append(f"id_number birth date {born.isoformat()} is out of range")
    if id_number_check_digit(v[:17]) != v[17]:
        errors.append("id_number check digit does not match (GB 11643 MOD 11-2)")
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


class PiiCipher:
    """AES-GCM encryption of personal data plus an HMAC-SHA256 lookup hash for exact search.

    Encryption always uses the current key; decryption also accepts the previous keys
    (`RW_PII_PREVIOUS_KEYS`), so a key can be rotated: deploy the new key with the old one as
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

    def encrypt(self, plaintext: str) -> bytes:
        nonce = os.urandom(12)
        return nonce + self._aead.encrypt(nonce, plaintext.encode(), None)

    def decrypt(self, token: bytes) -> str:
        for aead in (self._aead, *self._previous):
            try:
                return aead.decrypt(token[:12], token[12:], None).decode()
            except InvalidTag:
                continue
        raise InvalidTag("no configured PII key decrypts this value")

    def rekeyed(self, token: bytes) -> bytes | None:
        """`token` encrypted with the current key, or None when it already is."""
        try:
            self._aead.decrypt(token[:12], token[12:], None)
            return None
        except InvalidTag:
            return self.encrypt(self.decrypt(token))

    def lookup_hash(self, value: str) -> str:
        """Keyed hash of a normalised value; equal inputs give equal hashes across services."""
        return hmac.new(self._hash_key, value.strip().upper().encode(), hashlib.sha256).hexdigest()
