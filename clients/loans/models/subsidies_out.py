from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.subsidy_line_out import SubsidyLineOut
    from ..models.subsidy_totals import SubsidyTotals


T = TypeVar("T", bound="SubsidiesOut")


@_attrs_define
class SubsidiesOut:
    """
    Attributes:
        quarter (str):
        settlement_on (datetime.date):
        final (bool): true once the settlement day has passed (the lines are settled)
        rounding (str):
        lines (list[SubsidyLineOut]):
        totals (SubsidyTotals):
    """

    quarter: str
    settlement_on: datetime.date
    final: bool
    rounding: str
    lines: list[SubsidyLineOut]
    totals: SubsidyTotals
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        quarter = self.quarter

        settlement_on = self.settlement_on.isoformat()

        final = self.final

        rounding = self.rounding

        lines = []
        for lines_item_data in self.lines:
            lines_item = lines_item_data.to_dict()
            lines.append(lines_item)

        totals = self.totals.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "quarter": quarter,
                "settlement_on": settlement_on,
                "final": final,
                "rounding": rounding,
                "lines": lines,
                "totals": totals,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.subsidy_line_out import SubsidyLineOut
        from ..models.subsidy_totals import SubsidyTotals

        d = dict(src_dict)
        quarter = d.pop("quarter")

        settlement_on = datetime.date.fromisoformat(d.pop("settlement_on"))

        final = d.pop("final")

        rounding = d.pop("rounding")

        lines = []
        _lines = d.pop("lines")
        for lines_item_data in _lines:
            lines_item = SubsidyLineOut.from_dict(lines_item_data)

            lines.append(lines_item)

        totals = SubsidyTotals.from_dict(d.pop("totals"))

        subsidies_out = cls(
            quarter=quarter,
            settlement_on=settlement_on,
            final=final,
            rounding=rounding,
            lines=lines,
            totals=totals,
        )

        subsidies_out.additional_properties = d
        return subsidies_out

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
