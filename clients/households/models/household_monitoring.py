from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="HouseholdMonitoring")


@_attrs_define
class HouseholdMonitoring:
    """
    Attributes:
        id (str):
        type_ (str):
        risk_category (str):
        status (str):
        first_clue_on (datetime.date):
        identified_on (datetime.date | None):
        eliminated_on (datetime.date | None):
    """

    id: str
    type_: str
    risk_category: str
    status: str
    first_clue_on: datetime.date
    identified_on: datetime.date | None
    eliminated_on: datetime.date | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        type_ = self.type_

        risk_category = self.risk_category

        status = self.status

        first_clue_on = self.first_clue_on.isoformat()

        identified_on: str | None
        if isinstance(self.identified_on, datetime.date):
            identified_on = self.identified_on.isoformat()
        else:
            identified_on = self.identified_on

        eliminated_on: str | None
        if isinstance(self.eliminated_on, datetime.date):
            eliminated_on = self.eliminated_on.isoformat()
        else:
            eliminated_on = self.eliminated_on

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "type": type_,
                "risk_category": risk_category,
                "status": status,
                "first_clue_on": first_clue_on,
                "identified_on": identified_on,
                "eliminated_on": eliminated_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        type_ = d.pop("type")

        risk_category = d.pop("risk_category")

        status = d.pop("status")

        first_clue_on = datetime.date.fromisoformat(d.pop("first_clue_on"))

        def _parse_identified_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                identified_on_type_0 = datetime.date.fromisoformat(data)

                return identified_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        identified_on = _parse_identified_on(d.pop("identified_on"))

        def _parse_eliminated_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                eliminated_on_type_0 = datetime.date.fromisoformat(data)

                return eliminated_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        eliminated_on = _parse_eliminated_on(d.pop("eliminated_on"))

        household_monitoring = cls(
            id=id,
            type_=type_,
            risk_category=risk_category,
            status=status,
            first_clue_on=first_clue_on,
            identified_on=identified_on,
            eliminated_on=eliminated_on,
        )

        household_monitoring.additional_properties = d
        return household_monitoring

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
