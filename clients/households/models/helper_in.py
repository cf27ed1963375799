from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="HelperIn")


@_attrs_define
class HelperIn:
    """
    Attributes:
        name (str):
        unit (None | str | Unset):
        phone (None | str | Unset):
    """

    name: str
    unit: str | Unset | None = UNSET
    phone: str | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        unit: str | Unset | None
        if isinstance(self.unit, Unset):
            unit = UNSET
        else:
            unit = self.unit

        phone: str | Unset | None
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if unit is not UNSET:
            field_dict["unit"] = unit
        if phone is not UNSET:
            field_dict["phone"] = phone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        def _parse_unit(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        unit = _parse_unit(d.pop("unit", UNSET))

        def _parse_phone(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        helper_in = cls(
            name=name,
            unit=unit,
            phone=phone,
        )

        return helper_in
