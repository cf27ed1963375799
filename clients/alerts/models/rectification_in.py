from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="RectificationIn")


@_attrs_define
class RectificationIn:
    """
    Attributes:
        source (str):
        village_code (str):
        problem (str):
        measure (str): 整改措施
        responsible (str): 整改责任人
        opened_on (datetime.date):
        working_days (int): 整改时限, in working days from opened_on
        detector (None | str | Unset):
        finding_ref (None | str | Unset): the finding's subject
        household_code (None | str | Unset):
    """

    source: str
    village_code: str
    problem: str
    measure: str
    responsible: str
    opened_on: datetime.date
    working_days: int
    detector: str | Unset | None = UNSET
    finding_ref: str | Unset | None = UNSET
    household_code: str | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        source = self.source

        village_code = self.village_code

        problem = self.problem

        measure = self.measure

        responsible = self.responsible

        opened_on = self.opened_on.isoformat()

        working_days = self.working_days

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

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "source": source,
                "village_code": village_code,
                "problem": problem,
                "measure": measure,
                "responsible": responsible,
                "opened_on": opened_on,
                "working_days": working_days,
            }
        )
        if detector is not UNSET:
            field_dict["detector"] = detector
        if finding_ref is not UNSET:
            field_dict["finding_ref"] = finding_ref
        if household_code is not UNSET:
            field_dict["household_code"] = household_code

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        source = d.pop("source")

        village_code = d.pop("village_code")

        problem = d.pop("problem")

        measure = d.pop("measure")

        responsible = d.pop("responsible")

        opened_on = datetime.date.fromisoformat(d.pop("opened_on"))

        working_days = d.pop("working_days")

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

        rectification_in = cls(
            source=source,
            village_code=village_code,
            problem=problem,
            measure=measure,
            responsible=responsible,
            opened_on=opened_on,
            working_days=working_days,
            detector=detector,
            finding_ref=finding_ref,
            household_code=household_code,
        )

        return rectification_in
