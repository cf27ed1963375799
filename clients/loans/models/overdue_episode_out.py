from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="OverdueEpisodeOut")


@_attrs_define
class OverdueEpisodeOut:
    """
    Attributes:
        id (str):
        overdue_since (datetime.date):
        due_kind (str):
        due_on (datetime.date):
        amount_due (str): yuan
        cleared_on (datetime.date | None):
    """

    id: str
    overdue_since: datetime.date
    due_kind: str
    due_on: datetime.date
    amount_due: str
    cleared_on: datetime.date | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        overdue_since = self.overdue_since.isoformat()

        due_kind = self.due_kind

        due_on = self.due_on.isoformat()

        amount_due = self.amount_due

        cleared_on: str | None
        if isinstance(self.cleared_on, datetime.date):
            cleared_on = self.cleared_on.isoformat()
        else:
            cleared_on = self.cleared_on

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "overdue_since": overdue_since,
                "due_kind": due_kind,
                "due_on": due_on,
                "amount_due": amount_due,
                "cleared_on": cleared_on,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        overdue_since = datetime.date.fromisoformat(d.pop("overdue_since"))

        due_kind = d.pop("due_kind")

        due_on = datetime.date.fromisoformat(d.pop("due_on"))

        amount_due = d.pop("amount_due")

        def _parse_cleared_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cleared_on_type_0 = datetime.date.fromisoformat(data)

                return cleared_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        cleared_on = _parse_cleared_on(d.pop("cleared_on"))

        overdue_episode_out = cls(
            id=id,
            overdue_since=overdue_since,
            due_kind=due_kind,
            due_on=due_on,
            amount_due=amount_due,
            cleared_on=cleared_on,
        )

        overdue_episode_out.additional_properties = d
        return overdue_episode_out

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
