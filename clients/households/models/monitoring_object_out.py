from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.monitoring_steps import MonitoringSteps


T = TypeVar("T", bound="MonitoringObjectOut")


@_attrs_define
class MonitoringObjectOut:
    """
    Attributes:
        id (str):
        household_code (str):
        village_code (str):
        type_ (str):
        risk_category (str):
        status (str):
        first_clue_on (datetime.date | None):
        identification_due_on (datetime.date | None):
        steps (MonitoringSteps):
        identified_on (datetime.date | None):
        identified_on_time (bool | None):
        eliminated_on (datetime.date | None):
        source_alert_id (None | str):
    """

    id: str
    household_code: str
    village_code: str
    type_: str
    risk_category: str
    status: str
    first_clue_on: datetime.date | None
    identification_due_on: datetime.date | None
    steps: MonitoringSteps
    identified_on: datetime.date | None
    identified_on_time: bool | None
    eliminated_on: datetime.date | None
    source_alert_id: str | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        household_code = self.household_code

        village_code = self.village_code

        type_ = self.type_

        risk_category = self.risk_category

        status = self.status

        first_clue_on: str | None
        if isinstance(self.first_clue_on, datetime.date):
            first_clue_on = self.first_clue_on.isoformat()
        else:
            first_clue_on = self.first_clue_on

        identification_due_on: str | None
        if isinstance(self.identification_due_on, datetime.date):
            identification_due_on = self.identification_due_on.isoformat()
        else:
            identification_due_on = self.identification_due_on

        steps = self.steps.to_dict()

        identified_on: str | None
        if isinstance(self.identified_on, datetime.date):
            identified_on = self.identified_on.isoformat()
        else:
            identified_on = self.identified_on

        identified_on_time: bool | None
        identified_on_time = self.identified_on_time

        eliminated_on: str | None
        if isinstance(self.eliminated_on, datetime.date):
            eliminated_on = self.eliminated_on.isoformat()
        else:
            eliminated_on = self.eliminated_on

        source_alert_id: str | None
        source_alert_id = self.source_alert_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "household_code": household_code,
                "village_code": village_code,
                "type": type_,
                "risk_category": risk_category,
                "status": status,
                "first_clue_on": first_clue_on,
                "identification_due_on": identification_due_on,
                "steps": steps,
                "identified_on": identified_on,
                "identified_on_time": identified_on_time,
                "eliminated_on": eliminated_on,
                "source_alert_id": source_alert_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.monitoring_steps import MonitoringSteps

        d = dict(src_dict)
        id = d.pop("id")

        household_code = d.pop("household_code")

        village_code = d.pop("village_code")

        type_ = d.pop("type")

        risk_category = d.pop("risk_category")

        status = d.pop("status")

        def _parse_first_clue_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                first_clue_on_type_0 = datetime.date.fromisoformat(data)

                return first_clue_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        first_clue_on = _parse_first_clue_on(d.pop("first_clue_on"))

        def _parse_identification_due_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                identification_due_on_type_0 = datetime.date.fromisoformat(data)

                return identification_due_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        identification_due_on = _parse_identification_due_on(d.pop("identification_due_on"))

        steps = MonitoringSteps.from_dict(d.pop("steps"))

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

        def _parse_identified_on_time(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        identified_on_time = _parse_identified_on_time(d.pop("identified_on_time"))

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

        def _parse_source_alert_id(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        source_alert_id = _parse_source_alert_id(d.pop("source_alert_id"))

        monitoring_object_out = cls(
            id=id,
            household_code=household_code,
            village_code=village_code,
            type_=type_,
            risk_category=risk_category,
            status=status,
            first_clue_on=first_clue_on,
            identification_due_on=identification_due_on,
            steps=steps,
            identified_on=identified_on,
            identified_on_time=identified_on_time,
            eliminated_on=eliminated_on,
            source_alert_id=source_alert_id,
        )

        monitoring_object_out.additional_properties = d
        return monitoring_object_out

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
