from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OutcomeOut")


@_attrs_define
class OutcomeOut:
    """
    Attributes:
        batch_id (None | str):
        external_id (str):
        alert_id (str):
        village_code (str):
        class_ (str):
        category (str):
        outcome (str):
        closed_on (datetime.date):
        remediation (None | str):
        notes (None | str):
    """

    batch_id: str | None
    external_id: str
    alert_id: str
    village_code: str
    class_: str
    category: str
    outcome: str
    closed_on: datetime.date
    remediation: str | None
    notes: str | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        batch_id: str | None
        batch_id = self.batch_id

        external_id = self.external_id

        alert_id = self.alert_id

        village_code = self.village_code

        class_ = self.class_

        category = self.category

        outcome = self.outcome

        closed_on = self.closed_on.isoformat()

        remediation: str | None
        remediation = self.remediation

        notes: str | None
        notes = self.notes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "batch_id": batch_id,
                "external_id": external_id,
                "alert_id": alert_id,
                "village_code": village_code,
                "class": class_,
                "category": category,
                "outcome": outcome,
                "closed_on": closed_on,
                "remediation": remediation,
                "notes": notes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_batch_id(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        batch_id = _parse_batch_id(d.pop("batch_id"))

        external_id = d.pop("external_id")

        alert_id = d.pop("alert_id")

        village_code = d.pop("village_code")

        class_ = d.pop("class")

        category = d.pop("category")

        outcome = d.pop("outcome")

        closed_on = datetime.date.fromisoformat(d.pop("closed_on"))

        def _parse_remediation(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        remediation = _parse_remediation(d.pop("remediation"))

        def _parse_notes(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        notes = _parse_notes(d.pop("notes"))

        outcome_out = cls(
            batch_id=batch_id,
            external_id=external_id,
            alert_id=alert_id,
            village_code=village_code,
            class_=class_,
            category=category,
            outcome=outcome,
            closed_on=closed_on,
            remediation=remediation,
            notes=notes,
        )

        outcome_out.additional_properties = d
        return outcome_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
