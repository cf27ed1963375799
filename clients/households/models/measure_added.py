from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MeasureAdded")


@_attrs_define
class MeasureAdded:
    """
    Attributes:
        id (str):
        household_code (str):
        kind (str):
        start_on (datetime.date):
        end_on (datetime.date | None):
    """

    id: str
    household_code: str
    kind: str
    start_on: datetime.date
    end_on: datetime.date | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        household_code = self.household_code

        kind = self.kind

        start_on = self.start_on.isoformat()

        end_on: str | None
        if isinstance(self.end_on, datetime.date):
            end_on = self.end_on.isoformat()
        else:
            end_on = self.end_on

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "household_code": household_code,
                "kind": kind,
                "start_on": start_on,
                "end_on": end_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        household_code = d.pop("household_code")

        kind = d.pop("kind")

        start_on = datetime.date.fromisoformat(d.pop("start_on"))

        def _parse_end_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                end_on_type_0 = datetime.date.fromisoformat(data)

                return end_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        end_on = _parse_end_on(d.pop("end_on"))

        measure_added = cls(
            id=id,
            household_code=household_code,
            kind=kind,
            start_on=start_on,
            end_on=end_on,
        )

        measure_added.additional_properties = d
        return measure_added

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
