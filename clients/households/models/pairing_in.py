from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PairingIn")


@_attrs_define
class PairingIn:
    """
    Attributes:
        helper_id (str):
        from_on (datetime.date):
    """

    helper_id: str
    from_on: datetime.date

    def to_dict(self) -> dict[str, Any]:
        helper_id = self.helper_id

        from_on = self.from_on.isoformat()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "helper_id": helper_id,
                "from_on": from_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        helper_id = d.pop("helper_id")

        from_on = datetime.date.fromisoformat(d.pop("from_on"))

        pairing_in = cls(
            helper_id=helper_id,
            from_on=from_on,
        )

        return pairing_in
