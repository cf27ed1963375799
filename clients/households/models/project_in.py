from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.project_in_kind import ProjectInKind
from ..models.project_in_status import ProjectInStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="ProjectIn")


@_attrs_define
class ProjectIn:
    """
    Attributes:
        code (str): the project's number in the town's register
        name (str):
        village_code (str):
        kind (ProjectInKind):
        year (int):
        investment (float | str): yuan
        status (ProjectInStatus):
        started_on (datetime.date | None | Unset):
        accepted_on (datetime.date | None | Unset):
        beneficiary_households (int | Unset):  Default: 0.
    """

    code: str
    name: str
    village_code: str
    kind: ProjectInKind
    year: int
    investment: float | str
    status: ProjectInStatus
    started_on: datetime.date | Unset | None = UNSET
    accepted_on: datetime.date | Unset | None = UNSET
    beneficiary_households: int | Unset = 0

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        name = self.name

        village_code = self.village_code

        kind = self.kind.value

        year = self.year

        investment: float | str
        investment = self.investment

        status = self.status.value

        started_on: str | Unset | None
        if isinstance(self.started_on, Unset):
            started_on = UNSET
        elif isinstance(self.started_on, datetime.date):
            started_on = self.started_on.isoformat()
        else:
            started_on = self.started_on

        accepted_on: str | Unset | None
        if isinstance(self.accepted_on, Unset):
            accepted_on = UNSET
        elif isinstance(self.accepted_on, datetime.date):
            accepted_on = self.accepted_on.isoformat()
        else:
            accepted_on = self.accepted_on

        beneficiary_households = self.beneficiary_households

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "code": code,
                "name": name,
                "village_code": village_code,
                "kind": kind,
                "year": year,
                "investment": investment,
                "status": status,
            }
        )
        if started_on is not UNSET:
            field_dict["started_on"] = started_on
        if accepted_on is not UNSET:
            field_dict["accepted_on"] = accepted_on
        if beneficiary_households is not UNSET:
            field_dict["beneficiary_households"] = beneficiary_households

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        name = d.pop("name")

        village_code = d.pop("village_code")

        kind = ProjectInKind(d.pop("kind"))

        year = d.pop("year")

        def _parse_investment(data: object) -> float | str:
            return cast(float | str, data)

        investment = _parse_investment(d.pop("investment"))

        status = ProjectInStatus(d.pop("status"))

        def _parse_started_on(data: object) -> datetime.date | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_on_type_0 = datetime.date.fromisoformat(data)

                return started_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        started_on = _parse_started_on(d.pop("started_on", UNSET))

        def _parse_accepted_on(data: object) -> datetime.date | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                accepted_on_type_0 = datetime.date.fromisoformat(data)

                return accepted_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        accepted_on = _parse_accepted_on(d.pop("accepted_on", UNSET))

        beneficiary_households = d.pop("beneficiary_households", UNSET)

        project_in = cls(
            code=code,
            name=name,
            village_code=village_code,
            kind=kind,
            year=year,
            investment=investment,
            status=status,
            started_on=started_on,
            accepted_on=accepted_on,
            beneficiary_households=beneficiary_households,
        )

        return project_in
