from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.due_out_kind import DueOutKind

T = TypeVar("T", bound="DueOut")


@_attrs_define
class DueOut:
    """
    Attributes:
        kind (DueOutKind):
        due_on (datetime.date):
        amount (str): yuan
        period (list[datetime.date] | None): [first day, last day] an interest due covers
        paid_on (datetime.date | None):
        overdue (bool):
    """

    kind: DueOutKind
    due_on: datetime.date
    amount: str
    period: list[datetime.date] | None
    paid_on: datetime.date | None
    overdue: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        due_on = self.due_on.isoformat()

        amount = self.amount

        period: list[str] | None
        if isinstance(self.period, list):
            period = []
            for period_type_0_item_data in self.period:
                period_type_0_item = period_type_0_item_data.isoformat()
                period.append(period_type_0_item)

        else:
            period = self.period

        paid_on: str | None
        if isinstance(self.paid_on, datetime.date):
            paid_on = self.paid_on.isoformat()
        else:
            paid_on = self.paid_on

        overdue = self.overdue

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "kind": kind,
                "due_on": due_on,
                "amount": amount,
                "period": period,
                "paid_on": paid_on,
                "overdue": overdue,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = DueOutKind(d.pop("kind"))

        due_on = datetime.date.fromisoformat(d.pop("due_on"))

        amount = d.pop("amount")

        def _parse_period(data: object) -> list[datetime.date] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                period_type_0 = []
                _period_type_0 = data
                for period_type_0_item_data in _period_type_0:
                    period_type_0_item = datetime.date.fromisoformat(period_type_0_item_data)

                    period_type_0.append(period_type_0_item)

                return period_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[datetime.date] | None, data)

        period = _parse_period(d.pop("period"))

        def _parse_paid_on(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                paid_on_type_0 = datetime.date.fromisoformat(data)

                return paid_on_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        paid_on = _parse_paid_on(d.pop("paid_on"))

        overdue = d.pop("overdue")

        due_out = cls(
            kind=kind,
            due_on=due_on,
            amount=amount,
            period=period,
            paid_on=paid_on,
            overdue=overdue,
        )

        due_out.additional_properties = d
        return due_out

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
