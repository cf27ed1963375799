"""Keep personal data out of logs, dead-letter headers and stored error texts.

Two layers: errors are described without the values that caused them (`safe_error`: a pydantic
error lists where and why, never `input_value`; a database error gives its SQLSTATE, never its bound
parameters), and every log line is scrubbed of what still looks like an ID number or a mobile number
(`redact`, applied by a structlog processor and a logging filter). Names cannot be recognised by
shape, so the first layer is what keeps them out.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import MutableMapping
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError, StatementError

__all__ = ["RedactingFilter", "redact", "redact_processor", "safe_error", "safe_exc_info"]

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_MAX = 500


def redact(text: str) -> str:
    """`text` with every ID-number- or mobile-number-shaped run masked."""
    text = _ID_NUMBER.sub(lambda m: m.group(1) + "*" * 11 + m.group(2)[-1], text)
    return _PHONE.sub(lambda m: m.group(1) + "****" + m.group(2), text)


def _validation(exc: ValidationError) -> str:
    parts = [
        f"{'.'.join(map(str, e.get('loc', ()))) or '(root)'}: {e.get('msg', '')} [{e.get('type', '')}]"
        for e in exc.errors(include_input=False, include_url=False, include_context=False)
    ]
    return f"{exc.error_count()} validation error(s) for {exc.title}: " + "; ".join(parts)


def _sqlstate(exc: DBAPIError) -> str:
    orig = exc.orig
    return str(getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None) or "?")


def safe_error(exc: BaseException) -> str:
    """A one-line description of `exc` that carries no input value and no bound parameter."""
    if isinstance(exc, ValidationError):
        text = _validation(exc)
    elif isinstance(exc, DBAPIError):
        cause = exc.orig.__cause__ if exc.orig is not None and exc.orig.__cause__ else exc.orig
        text = f"{type(exc).__name__} ({type(cause).__name__}, SQLSTATE {_sqlstate(exc)})"
    elif isinstance(exc, StatementError):
        text = f"{type(exc).__name__} ({type(exc.orig).__name__})"
    else:
        text = f"{type(exc).__name__}: {exc}"
    return redact(text.replace("\n", " "))[:_MAX]


def safe_exc_info(_: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """structlog processor (before format_exc_info): the traceback's frames, each exception in the
    chain described by `safe_error` instead of its message (a pydantic message quotes the input)."""
    exc_info = event_dict.pop("exc_info", None)
    if not exc_info:
        return event_dict
    if exc_info is True:
        import sys

        exc_info = sys.exc_info()
    exc = exc_info[1] if isinstance(exc_info, tuple) else exc_info
    if not isinstance(exc, BaseException):
        return event_dict
    chain: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(traceback.format_tb(current.__traceback__))
        chain.append(f"Traceback (most recent call last):\n{frames}{safe_error(current)}")
        current = current.__cause__ or current.__context__
    event_dict["exception"] = "\n\nwhile handling or caused by:\n\n".join(reversed(chain))
    return event_dict


def redact_processor(_: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """structlog processor (last before rendering): mask ID- and phone-shaped runs in every string."""
    for key, value in list(event_dict.items()):
        if isinstance(value, str):
            event_dict[key] = redact(value)
        elif isinstance(value, (list, tuple, dict)):
            event_dict[key] = redact(repr(value)) if re.search(r"\d{11}", repr(value)) else value
    return event_dict


class RedactingFilter(logging.Filter):
    """For the standard library's loggers (uvicorn, SQLAlchemy, aiokafka): the same masking, and a
    traceback's exception message replaced by `safe_error`."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            record.exc_text = (
                "Traceback (most recent call last):\n"
                + "".join(traceback.format_tb(exc.__traceback__))
                + safe_error(exc)
            )
            record.exc_info = None
        return True
