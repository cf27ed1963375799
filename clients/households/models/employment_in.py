from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.employment_in_kind import EmploymentInKind
from ..types import UNSET, Unset

T = TypeVar("T", bound="EmploymentIn")


@_attrs_define
class EmploymentIn:
    """
    Attributes:
        member_id (str):
        year (int):
        kind (EmploymentInKind):
        employer (None | str | Unset):
    """

    member_id: str
    year: int
    kind: EmploymentInKind
    employer: str | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        member_id = self.member_id

        year = self.year

        kind = self.kind.value

        employer: str | Unset | None
        if isinstance(self.employer, Unset):
            employer = UNSET
        else:
            employer = self.employer

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "member_id": member_id,
                "year": year,
                "kind": kind,
            }
        )
        if employer is not UNSET:
            field_dict["employer"] = employer

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        member_id = d.pop("member_id")

        year = d.pop("year")

        kind = EmploymentInKind(d.pop("kind"))

        def _parse_employer(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        employer = _parse_employer(d.pop("employer", UNSET))

        employment_in = cls(
            member_id=member_id,
            year=year,
            kind=kind,
            employer=employer,
        )

        return employment_in
