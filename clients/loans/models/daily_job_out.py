from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DailyJobOut")


@_attrs_define
class DailyJobOut:
    """
    Attributes:
        as_of (datetime.date):
        overdue_raised (int):
        overdue_cleared (int):
        reminders_sent (int):
        reminders_superseded (int):
        subsidy_lines_settled (int):
        quarters_settled (list[str]):
    """

    as_of: datetime.date
    overdue_raised: int
    overdue_cleared: int
    reminders_sent: int
    reminders_superseded: int
    subsidy_lines_settled: int
    quarters_settled: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        as_of = self.as_of.isoformat()

        overdue_raised = self.overdue_raised

        overdue_cleared = self.overdue_cleared

        reminders_sent = self.reminders_sent

        reminders_superseded = self.reminders_superseded

        subsidy_lines_settled = self.subsidy_lines_settled

        quarters_settled = self.quarters_settled

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "as_of": as_of,
                "overdue_raised": overdue_raised,
                "overdue_cleared": overdue_cleared,
                "reminders_sent": reminders_sent,
                "reminders_superseded": reminders_superseded,
                "subsidy_lines_settled": subsidy_lines_settled,
                "quarters_settled": quarters_settled,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        overdue_raised = d.pop("overdue_raised")

        overdue_cleared = d.pop("overdue_cleared")

        reminders_sent = d.pop("reminders_sent")

        reminders_superseded = d.pop("reminders_superseded")

        subsidy_lines_settled = d.pop("subsidy_lines_settled")

        quarters_settled = cast(list[str], d.pop("quarters_settled"))

        daily_job_out = cls(
            as_of=as_of,
            overdue_raised=overdue_raised,
            overdue_cleared=overdue_cleared,
            reminders_sent=reminders_sent,
            reminders_superseded=reminders_superseded,
            subsidy_lines_settled=subsidy_lines_settled,
            quarters_settled=quarters_settled,
        )

        daily_job_out.additional_properties = d
        return daily_job_out

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
