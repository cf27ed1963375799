from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ProjectKind")


@_attrs_define
class ProjectKind:
    """
    Attributes:
        count (int):
        investment_yuan (str): yuan
        accepted (int):
        awaiting_acceptance (int):
        operating (int):
    """

    count: int
    investment_yuan: str
    accepted: int
    awaiting_acceptance: int
    operating: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        count = self.count

        investment_yuan = self.investment_yuan

        accepted = self.accepted

        awaiting_acceptance = self.awaiting_acceptance

        operating = self.operating

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "count": count,
                "investment_yuan": investment_yuan,
                "accepted": accepted,
                "awaiting_acceptance": awaiting_acceptance,
                "operating": operating,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        count = d.pop("count")

        investment_yuan = d.pop("investment_yuan")

        accepted = d.pop("accepted")

        awaiting_acceptance = d.pop("awaiting_acceptance")

        operating = d.pop("operating")

        project_kind = cls(
            count=count,
            investment_yuan=investment_yuan,
            accepted=accepted,
            awaiting_acceptance=awaiting_acceptance,
            operating=operating,
        )

        project_kind.additional_properties = d
        return project_kind

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
