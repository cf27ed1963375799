from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.review_in_decision import ReviewInDecision
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.revisit_in import RevisitIn


T = TypeVar("T", bound="ReviewIn")


@_attrs_define
class ReviewIn:
    """
    Attributes:
        decision (ReviewInDecision):
        reviewed_on (datetime.date | None | Unset):
        notes (None | str | Unset):
        revisit (None | RevisitIn | Unset):
    """

    decision: ReviewInDecision
    reviewed_on: datetime.date | Unset | None = UNSET
    notes: str | Unset | None = UNSET
    revisit: RevisitIn | Unset | None = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.revisit_in import RevisitIn

        decision = self.decision.value

        reviewed_on: str | Unset | None
        if isinstance(self.reviewed_on, Unset):
            reviewed_on = UNSET
        elif isinstance(self.reviewed_on, datetime.date):
            reviewed_on = self.reviewed_on.isoformat()
        else:
            reviewed_on = self.reviewed_on

        notes: str | Unset | None
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

        revisit: dict[str, Any] | Unset | None
        if isinstance(self.revisit, Unset):
            revisit = UNSET
        elif isinstance(self.revisit, RevisitIn):
            revisit = self.revisit.to_dict()
        else:
            revisit = self.revisit

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "decision": decision,
            }
        )
        if reviewed_on is not UNSET:
            field_dict["reviewed_on"] = reviewed_on
        if notes is not UNSET:
            field_dict["notes"] = notes
        if revisit is not UNSET:
            field_dict["revisit"] = revisit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.revisit_in import RevisitIn

        d = dict(src_dict)
        decision = ReviewInDecision(d.pop("decision"))

        def _parse_reviewed_on(data: object) -> datetime.date | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reviewed_on_type_0 = datetime.date.fromisoformat(data)

                return reviewed_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        reviewed_on = _parse_reviewed_on(d.pop("reviewed_on", UNSET))

        def _parse_notes(data: object) -> str | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))

        def _parse_revisit(data: object) -> RevisitIn | Unset | None:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                revisit_type_0 = RevisitIn.from_dict(data)

                return revisit_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RevisitIn | Unset, data)

        revisit = _parse_revisit(d.pop("revisit", UNSET))

        review_in = cls(
            decision=decision,
            reviewed_on=reviewed_on,
            notes=notes,
            revisit=revisit,
        )

        return review_in
