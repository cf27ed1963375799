from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.on_time_row import OnTimeRow
    from ..models.sla_report_average_days import SlaReportAverageDays
    from ..models.sla_report_on_time_totals import SlaReportOnTimeTotals
    from ..models.sla_report_open_by_village import SlaReportOpenByVillage


T = TypeVar("T", bound="SlaReport")


@_attrs_define
class SlaReport:
    """
    Attributes:
        as_of (datetime.date):
        on_time (list[OnTimeRow]):
        on_time_totals (SlaReportOnTimeTotals):
        open_by_village (SlaReportOpenByVillage): open, overdue and counts by age in days
        average_days (SlaReportAverageDays): days per stage, two places
    """

    as_of: datetime.date
    on_time: list[OnTimeRow]
    on_time_totals: SlaReportOnTimeTotals
    open_by_village: SlaReportOpenByVillage
    average_days: SlaReportAverageDays
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        as_of = self.as_of.isoformat()

        on_time = []
        for on_time_item_data in self.on_time:
            on_time_item = on_time_item_data.to_dict()
            on_time.append(on_time_item)

        on_time_totals = self.on_time_totals.to_dict()

        open_by_village = self.open_by_village.to_dict()

        average_days = self.average_days.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "as_of": as_of,
                "on_time": on_time,
                "on_time_totals": on_time_totals,
                "open_by_village": open_by_village,
                "average_days": average_days,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.on_time_row import OnTimeRow
        from ..models.sla_report_average_days import SlaReportAverageDays
        from ..models.sla_report_on_time_totals import SlaReportOnTimeTotals
        from ..models.sla_report_open_by_village import SlaReportOpenByVillage

        d = dict(src_dict)
        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        on_time = []
        _on_time = d.pop("on_time")
        for on_time_item_data in _on_time:
            on_time_item = OnTimeRow.from_dict(on_time_item_data)

            on_time.append(on_time_item)

        on_time_totals = SlaReportOnTimeTotals.from_dict(d.pop("on_time_totals"))

        open_by_village = SlaReportOpenByVillage.from_dict(d.pop("open_by_village"))

        average_days = SlaReportAverageDays.from_dict(d.pop("average_days"))

        sla_report = cls(
            as_of=as_of,
            on_time=on_time,
            on_time_totals=on_time_totals,
            open_by_village=open_by_village,
            average_days=average_days,
        )

        sla_report.additional_properties = d
        return sla_report

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
