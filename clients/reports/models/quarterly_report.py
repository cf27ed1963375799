from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.alerts_section import AlertsSection
    from ..models.closed_in_quarter import ClosedInQuarter
    from ..models.households_and_people import HouseholdsAndPeople
    from ..models.projects_accepted import ProjectsAccepted
    from ..models.quarter_loans import QuarterLoans
    from ..models.quarterly_report_education_subsidies import QuarterlyReportEducationSubsidies
    from ..models.town_out import TownOut


T = TypeVar("T", bound="QuarterlyReport")


@_attrs_define
class QuarterlyReport:
    """
    Attributes:
        year (int):
        quarter (str):
        from_ (datetime.date):
        to (datetime.date):
        town (TownOut):
        alerts (AlertsSection):
        alerts_closed (ClosedInQuarter):
        newly_identified (HouseholdsAndPeople):
        education_subsidies (QuarterlyReportEducationSubsidies): the semester the quarter reports (Q1 spring, Q3
            autumn), else empty
        projects_accepted (ProjectsAccepted):
        loans (QuarterLoans):
    """

    year: int
    quarter: str
    from_: datetime.date
    to: datetime.date
    town: TownOut
    alerts: AlertsSection
    alerts_closed: ClosedInQuarter
    newly_identified: HouseholdsAndPeople
    education_subsidies: QuarterlyReportEducationSubsidies
    projects_accepted: ProjectsAccepted
    loans: QuarterLoans
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        year = self.year

        quarter = self.quarter

        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        town = self.town.to_dict()

        alerts = self.alerts.to_dict()

        alerts_closed = self.alerts_closed.to_dict()

        newly_identified = self.newly_identified.to_dict()

        education_subsidies = self.education_subsidies.to_dict()

        projects_accepted = self.projects_accepted.to_dict()

        loans = self.loans.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "year": year,
                "quarter": quarter,
                "from": from_,
                "to": to,
                "town": town,
                "alerts": alerts,
                "alerts_closed": alerts_closed,
                "newly_identified": newly_identified,
                "education_subsidies": education_subsidies,
                "projects_accepted": projects_accepted,
                "loans": loans,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.alerts_section import AlertsSection
        from ..models.closed_in_quarter import ClosedInQuarter
        from ..models.households_and_people import HouseholdsAndPeople
        from ..models.projects_accepted import ProjectsAccepted
        from ..models.quarter_loans import QuarterLoans
        from ..models.quarterly_report_education_subsidies import QuarterlyReportEducationSubsidies
        from ..models.town_out import TownOut

        d = dict(src_dict)
        year = d.pop("year")

        quarter = d.pop("quarter")

        from_ = datetime.date.fromisoformat(d.pop("from"))

        to = datetime.date.fromisoformat(d.pop("to"))

        town = TownOut.from_dict(d.pop("town"))

        alerts = AlertsSection.from_dict(d.pop("alerts"))

        alerts_closed = ClosedInQuarter.from_dict(d.pop("alerts_closed"))

        newly_identified = HouseholdsAndPeople.from_dict(d.pop("newly_identified"))

        education_subsidies = QuarterlyReportEducationSubsidies.from_dict(d.pop("education_subsidies"))

        projects_accepted = ProjectsAccepted.from_dict(d.pop("projects_accepted"))

        loans = QuarterLoans.from_dict(d.pop("loans"))

        quarterly_report = cls(
            year=year,
            quarter=quarter,
            from_=from_,
            to=to,
            town=town,
            alerts=alerts,
            alerts_closed=alerts_closed,
            newly_identified=newly_identified,
            education_subsidies=education_subsidies,
            projects_accepted=projects_accepted,
            loans=loans,
        )

        quarterly_report.additional_properties = d
        return quarterly_report

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
