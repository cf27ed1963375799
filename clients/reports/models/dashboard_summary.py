from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.dashboard_summary_alerts_by_status import DashboardSummaryAlertsByStatus
    from ..models.dashboard_summary_open_by_stage import DashboardSummaryOpenByStage
    from ..models.recent_event import RecentEvent
    from ..models.trend_month import TrendMonth
    from ..models.village_work import VillageWork


T = TypeVar("T", bound="DashboardSummary")


@_attrs_define
class DashboardSummary:
    """
    Attributes:
        today (datetime.date):
        alerts_by_status (DashboardSummaryAlertsByStatus):
        open_by_stage (DashboardSummaryOpenByStage):
        open_alerts (int):
        overdue_alerts (int):
        by_village (list[VillageWork]):
        sla_trend (list[TrendMonth]):
        recent_events (list[RecentEvent]):
        last_event_id (int):
    """

    today: datetime.date
    alerts_by_status: DashboardSummaryAlertsByStatus
    open_by_stage: DashboardSummaryOpenByStage
    open_alerts: int
    overdue_alerts: int
    by_village: list[VillageWork]
    sla_trend: list[TrendMonth]
    recent_events: list[RecentEvent]
    last_event_id: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        today = self.today.isoformat()

        alerts_by_status = self.alerts_by_status.to_dict()

        open_by_stage = self.open_by_stage.to_dict()

        open_alerts = self.open_alerts

        overdue_alerts = self.overdue_alerts

        by_village = []
        for by_village_item_data in self.by_village:
            by_village_item = by_village_item_data.to_dict()
            by_village.append(by_village_item)

        sla_trend = []
        for sla_trend_item_data in self.sla_trend:
            sla_trend_item = sla_trend_item_data.to_dict()
            sla_trend.append(sla_trend_item)

        recent_events = []
        for recent_events_item_data in self.recent_events:
            recent_events_item = recent_events_item_data.to_dict()
            recent_events.append(recent_events_item)

        last_event_id = self.last_event_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "today": today,
                "alerts_by_status": alerts_by_status,
                "open_by_stage": open_by_stage,
                "open_alerts": open_alerts,
                "overdue_alerts": overdue_alerts,
                "by_village": by_village,
                "sla_trend": sla_trend,
                "recent_events": recent_events,
                "last_event_id": last_event_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.dashboard_summary_alerts_by_status import DashboardSummaryAlertsByStatus
        from ..models.dashboard_summary_open_by_stage import DashboardSummaryOpenByStage
        from ..models.recent_event import RecentEvent
        from ..models.trend_month import TrendMonth
        from ..models.village_work import VillageWork

        d = dict(src_dict)
        today = datetime.date.fromisoformat(d.pop("today"))

        alerts_by_status = DashboardSummaryAlertsByStatus.from_dict(d.pop("alerts_by_status"))

        open_by_stage = DashboardSummaryOpenByStage.from_dict(d.pop("open_by_stage"))

        open_alerts = d.pop("open_alerts")

        overdue_alerts = d.pop("overdue_alerts")

        by_village = []
        _by_village = d.pop("by_village")
        for by_village_item_data in _by_village:
            by_village_item = VillageWork.from_dict(by_village_item_data)

            by_village.append(by_village_item)

        sla_trend = []
        _sla_trend = d.pop("sla_trend")
        for sla_trend_item_data in _sla_trend:
            sla_trend_item = TrendMonth.from_dict(sla_trend_item_data)

            sla_trend.append(sla_trend_item)

        recent_events = []
        _recent_events = d.pop("recent_events")
        for recent_events_item_data in _recent_events:
            recent_events_item = RecentEvent.from_dict(recent_events_item_data)

            recent_events.append(recent_events_item)

        last_event_id = d.pop("last_event_id")

        dashboard_summary = cls(
            today=today,
            alerts_by_status=alerts_by_status,
            open_by_stage=open_by_stage,
            open_alerts=open_alerts,
            overdue_alerts=overdue_alerts,
            by_village=by_village,
            sla_trend=sla_trend,
            recent_events=recent_events,
            last_event_id=last_event_id,
        )

        dashboard_summary.additional_properties = d
        return dashboard_summary

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
