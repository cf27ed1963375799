from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.step_in_step import StepInStep
from ..types import UNSET, Unset

T = TypeVar("T", bound="StepIn")


@_attrs_define
class StepIn:
    """
    Attributes:
        step (StepInStep):
        on (datetime.date):
        notice_to (datetime.date | None | Unset):
    """

    step: StepInStep
    on: datetime.date
    notice_to: datetime.date | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        step = self.step.value

        on = self.on.isoformat()

        notice_to: str | Unset | None
        if isinstance(self.notice_to, Unset):
            notice_to = UNSET
        elif isinstance(self.notice_to, datetime.date):
            notice_to = self.notice_to.isoformat()
        else:
            notice_to = self.notice_to

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "step": step,
                "on": on,
            }
        )
        if notice_to is not UNSET:
            field_dict["notice_to"] = notice_to

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        step = StepInStep(d.pop("step"))

        on = datetime.date.fromisoformat(d.pop("on"))

        def _parse_notice_to(data: object) -> datetime.date | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                notice_to_type_0 = datetime.date.fromisoformat(data)

                return notice_to_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        notice_to = _parse_notice_to(d.pop("notice_to", UNSET))

        step_in = cls(
            step=step,
            on=on,
            notice_to=notice_to,
        )

        return step_in
