from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="DisbursementIn")


@_attrs_define
class DisbursementIn:
    """
    Attributes:
        disbursed_on (datetime.date):
        bank (str):
        annual_rate (float | None | str | Unset): a fixed rate, e.g. 0.0475; without it the rate comes from the rate
            table
        rate_series (None | str | Unset): rate-table series, e.g. lpr_1y
        floating (bool | Unset): follow the series' changes instead of fixing its rate Default: False.
    """

    disbursed_on: datetime.date
    bank: str
    annual_rate: float | str | Unset | None = UNSET
    rate_series: str | Unset | None = UNSET
    floating: bool | Unset = False

    def to_dict(self) -> dict[str, Any]:
        disbursed_on = self.disbursed_on.isoformat()

        bank = self.bank

        annual_rate: float | str | Unset | None
        if isinstance(self.annual_rate, Unset):
            annual_rate = UNSET
        else:
            annual_rate = self.annual_rate

        rate_series: str | Unset | None
        if isinstance(self.rate_series, Unset):
            rate_series = UNSET
        else:
            rate_series = self.rate_series

        floating = self.floating

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "disbursed_on": disbursed_on,
                "bank": bank,
            }
        )
        if annual_rate is not UNSET:
            field_dict["annual_rate"] = annual_rate
        if rate_series is not UNSET:
            field_dict["rate_series"] = rate_series
        if floating is not UNSET:
            field_dict["floating"] = floating

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        disbursed_on = datetime.date.fromisoformat(d.pop("disbursed_on"))

        bank = d.pop("bank")

        def _parse_annual_rate(data: object) -> float | str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | str | Unset, data)

        annual_rate = _parse_annual_rate(d.pop("annual_rate", UNSET))

        def _parse_rate_series(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        rate_series = _parse_rate_series(d.pop("rate_series", UNSET))

        floating = d.pop("floating", UNSET)

        disbursement_in = cls(
            disbursed_on=disbursed_on,
            bank=bank,
            annual_rate=annual_rate,
            rate_series=rate_series,
            floating=floating,
        )

        return disbursement_in
