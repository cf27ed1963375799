from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.finding import Finding
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.home_check_form import HomeCheckForm


T = TypeVar("T", bound="RevisitIn")


@_attrs_define
class RevisitIn:
    """
    Attributes:
        visited_on (datetime.date):
        visitors (list[str]):
        finding (Finding):
        form (HomeCheckForm | None | Unset): the town's revisit, on the same form
    """

    visited_on: datetime.date
    visitors: list[str]
    finding: Finding
    form: HomeCheckForm | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.home_check_form import HomeCheckForm

        visited_on = self.visited_on.isoformat()

        visitors = self.visitors

        finding = self.finding.value

        form: dict[str, Any] | Unset | None
        if isinstance(self.form, Unset):
            form = UNSET
        elif isinstance(self.form, HomeCheckForm):
            form = self.form.to_dict()
        else:
            form = self.form

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "visited_on": visited_on,
                "visitors": visitors,
                "finding": finding,
            }
        )
        if form is not UNSET:
            field_dict["form"] = form

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.home_check_form import HomeCheckForm

        d = dict(src_dict)
        visited_on = datetime.date.fromisoformat(d.pop("visited_on"))

        visitors = cast(list[str], d.pop("visitors"))

        finding = Finding(d.pop("finding"))

        def _parse_form(data: object) -> HomeCheckForm | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                form_type_0 = HomeCheckForm.from_dict(data)

                return form_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(HomeCheckForm | None | Unset, data)

        form = _parse_form(d.pop("form", UNSET))

        revisit_in = cls(
            visited_on=visited_on,
            visitors=visitors,
            finding=finding,
            form=form,
        )

        return revisit_in
