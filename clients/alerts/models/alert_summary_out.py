from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.alert_summary_out_by_category import AlertSummaryOutByCategory
    from ..models.alert_summary_out_by_final_outcome import AlertSummaryOutByFinalOutcome
    from ..models.alert_summary_out_by_status import AlertSummaryOutByStatus


T = TypeVar("T", bound="AlertSummaryOut")


@_attrs_define
class AlertSummaryOut:
    """
    Attributes:
        total (int):
        by_category (AlertSummaryOutByCategory): class → category → alerts
        by_status (AlertSummaryOutByStatus):
        by_final_outcome (AlertSummaryOutByFinalOutcome):
    """

    total: int
    by_category: AlertSummaryOutByCategory
    by_status: AlertSummaryOutByStatus
    by_final_outcome: AlertSummaryOutByFinalOutcome
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total = self.total

        by_category = self.by_category.to_dict()

        by_status = self.by_status.to_dict()

        by_final_outcome = self.by_final_outcome.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total": total,
                "by_category": by_category,
                "by_status": by_status,
                "by_final_outcome": by_final_outcome,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.alert_summary_out_by_category import AlertSummaryOutByCategory
        from ..models.alert_summary_out_by_final_outcome import AlertSummaryOutByFinalOutcome
        from ..models.alert_summary_out_by_status import AlertSummaryOutByStatus

        d = dict(src_dict)
        total = d.pop("total")

        by_category = AlertSummaryOutByCategory.from_dict(d.pop("by_category"))

        by_status = AlertSummaryOutByStatus.from_dict(d.pop("by_status"))

        by_final_outcome = AlertSummaryOutByFinalOutcome.from_dict(d.pop("by_final_outcome"))

        alert_summary_out = cls(
            total=total,
            by_category=by_category,
            by_status=by_status,
            by_final_outcome=by_final_outcome,
        )

        alert_summary_out.additional_properties = d
        return alert_summary_out

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
