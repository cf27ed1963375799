from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

T = TypeVar("T", bound="RatePointIn")


@_attrs_define
class RatePointIn:
    """
    Attributes:
        effective_on (datetime.date):
        annual_rate (float | str):
    """

    effective_on: datetime.date
    annual_rate: float | str

    def to_dict(self) -> dict[str, Any]:
        effective_on = self.effective_on.isoformat()

        annual_rate: float | str
        annual_rate = self.annual_rate

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "effective_on": effective_on,
                "annual_rate": annual_rate,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        effective_on = datetime.date.fromisoformat(d.pop("effective_on"))

        def _parse_annual_rate(data: object) -> float | str:
            return cast(float | str, data)

        annual_rate = _parse_annual_rate(d.pop("annual_rate"))

        rate_point_in = cls(
            effective_on=effective_on,
            annual_rate=annual_rate,
        )

        return rate_point_in
