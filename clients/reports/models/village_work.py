from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="VillageWork")


@_attrs_define
class VillageWork:
    """
    Attributes:
        village_code (str):
        name (str):
        open_ (int):
        overdue (int):
    """

    village_code: str
    name: str
    open_: int
    overdue: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        village_code = self.village_code

        name = self.name

        open_ = self.open_

        overdue = self.overdue

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "village_code": village_code,
                "name": name,
                "open": open_,
                "overdue": overdue,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        village_code = d.pop("village_code")

        name = d.pop("name")

        open_ = d.pop("open")

        overdue = d.pop("overdue")

        village_work = cls(
            village_code=village_code,
            name=name,
            open_=open_,
            overdue=overdue,
        )

        village_work.additional_properties = d
        return village_work

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
