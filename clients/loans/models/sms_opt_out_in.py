from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="SmsOptOutIn")


@_attrs_define
class SmsOptOutIn:
    """
    Attributes:
        opt_out (bool): true: no more text messages (回复TD); false: messages again
    """

    opt_out: bool

    def to_dict(self) -> dict[str, Any]:
        opt_out = self.opt_out

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "opt_out": opt_out,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        opt_out = d.pop("opt_out")

        sms_opt_out_in = cls(
            opt_out=opt_out,
        )

        return sms_opt_out_in
