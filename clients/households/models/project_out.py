from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ProjectOut")


@_attrs_define
class ProjectOut:
    """
    Attributes:
        id (str):
        code (str):
        name (str):
        village_code (str):
        kind (str):
        year (int):
        investment (str): yuan
        status (str):
        started_on (datetime.date | None):
        accepted_on (datetime.date | None):
        beneficiary_households (int | None):
    """

    id: str
    code: str
    name: str
    village_code: str
    kind: str
    year: int
    investment: str
    status: str
    started_on: datetime.date | None
    accepted_on: datetime.date | None
    beneficiary_households: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        code = self.code

        name = self.name

        village_code = self.village_code

        kind = self.kind

        year = self.year

        investment = self.investment

        status = self.status

        started_on: str | None
        if isinstance(self.started_on, datetime.date):
            started_on = self.started_on.isoformat()
        else:
            started_on = self.started_on

        accepted_on: str | None
        if isinstance(self.accepted_on, datetime.date):
            accepted_on = self.accepted_on.isoformat()
        else:
            accepted_on = self.accepted_on

        beneficiary_households: int | None
        beneficiary_households = self.beneficiary_households

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "code": code,
                "name": name,
                "village_code": village_code,
                "kind": kind,
                "year": year,
                "investment": investment,
                "status": status,
                "started_on": started_on,
                "accepted_on": accepted_on,
                "beneficiary_households": beneficiary_households,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        code = d.pop("code")

        name = d.pop("name")

        village_code = d.pop("village_code")

        kind = d.pop("kind")

        year = d.pop("year")

        investment = d.pop("investment")

        status = d.pop("status")

        def _parse_started_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_on_type_0 = datetime.date.fromisoformat(data)

                return started_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        started_on = _parse_started_on(d.pop("started_on"))

        def _parse_accepted_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                accepted_on_type_0 = datetime.date.fromisoformat(data)

                return accepted_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        accepted_on = _parse_accepted_on(d.pop("accepted_on"))

        def _parse_beneficiary_households(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        beneficiary_households = _parse_beneficiary_households(d.pop("beneficiary_households"))

        project_out = cls(
            id=id,
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

        project_out.additional_properties = d
        return project_out

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
