"""Issue 12, hole 2: a rolling upgrade adds a field to an event (top level, nested, or in the
envelope); consumers still on the old version must read it, not dead-letter it. Writers stay strict."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
import pytest
from pydantic import ValidationError

from services.common.events.contracts.households import HouseholdChanged
from services.common.events.envelope import EventEnvelope, new_event
from services.common.events.tolerant import known_only, read_payload

PAYLOAD = {
    "household_code": "4309811012010001",
    "village_code": "430981101201",
    "students": [{"member_id": "m1", "education_stage": "高中"}],
}


def test_fields_a_newer_writer_added_are_ignored_at_every_depth() -> None:
    newer = {
        **PAYLOAD,
        "added_in_v1_1": {"anything": [1, 2]},
        "students": [{**PAYLOAD["students"][0], "scholarship": "2000.00"}],
    }
    with pytest.raises(ValidationError):  # the contract itself stays strict: what writers build with
        HouseholdChanged.model_validate(newer)
    read = read_payload(HouseholdChanged, newer)
    assert read == HouseholdChanged.model_validate(PAYLOAD)
    assert "scholarship" not in known_only(HouseholdChanged, newer)["students"][0]


def test_a_known_field_that_is_missing_or_mistyped_is_still_refused() -> None:
    with pytest.raises(ValidationError):
        read_payload(HouseholdChanged, {**PAYLOAD, "village_code": "not-a-code", "extra": 1})
    with pytest.raises(ValidationError):
        read_payload(HouseholdChanged, {"village_code": "430981101201", "extra": 1})


def test_an_envelope_field_added_by_a_newer_writer_is_ignored() -> None:
    env = new_event(
        event_type="households.household.updated",
        source="households",
        aggregate_type="household",
        aggregate_id="4309811012010001",
        data=PAYLOAD,
        actor={"sub": "u", "role": "town_officer"},
        occurred_at=datetime(2022, 3, 1, tzinfo=UTC),
    )
    raw = orjson.loads(env.to_bytes())
    raw["trace_state"] = "vendor=7"
    raw["actor"]["tenant"] = "x"
    parsed = EventEnvelope.from_bytes(orjson.dumps(raw))
    assert parsed == env
    with pytest.raises(ValueError):  # still an envelope: a missing required field is refused
        EventEnvelope.from_bytes(orjson.dumps({k: v for k, v in raw.items() if k != "event_id"}))
