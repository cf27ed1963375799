from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.rate_point_in import RatePointIn


T = TypeVar("T", bound="RateSeriesIn")


@_attrs_define
class RateSeriesIn:
    """
    Attributes:
        series (str):
        points (list[RatePointIn]):
    """

    series: str
    points: list[RatePointIn]

    def to_dict(self) -> dict[str, Any]:
        series = self.series

        points = []
        for points_item_data in self.points:
            points_item = points_item_data.to_dict()
            points.append(points_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "series": series,
                "points": points,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rate_point_in import RatePointIn

        d = dict(src_dict)
        series = d.pop("series")

        points = []
        _points = d.pop("points")
        for points_item_data in _points:
            points_item = RatePointIn.from_dict(points_item_data)

            points.append(points_item)

        rate_series_in = cls(
            series=series,
            points=points,
        )

        return rate_series_in
