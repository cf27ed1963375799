from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OnTimeRow")


@_attrs_define
class OnTimeRow:
    """
    Attributes:
        finished (int):
        on_time (int):
        rate (None | str):
        stage (str):
        village_code (str):
        month (str):
    """

    finished: int
    on_time: int
    rate: str | None
    stage: str
    village_code: str
    month: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        finished = self.finished

        on_time = self.on_time

        rate: str | None
        rate = self.rate

        stage = self.stage

        village_code = self.village_code

        month = self.month

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "finished": finished,
                "on_time": on_time,
                "rate": rate,
                "stage": stage,
                "village_code": village_code,
                "month": month,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        finished = d.pop("finished")

        on_time = d.pop("on_time")

        def _parse_rate(data: object) -> str | None:
            if data is None:
                return data
            return cast(None | str, data)

        rate = _parse_rate(d.pop("rate"))

        stage = d.pop("stage")

        village_code = d.pop("village_code")

        month = d.pop("month")

        on_time_row = cls(
            finished=finished,
            on_time=on_time,
            rate=rate,
            stage=stage,
            village_code=village_code,
            month=month,
        )

        on_time_row.additional_properties = d
        return on_time_row

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
