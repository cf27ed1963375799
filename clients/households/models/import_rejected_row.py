from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ImportRejectedRow")


@_attrs_define
class ImportRejectedRow:
    """
    Attributes:
        row (int): the row in the file (1 is the header)
        index (int):
        household_code (None | str):
        errors (list[str]):
    """

    row: int
    index: int
    household_code: str | None
    errors: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        row = self.row

        index = self.index

        household_code: str | None
        household_code = self.household_code

        errors = self.errors

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "row": row,
                "index": index,
                "household_code": household_code,
                "errors": errors,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        row = d.pop("row")

        index = d.pop("index")

        def _parse_household_code(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        household_code = _parse_household_code(d.pop("household_code"))

        errors = cast(list[str], d.pop("errors"))

        import_rejected_row = cls(
            row=row,
            index=index,
            household_code=household_code,
            errors=errors,
        )

        import_rejected_row.additional_properties = d
        return import_rejected_row

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
