from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.visit_check import VisitCheck


T = TypeVar("T", bound="VisitItemIn")


@_attrs_define
class VisitItemIn:
    """
    Attributes:
        visited_on (datetime.date):
        household_code (str):
        helper_id (None | str | Unset):
        notes (None | str | Unset):
        form (None | Unset | VisitCheck): the short form (走访简表), optional
    """

    visited_on: datetime.date
    household_code: str
    helper_id: str | Unset | None = UNSET
    notes: str | Unset | None = UNSET
    form: Unset | VisitCheck | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.visit_check import VisitCheck

        visited_on = self.visited_on.isoformat()

        household_code = self.household_code

        helper_id: str | Unset | None
        if isinstance(self.helper_id, Unset):
            helper_id = UNSET
        else:
            helper_id = self.helper_id

        notes: str | Unset | None
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        form: dict[str, Any] | Unset | None
        if isinstance(self.form, Unset):
            form = UNSET
        elif isinstance(self.form, VisitCheck):
            form = self.form.to_dict()
        else:
            form = self.form

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "visited_on": visited_on,
                "household_code": household_code,
            }
        )
        if helper_id is not UNSET:
            field_dict["helper_id"] = helper_id
        if notes is not UNSET:
            field_dict["notes"] = notes
        if form is not UNSET:
            field_dict["form"] = form

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.visit_check import VisitCheck

        d = dict(src_dict)
        visited_on = datetime.date.fromisoformat(d.pop("visited_on"))

        household_code = d.pop("household_code")

        def _parse_helper_id(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        helper_id = _parse_helper_id(d.pop("helper_id", UNSET))

        def _parse_notes(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        def _parse_form(data: object) -> Unset | VisitCheck | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                form_type_0 = VisitCheck.from_dict(data)

                return form_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | VisitCheck, data)

        form = _parse_form(d.pop("form", UNSET))

        visit_item_in = cls(
            visited_on=visited_on,
            household_code=household_code,
            helper_id=helper_id,
            notes=notes,
            form=form,
        )

        return visit_item_in
