"""safe_error and redact: the two layers that keep personal data out of logs (issue 11, hole 7)."""

from __future__ import annotations

import logging

import pytest
from pydantic import BaseModel, ValidationError

from services.common.redact import RedactingFilter, redact, safe_error, safe_exc_info

ID, NAME, PHONE = "43098119810505662X", "司马秋月", "13912345678"


class Person(BaseModel):
    code: int
    name: list[str]


def _validation_error() -> ValidationError:
    with pytest.raises(ValidationError) as exc:
        Person.model_validate({"code": ID, "name": NAME})
    return exc.value


def test_validation_errors_are_described_without_their_input() -> None:
    exc = _validation_error()
    assert NAME in str(exc) and ID in str(exc)  # what pydantic itself would have logged
    text = safe_error(exc)
    assert "code" in text and "name" in text and NAME not in text and ID not in text


def test_redact_masks_id_and_phone_shapes_only() -> None:
    text = redact(f"id {ID} phone {PHONE} household 4309811012010001 amount 12345")
    assert ID not in text and PHONE not in text
    assert "430981***********X" in text and "139****5678" in text
    assert "household 4309811012010001 amount 12345" in text  # 16-digit household codes stay


def test_traceback_processor_replaces_the_quoting_message() -> None:
    try:
        raise RuntimeError("wrapped") from _validation_error()
    except RuntimeError as exc:
        out = safe_exc_info(None, "error", {"event": "x", "exc_info": exc})
    assert "Traceback" in out["exception"] and NAME not in out["exception"] and ID not in out["exception"]


def test_stdlib_records_are_scrubbed() -> None:
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "bound %s", (PHONE,), None)
    try:
        raise ValueError(f"value {ID}")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    assert RedactingFilter().filter(record)
    assert PHONE not in record.getMessage() and ID not in (record.exc_text or "")
