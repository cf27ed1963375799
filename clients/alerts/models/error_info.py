from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ErrorInfo")


@_attrs_define
class ErrorInfo:
    """
    Attributes:
        code (str): machine-readable: bad_request, unauthorized, forbidden, not_found, conflict, validation_failed,
            payload_too_large, rate_limited, …
        message (str):
        message_zh (str): what the code means, in Chinese, for the office's staff (中文说明)
        details (list[Any] | Unset): every reason found, not only the first (a 422 from a request's shape: loc, field,
            msg, type; a refused item: its index and its errors)
    """

    code: str
    message: str
    message_zh: str
    details: list[Any] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        code = self.code

        message = self.message

        message_zh = self.message_zh

        details: list[Any] | Unset = UNSET
        if not isinstance(self.details, Unset):
            details = self.details

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "code": code,
                "message": message,
                "message_zh": message_zh,
            }
        )
        if details is not UNSET:
            field_dict["details"] = details

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        code = d.pop("code")

        message = d.pop("message")

        message_zh = d.pop("message_zh")

        details = cast(list[Any], d.pop("details", UNSET))

        error_info = cls(
            code=code,
            message=message,
            message_zh=message_zh,
            details=details,
        )

        error_info.additional_properties = d
        return error_info

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
