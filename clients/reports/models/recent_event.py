from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RecentEvent")


@_attrs_define
class RecentEvent:
    """
    Attributes:
        id (int):
        at (datetime.datetime):
        event_type (str):
        label (str): what the event means, in Chinese (中文事件名)
        aggregate_id (str):
        village_code (None | str):
    """

    id: int
    at: datetime.datetime
    event_type: str
    label: str
    aggregate_id: str
    village_code: str | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        at = self.at.isoformat()

        event_type = self.event_type

        label = self.label

        aggregate_id = self.aggregate_id

        village_code: str | None
        village_code = self.village_code

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "at": at,
                "event_type": event_type,
                "label": label,
                "aggregate_id": aggregate_id,
                "village_code": village_code,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        at = datetime.datetime.fromisoformat(d.pop("at"))

        event_type = d.pop("event_type")

        label = d.pop("label")

        aggregate_id = d.pop("aggregate_id")

        def _parse_village_code(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        village_code = _parse_village_code(d.pop("village_code"))

        recent_event = cls(
            id=id,
            at=at,
            event_type=event_type,
            label=label,
            aggregate_id=aggregate_id,
            village_code=village_code,
        )

        recent_event.additional_properties = d
        return recent_event

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
