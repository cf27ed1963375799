from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.timeline_entry import TimelineEntry


T = TypeVar("T", bound="AlertOut")


@_attrs_define
class AlertOut:
    """
    Attributes:
        id (str):
        external_id (str):
        batch_id (None | str):
        source (str):
        class_ (str):
        category (str):
        village_code (str):
        household_code (None | str):
        household_match (str):
        id_number (None | str):
        person_name (None | str):
        description (None | str):
        detected_on (datetime.date):
        received_on (datetime.date):
        status (str):
        village_due_on (datetime.date):
        reported_on (datetime.date | None):
        finding (None | str):
        village_on_time (bool | None):
        town_due_on (datetime.date | None):
        reviewed_on (datetime.date | None):
        decision (None | str):
        town_on_time (bool | None):
        closed_on (datetime.date | None):
        outcome (None | str):
        final_outcome (None | str):
        remediation (None | str):
        overdue (bool):
        overdue_stage (None | str):
        return_count (int):
        allowed_actions (list[str]):
        timeline (list[TimelineEntry] | None | Unset):
    """

    id: str
    external_id: str
    batch_id: str | None
    source: str
    class_: str
    category: str
    village_code: str
    household_code: str | None
    household_match: str
    id_number: str | None
    person_name: str | None
    description: str | None
    detected_on: datetime.date
    received_on: datetime.date
    status: str
    village_due_on: datetime.date
    reported_on: datetime.date | None
    finding: str | None
    village_on_time: bool | None
    town_due_on: datetime.date | None
    reviewed_on: datetime.date | None
    decision: str | None
    town_on_time: bool | None
    closed_on: datetime.date | None
    outcome: str | None
    final_outcome: str | None
    remediation: str | None
    overdue: bool
    overdue_stage: str | None
    return_count: int
    allowed_actions: list[str]
    timeline: list[TimelineEntry] | Unset | None = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        external_id = self.external_id

        batch_id: str | None
        batch_id = self.batch_id

        source = self.source

        class_ = self.class_

        category = self.category

        village_code = self.village_code

        household_code: str | None
        household_code = self.household_code

        household_match = self.household_match

        id_number: str | None
        id_number = self.id_number

        person_name: str | None
        person_name = self.person_name

        description: str | None
        description = self.description

        detected_on = self.detected_on.isoformat()

        received_on = self.received_on.isoformat()

        status = self.status

        village_due_on = self.village_due_on.isoformat()

        reported_on: str | None
        if isinstance(self.reported_on, datetime.date):
            reported_on = self.reported_on.isoformat()
        else:
            reported_on = self.reported_on

        finding: str | None
        finding = self.finding

        village_on_time: bool | None
        village_on_time = self.village_on_time

        town_due_on: str | None
        if isinstance(self.town_due_on, datetime.date):
            town_due_on = self.town_due_on.isoformat()
        else:
            town_due_on = self.town_due_on

        reviewed_on: str | None
        if isinstance(self.reviewed_on, datetime.date):
            reviewed_on = self.reviewed_on.isoformat()
        else:
            reviewed_on = self.reviewed_on

        decision: str | None
        decision = self.decision

        town_on_time: bool | None
        town_on_time = self.town_on_time

        closed_on: str | None
        if isinstance(self.closed_on, datetime.date):
            closed_on = self.closed_on.isoformat()
        else:
            closed_on = self.closed_on

        outcome: str | None
        outcome = self.outcome

        final_outcome: str | None
        final_outcome = self.final_outcome

        remediation: str | None
        remediation = self.remediation

        overdue = self.overdue

        overdue_stage: str | None
        overdue_stage = self.overdue_stage

        return_count = self.return_count

        allowed_actions = self.allowed_actions

        timeline: list[dict[str, Any]] | Unset | None
        if isinstance(self.timeline, Unset):
            timeline = UNSET
        elif isinstance(self.timeline, list):
            timeline = []
            for timeline_type_0_item_data in self.timeline:
                timeline_type_0_item = timeline_type_0_item_data.to_dict()
                timeline.append(timeline_type_0_item)

        else:
            timeline = self.timeline

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "external_id": external_id,
                "batch_id": batch_id,
                "source": source,
                "class": class_,
                "category": category,
                "village_code": village_code,
                "household_code": household_code,
                "household_match": household_match,
                "id_number": id_number,
                "person_name": person_name,
                "description": description,
                "detected_on": detected_on,
                "received_on": received_on,
                "status": status,
                "village_due_on": village_due_on,
                "reported_on": reported_on,
                "finding": finding,
                "village_on_time": village_on_time,
                "town_due_on": town_due_on,
                "reviewed_on": reviewed_on,
                "decision": decision,
                "town_on_time": town_on_time,
                "closed_on": closed_on,
                "outcome": outcome,
                "final_outcome": final_outcome,
                "remediation": remediation,
                "overdue": overdue,
                "overdue_stage": overdue_stage,
                "return_count": return_count,
                "allowed_actions": allowed_actions,
            }
        )
        if timeline is not UNSET:
            field_dict["timeline"] = timeline

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.timeline_entry import TimelineEntry

        d = dict(src_dict)
        id = d.pop("id")

        external_id = d.pop("external_id")

        def _parse_batch_id(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        batch_id = _parse_batch_id(d.pop("batch_id"))

        source = d.pop("source")

        class_ = d.pop("class")

        category = d.pop("category")

        village_code = d.pop("village_code")

        def _parse_household_code(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        household_code = _parse_household_code(d.pop("household_code"))

        household_match = d.pop("household_match")

        def _parse_id_number(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        id_number = _parse_id_number(d.pop("id_number"))

        def _parse_person_name(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        person_name = _parse_person_name(d.pop("person_name"))

        def _parse_description(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        detected_on = datetime.date.fromisoformat(d.pop("detected_on"))

        received_on = datetime.date.fromisoformat(d.pop("received_on"))

        status = d.pop("status")

        village_due_on = datetime.date.fromisoformat(d.pop("village_due_on"))

        def _parse_reported_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reported_on_type_0 = datetime.date.fromisoformat(data)

                return reported_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        reported_on = _parse_reported_on(d.pop("reported_on"))

        def _parse_finding(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        finding = _parse_finding(d.pop("finding"))

        def _parse_village_on_time(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        village_on_time = _parse_village_on_time(d.pop("village_on_time"))

        def _parse_town_due_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                town_due_on_type_0 = datetime.date.fromisoformat(data)

                return town_due_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        town_due_on = _parse_town_due_on(d.pop("town_due_on"))

        def _parse_reviewed_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reviewed_on_type_0 = datetime.date.fromisoformat(data)

                return reviewed_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        reviewed_on = _parse_reviewed_on(d.pop("reviewed_on"))

        def _parse_decision(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        decision = _parse_decision(d.pop("decision"))

        def _parse_town_on_time(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        town_on_time = _parse_town_on_time(d.pop("town_on_time"))

        def _parse_closed_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_on_type_0 = datetime.date.fromisoformat(data)

                return closed_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        closed_on = _parse_closed_on(d.pop("closed_on"))

        def _parse_outcome(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        outcome = _parse_outcome(d.pop("outcome"))

        def _parse_final_outcome(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        final_outcome = _parse_final_outcome(d.pop("final_outcome"))

        def _parse_remediation(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        remediation = _parse_remediation(d.pop("remediation"))

        overdue = d.pop("overdue")

        def _parse_overdue_stage(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        overdue_stage = _parse_overdue_stage(d.pop("overdue_stage"))

        return_count = d.pop("return_count")

        allowed_actions = cast(list[str], d.pop("allowed_actions"))

        def _parse_timeline(data: object) -> list[TimelineEntry] | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                timeline_type_0 = []
                _timeline_type_0 = data
                for timeline_type_0_item_data in _timeline_type_0:
                    timeline_type_0_item = TimelineEntry.from_dict(timeline_type_0_item_data)

                    timeline_type_0.append(timeline_type_0_item)

                return timeline_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[TimelineEntry] | None | Unset, data)

        timeline = _parse_timeline(d.pop("timeline", UNSET))

        alert_out = cls(
            id=id,
            external_id=external_id,
            batch_id=batch_id,
            source=source,
            class_=class_,
            category=category,
            village_code=village_code,
            household_code=household_code,
            household_match=household_match,
            id_number=id_number,
            person_name=person_name,
            description=description,
            detected_on=detected_on,
            received_on=received_on,
            status=status,
            village_due_on=village_due_on,
            reported_on=reported_on,
            finding=finding,
            village_on_time=village_on_time,
            town_due_on=town_due_on,
            reviewed_on=reviewed_on,
            decision=decision,
            town_on_time=town_on_time,
            closed_on=closed_on,
            outcome=outcome,
            final_outcome=final_outcome,
            remediation=remediation,
            overdue=overdue,
            overdue_stage=overdue_stage,
            return_count=return_count,
            allowed_actions=allowed_actions,
            timeline=timeline,
        )

        alert_out.additional_properties = d
        return alert_out

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
