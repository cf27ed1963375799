from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.finding import Finding
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.evidence import Evidence
    from ..models.home_check_form import HomeCheckForm


T = TypeVar("T", bound="VerificationIn")


@_attrs_define
class VerificationIn:
    """
    Attributes:
        visited_on (datetime.date):
        visitors (list[str]):
        finding (Finding):
        reported_on (datetime.date | None | Unset): Effective date of the report; default today
        notes (None | str | Unset):
        evidence (list[Evidence] | Unset):
        form (HomeCheckForm | None | Unset): the home-verification form (入户核查表)
    """

    visited_on: datetime.date
    visitors: list[str]
    finding: Finding
    reported_on: datetime.date | Unset | None = UNSET
    notes: str | Unset | None = UNSET
    evidence: list[Evidence] | Unset = UNSET
    form: HomeCheckForm | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.home_check_form import HomeCheckForm

        visited_on = self.visited_on.isoformat()

        visitors = self.visitors

        finding = self.finding.value

        reported_on: str | Unset | None
        if isinstance(self.reported_on, Unset):
            reported_on = UNSET
        elif isinstance(self.reported_on, datetime.date):
            reported_on = self.reported_on.isoformat()
        else:
            reported_on = self.reported_on

        notes: str | Unset | None
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        evidence: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.evidence, Unset):
            evidence = []
            for evidence_item_data in self.evidence:
                evidence_item = evidence_item_data.to_dict()
                evidence.append(evidence_item)

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
        if reported_on is not UNSET:
            field_dict["reported_on"] = reported_on
        if notes is not UNSET:
            field_dict["notes"] = notes
        if evidence is not UNSET:
            field_dict["evidence"] = evidence
        if form is not UNSET:
            field_dict["form"] = form

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evidence import Evidence
        from ..models.home_check_form import HomeCheckForm

        d = dict(src_dict)
        visited_on = datetime.date.fromisoformat(d.pop("visited_on"))

        visitors = cast(list[str], d.pop("visitors"))

        finding = Finding(d.pop("finding"))

        def _parse_reported_on(data: object) -> datetime.date | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reported_on_type_0 = datetime.date.fromisoformat(data)

                return reported_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        reported_on = _parse_reported_on(d.pop("reported_on", UNSET))

        def _parse_notes(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        _evidence = d.pop("evidence", UNSET)
        evidence: list[Evidence] | Unset = UNSET
        if _evidence is not UNSET:
            evidence = []
            for evidence_item_data in _evidence:
                evidence_item = Evidence.from_dict(evidence_item_data)

                evidence.append(evidence_item)

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

        verification_in = cls(
            visited_on=visited_on,
            visitors=visitors,
            finding=finding,
            reported_on=reported_on,
            notes=notes,
            evidence=evidence,
            form=form,
        )

        return verification_in
