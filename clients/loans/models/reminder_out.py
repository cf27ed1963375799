from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ReminderOut")


@_attrs_define
class ReminderOut:
    """
    Attributes:
        due_kind (str):
        due_on (datetime.date):
        days_before (int):
        status (str):
        sent_on (datetime.date):
    """

    due_kind: str
    due_on: datetime.date
    days_before: int
    status: str
    sent_on: datetime.date
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        due_kind = self.due_kind

        due_on = self.due_on.isoformat()

        days_before = self.days_before

        status = self.status

        sent_on = self.sent_on.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "due_kind": due_kind,
                "due_on": due_on,
                "days_before": days_before,
                "status": status,
                "sent_on": sent_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        due_kind = d.pop("due_kind")

        due_on = datetime.date.fromisoformat(d.pop("due_on"))

        days_before = d.pop("days_before")

        status = d.pop("status")

        sent_on = datetime.date.fromisoformat(d.pop("sent_on"))

        reminder_out = cls(
            due_kind=due_kind,
            due_on=due_on,
            days_before=days_before,
            status=status,
            sent_on=sent_on,
        )

        reminder_out.additional_properties = d
        return reminder_out

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
