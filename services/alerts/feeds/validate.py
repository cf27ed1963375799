"""Row-level validation of provincial feed items. Pure: the known villages are passed in."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.common.ids import validate_id_number

MAX_TEXT = 2000


@dataclass(frozen=True)
class ValidItem:
    index: int
    external_id: str
    alert_class: str
    category: str
    village_code: str
    household_code: str | None
    id_number: str | None
    person_name: str | None
    description: str | None
    detected_on: date
    id_number_hash: str | None = None  # set instead of id_number by internal alerts (never the raw number)


# no provincial feed predates the monitoring system; earlier dates are typing errors (or fuzzing)
EARLIEST_DATE = date(2000, 1, 1)


@dataclass(frozen=True)
class RejectedItem:
    index: int
    external_id: str | None
    errors: list[str]


def _text(
    item: Mapping[str, Any], key: str, errors: list[str], *, required: bool, max_len: int
) -> str | None:
    value = item.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.append(f"{key} is required")
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        errors.append(f"{key} must be a string")
        return None
    value = value.strip()
    if len(value) > max_len:
        errors.append(f"{key} is longer than {max_len} characters")
        return None
    return value


def _date(item: Mapping[str, Any], key: str, errors: list[str]) -> date | None:
    value = item.get(key)
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        errors.append(f"{key} is required (YYYY-MM-DD)")
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        # reasons name the field and the rule, never the submitted value (it may be personal data)
        errors.append(f"{key} is not a date (YYYY-MM-DD)")
        return None


def _classification_errors(
    alert_class: str | None,
    category: str | None,
    classes: set[str],
    categories: Mapping[str, Collection[str]],
) -> list[str]:
    if alert_class is not None and alert_class not in classes:
        return [f"unknown class (known: {', '.join(sorted(classes))})"]
    if alert_class is not None and category is not None and category not in categories[alert_class]:
        return [f"unknown category for class {alert_class} (known: {', '.join(categories[alert_class])})"]
    return []


def _village_errors(village_code: str | None, known_villages: Collection[str]) -> list[str]:
    if village_code is None:
        return []
    if not (len(village_code) == 12 and village_code.isdigit()):
        return ["village_code must be 12 digits"]
    if village_code not in known_villages:
        return [f"unknown village {village_code}"]
    return []


def _detected_on_errors(detected_on: date | None, today: date) -> list[str]:
    if detected_on is not None and detected_on > today:
        return [f"detected_on {detected_on.isoformat()} is in the future"]
    if detected_on is not None and detected_on < EARLIEST_DATE:
        return [f"detected_on is before {EARLIEST_DATE.isoformat()}"]
    return []


def validate_items(
    items: Sequence[Any],
    *,
    categories: Mapping[str, Collection[str]],
    known_villages: Collection[str],
    today: date,
    allowed_classes: Collection[str] | None = None,
) -> tuple[list[ValidItem], list[RejectedItem]]:
    """Split a batch into valid items and rejected ones, each rejection with every reason."""
    valid: list[ValidItem] = []
    rejected: list[RejectedItem] = []
    seen: dict[str, int] = {}
    classes = set(allowed_classes) if allowed_classes is not None else set(categories)
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            rejected.append(RejectedItem(index, None, ["item must be a JSON object"]))
            continue
        errors: list[str] = []
        external_id = _text(item, "external_id", errors, required=True, max_len=100)
        alert_class = _text(item, "class", errors, required=True, max_len=50)
        category = _text(item, "category", errors, required=True, max_len=50)
        errors += _classification_errors(alert_class, category, classes, categories)
        village_code = _text(item, "village_code", errors, required=True, max_len=12)
        errors += _village_errors(village_code, known_villages)
        household_code = _text(item, "household_code", errors, required=False, max_len=40)
        id_number = _text(item, "id_number", errors, required=False, max_len=18)
        if id_number is not None:
            id_number = id_number.upper()
            errors += validate_id_number(id_number, today=today)
        person_name = _text(item, "person_name", errors, required=False, max_len=100)
        description = _text(item, "description", errors, required=False, max_len=MAX_TEXT)
        detected_on = _date(item, "detected_on", errors)
        errors += _detected_on_errors(detected_on, today)
        if external_id is not None:
            if external_id in seen:
                errors.append(f"duplicate external_id {external_id} (also at index {seen[external_id]})")
            else:
                seen[external_id] = index
        if errors or detected_on is None:
            rejected.append(RejectedItem(index, external_id, errors))
            continue
        assert external_id and alert_class and category and village_code
        valid.append(
            ValidItem(
                index,
                external_id,
                alert_class,
                category,
                village_code,
                household_code,
                id_number,
                person_name,
                description,
                detected_on,
            )
        )
    return valid, rejected
