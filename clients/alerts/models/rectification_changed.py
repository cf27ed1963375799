from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RectificationChanged")


@_attrs_define
class RectificationChanged:
    """A problem the office must fix: the measure, who is responsible, by when, and how it was closed.

    Attributes:
        rectification_id (str):
        source (str): detector | inspection | audit | other
        village_code (str):
        problem (str):
        measure (str): 整改措施
        responsible (str): 整改责任人
        opened_on (datetime.date):
        working_days (int):
        due_on (datetime.date): 整改时限: opened_on plus the working days, on the shared calendar
        status (str): open | closed
        detector (None | str | Unset): the problem detector, when a finding was opened
        finding_ref (None | str | Unset): what the finding was about (its subject)
        household_code (None | str | Unset):
        overdue (bool | Unset):  Default: False.
        closed_on (datetime.date | None | Unset):
        closing_note (None | str | Unset):
        evidence (list[str] | Unset): references to the closing evidence
    """

    rectification_id: str
    source: str
    village_code: str
    problem: str
    measure: str
    responsible: str
    opened_on: datetime.date
    working_days: int
    due_on: datetime.date
    status: str
    detector: str | Unset | None = UNSET
    finding_ref: str | Unset | None = UNSET
    household_code: str | Unset | None = UNSET
    overdue: bool | Unset = False
    closed_on: datetime.date | Unset | None = UNSET
    closing_note: str | Unset | None = UNSET
    evidence: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        rectification_id = self.rectification_id

        source = self.source

        village_code = self.village_code

        problem = self.problem

        measure = self.measure

        responsible = self.responsible

        opened_on = self.opened_on.isoformat()

        working_days = self.working_days

        due_on = self.due_on.isoformat()

        status = self.status

        detector: str | Unset | None
        if isinstance(self.detector, Unset):
            detector = UNSET
        else:
            detector = self.detector

        finding_ref: str | Unset | None
        if isinstance(self.finding_ref, Unset):
            finding_ref = UNSET
        else:
            finding_ref = self.finding_ref

        household_code: str | Unset | None
        if isinstance(self.household_code, Unset):
            household_code = UNSET
        else:
            household_code = self.household_code

        overdue = self.overdue

        closed_on: str | Unset | None
        if isinstance(self.closed_on, Unset):
            closed_on = UNSET
        elif isinstance(self.closed_on, datetime.date):
            closed_on = self.closed_on.isoformat()
        else:
            closed_on = self.closed_on

        closing_note: str | Unset | None
        if isinstance(self.closing_note, Unset):
            closing_note = UNSET
        else:
            closing_note = self.closing_note

        evidence: list[str] | Unset = UNSET
        if not isinstance(self.evidence, Unset):
            evidence = self.evidence

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "rectification_id": rectification_id,
                "source": source,
                "village_code": village_code,
                "problem": problem,
                "measure": measure,
                "responsible": responsible,
                "opened_on": opened_on,
                "working_days": working_days,
                "due_on": due_on,
                "status": status,
            }
        )
        if detector is not UNSET:
            field_dict["detector"] = detector
        if finding_ref is not UNSET:
            field_dict["finding_ref"] = finding_ref
        if household_code is not UNSET:
            field_dict["household_code"] = household_code
        if overdue is not UNSET:
            field_dict["overdue"] = overdue
        if closed_on is not UNSET:
            field_dict["closed_on"] = closed_on
        if closing_note is not UNSET:
            field_dict["closing_note"] = closing_note
        if evidence is not UNSET:
            field_dict["evidence"] = evidence

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        rectification_id = d.pop("rectification_id")

        source = d.pop("source")

        village_code = d.pop("village_code")

        problem = d.pop("problem")

        measure = d.pop("measure")

        responsible = d.pop("responsible")

        opened_on = datetime.date.fromisoformat(d.pop("opened_on"))

        working_days = d.pop("working_days")

        due_on = datetime.date.fromisoformat(d.pop("due_on"))

        status = d.pop("status")

        def _parse_detector(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        detector = _parse_detector(d.pop("detector", UNSET))

        def _parse_finding_ref(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        finding_ref = _parse_finding_ref(d.pop("finding_ref", UNSET))

        def _parse_household_code(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        household_code = _parse_household_code(d.pop("household_code", UNSET))

        overdue = d.pop("overdue", UNSET)

        def _parse_closed_on(data: object) -> datetime.date | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_on_type_0 = datetime.date.fromisoformat(data)

                return closed_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        closed_on = _parse_closed_on(d.pop("closed_on", UNSET))

        def _parse_closing_note(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        closing_note = _parse_closing_note(d.pop("closing_note", UNSET))

        evidence = cast(list[str], d.pop("evidence", UNSET))

        rectification_changed = cls(
            rectification_id=rectification_id,
            source=source,
            village_code=village_code,
            problem=problem,
            measure=measure,
            responsible=responsible,
            opened_on=opened_on,
            working_days=working_days,
            due_on=due_on,
            status=status,
            detector=detector,
            finding_ref=finding_ref,
            household_code=household_code,
            overdue=overdue,
            closed_on=closed_on,
            closing_note=closing_note,
            evidence=evidence,
        )

        return rectification_changed
