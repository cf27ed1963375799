from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.subsidy_in_level import SubsidyInLevel
from ..models.subsidy_in_semester import SubsidyInSemester

T = TypeVar("T", bound="SubsidyIn")


@_attrs_define
class SubsidyIn:
    """
    Attributes:
        member_id (str):
        year (int):
        semester (SubsidyInSemester):
        level (SubsidyInLevel):
        amount (float | str):
    """

    member_id: str
    year: int
    semester: SubsidyInSemester
    level: SubsidyInLevel
    amount: float | str

    def to_dict(self) -> dict[str, Any]:
        member_id = self.member_id

        year = self.year

        semester = self.semester.value

        level = self.level.value

        amount: float | str
        amount = self.amount

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "member_id": member_id,
                "year": year,
                "semester": semester,
                "level": level,
                "amount": amount,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        member_id = d.pop("member_id")

        year = d.pop("year")

        semester = SubsidyInSemester(d.pop("semester"))

        level = SubsidyInLevel(d.pop("level"))

        def _parse_amount(data: object) -> float | str:
            return cast(float | str, data)

        amount = _parse_amount(d.pop("amount"))

        subsidy_in = cls(
            member_id=member_id,
            year=year,
            semester=semester,
            level=level,
            amount=amount,
        )

        return subsidy_in
