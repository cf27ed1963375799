from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="RectificationItem")


@_attrs_define
class RectificationItem:
    """
    Attributes:
        rectification_id (str):
        source (str):
        detector (None | str):
        finding_ref (None | str):
        village_code (str):
        household_code (None | str):
        problem (str):
        measure (str): 整改措施
        responsible (str): 整改责任人
        opened_on (datetime.date):
        due_on (datetime.date): 整改时限
        status (str):
        overdue (bool):
        closed_on (datetime.date | None):
        closing_note (None | str):
        evidence (list[str]):
    """

    rectification_id: str
    source: str
    detector: str | None
    finding_ref: str | None
    village_code: str
    household_code: str | None
    problem: str
    measure: str
    responsible: str
    opened_on: datetime.date
    due_on: datetime.date
    status: str
    overdue: bool
    closed_on: datetime.date | None
    closing_note: str | None
    evidence: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rectification_id = self.rectification_id

        source = self.source

        detector: str | None
        detector = self.detector

        finding_ref: str | None
        finding_ref = self.finding_ref

        village_code = self.village_code

        household_code: str | None
        household_code = self.household_code

        problem = self.problem

        measure = self.measure

        responsible = self.responsible

        opened_on = self.opened_on.isoformat()

        due_on = self.due_on.isoformat()

        status = self.status

        overdue = self.overdue

        closed_on: str | None
        if isinstance(self.closed_on, datetime.date):
            closed_on = self.closed_on.isoformat()
        else:
            closed_on = self.closed_on

        closing_note: str | None
        closing_note = self.closing_note

        evidence = self.evidence

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "rectification_id": rectification_id,
                "source": source,
                "detector": detector,
                "finding_ref": finding_ref,
                "village_code": village_code,
                "household_code": household_code,
                "problem": problem,
                "measure": measure,
                "responsible": responsible,
                "opened_on": opened_on,
                "due_on": due_on,
                "status": status,
                "overdue": overdue,
                "closed_on": closed_on,
                "closing_note": closing_note,
                "evidence": evidence,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        rectification_id = d.pop("rectification_id")

        source = d.pop("source")

        def _parse_detector(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        detector = _parse_detector(d.pop("detector"))

        def _parse_finding_ref(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        finding_ref = _parse_finding_ref(d.pop("finding_ref"))

        village_code = d.pop("village_code")

        def _parse_household_code(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        household_code = _parse_household_code(d.pop("household_code"))

        problem = d.pop("problem")

        measure = d.pop("measure")

        responsible = d.pop("responsible")

        opened_on = datetime.date.fromisoformat(d.pop("opened_on"))

        due_on = datetime.date.fromisoformat(d.pop("due_on"))

        status = d.pop("status")

        overdue = d.pop("overdue")

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

        def _parse_closing_note(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        closing_note = _parse_closing_note(d.pop("closing_note"))

        evidence = cast(list[str], d.pop("evidence"))

        rectification_item = cls(
            rectification_id=rectification_id,
            source=source,
            detector=detector,
            finding_ref=finding_ref,
            village_code=village_code,
            household_code=household_code,
            problem=problem,
            measure=measure,
            responsible=responsible,
            opened_on=opened_on,
            due_on=due_on,
            status=status,
            overdue=overdue,
            closed_on=closed_on,
            closing_note=closing_note,
            evidence=evidence,
        )

        rectification_item.additional_properties = d
        return rectification_item

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
