from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.finding_out import FindingOut
    from ..models.problems_report_detectors import ProblemsReportDetectors
    from ..models.problems_report_summary import ProblemsReportSummary


T = TypeVar("T", bound="ProblemsReport")


@_attrs_define
class ProblemsReport:
    """
    Attributes:
        year (int):
        as_of (datetime.date):
        village_codes (list[str] | None):
        detectors (ProblemsReportDetectors): each detector asked for → what it finds
        summary (ProblemsReportSummary):
        total (int):
        problems (list[FindingOut]):
    """

    year: int
    as_of: datetime.date
    village_codes: list[str] | None
    detectors: ProblemsReportDetectors
    summary: ProblemsReportSummary
    total: int
    problems: list[FindingOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        year = self.year

        as_of = self.as_of.isoformat()

        village_codes: list[str] | None
        if isinstance(self.village_codes, list):
            village_codes = self.village_codes

        else:
            village_codes = self.village_codes

        detectors = self.detectors.to_dict()

        summary = self.summary.to_dict()

        total = self.total

        problems = []
        for problems_item_data in self.problems:
            problems_item = problems_item_data.to_dict()
            problems.append(problems_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "year": year,
                "as_of": as_of,
                "village_codes": village_codes,
                "detectors": detectors,
                "summary": summary,
                "total": total,
                "problems": problems,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.finding_out import FindingOut
        from ..models.problems_report_detectors import ProblemsReportDetectors
        from ..models.problems_report_summary import ProblemsReportSummary

        d = dict(src_dict)
        year = d.pop("year")

        as_of = datetime.date.fromisoformat(d.pop("as_of"))

        def _parse_village_codes(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                village_codes_type_0 = cast(list[str], data)

                return village_codes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        village_codes = _parse_village_codes(d.pop("village_codes"))

        detectors = ProblemsReportDetectors.from_dict(d.pop("detectors"))

        summary = ProblemsReportSummary.from_dict(d.pop("summary"))

        total = d.pop("total")

        problems = []
        _problems = d.pop("problems")
        for problems_item_data in _problems:
            problems_item = FindingOut.from_dict(problems_item_data)

            problems.append(problems_item)

        problems_report = cls(
            year=year,
            as_of=as_of,
            village_codes=village_codes,
            detectors=detectors,
            summary=summary,
            total=total,
            problems=problems,
        )

        problems_report.additional_properties = d
        return problems_report

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
