"""One page shape and one cursor codec for every list of every service, and the money type of responses.

A cursor is opaque to clients: the sort key of the last item, `|`-joined and base64url-encoded
(`encode_cursor(created_at, id)`); `decode_cursor(cursor, datetime, uuid.UUID)` reads it back with the
types given, and a cursor that does not read is a 400 naming `cursor`, never a 500.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, Field

from services.common.errors import APIError

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        default=None, description="pass as `cursor` for the next page; null on the last page"
    )


# yuan as a string with exactly two decimals: JSON numbers are floats to most clients, money is not
Money = Annotated[str, Field(pattern=r"^-?\d+\.\d{2}$", examples=["50000.00"], description="yuan")]


def _text(part: object) -> str:
    return part.isoformat() if isinstance(part, date | datetime) else str(part)


def encode_cursor(*parts: object) -> str:
    return base64.urlsafe_b64encode("|".join(_text(p) for p in parts).encode()).decode()


_READERS: dict[type, Callable[[str], Any]] = {
    datetime: datetime.fromisoformat,
    date: date.fromisoformat,
    uuid.UUID: uuid.UUID,
    int: int,
    str: str,
}


def decode_cursor(cursor: str, *types: type) -> tuple[Any, ...]:
    try:
        parts = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        if len(parts) != len(types):
            raise ValueError("wrong number of parts")
        return tuple(_READERS[t](p) for t, p in zip(types, parts, strict=True))
    except (ValueError, UnicodeDecodeError) as exc:
        raise APIError(400, "bad_request", "cursor is not valid", ["cursor"]) from exc
