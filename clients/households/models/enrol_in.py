from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.monitoring_type import MonitoringType

T = TypeVar("T", bound="EnrolIn")


@_attrs_define
class EnrolIn:
    """
    Attributes:
        household_code (str):
        type_ (MonitoringType):
        risk_category (str):
        first_clue_on (datetime.date):
    """

    household_code: str
    type_: MonitoringType
    risk_category: str
    first_clue_on: datetime.date

    def to_dict(self) -> dict[str, Any]:
        household_code = self.household_code

        type_ = self.type_.value

        risk_category = self.risk_category

        first_clue_on = self.first_clue_on.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "household_code": household_code,
                "type": type_,
                "risk_category": risk_category,
                "first_clue_on": first_clue_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        household_code = d.pop("household_code")

        type_ = MonitoringType(d.pop("type"))

        risk_category = d.pop("risk_category")

        first_clue_on = datetime.date.fromisoformat(d.pop("first_clue_on"))

        enrol_in = cls(
            household_code=household_code,
            type_=type_,
            risk_category=risk_category,
            first_clue_on=first_clue_on,
        )

        return enrol_in
