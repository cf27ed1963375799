"""Contains all the data models used in inputs/outputs"""

from .alerts_section import AlertsSection
from .alerts_section_general_risk import AlertsSectionGeneralRisk
from .alerts_section_internal import AlertsSectionInternal
from .alerts_section_other_categories import AlertsSectionOtherCategories
from .alerts_section_outcomes import AlertsSectionOutcomes
from .alerts_section_policy_not_implemented import AlertsSectionPolicyNotImplemented
from .annual_report import AnnualReport
from .closed_in_quarter import ClosedInQuarter
from .dashboard_summary import DashboardSummary
from .dashboard_summary_alerts_by_status import DashboardSummaryAlertsByStatus
from .dashboard_summary_open_by_stage import DashboardSummaryOpenByStage
from .education_section import EducationSection
from .education_semester import EducationSemester
from .employment_section import EmploymentSection
from .error_info import ErrorInfo
from .error_response import ErrorResponse
from .file_in import FileIn
from .filed_list import FiledList
from .filed_out import FiledOut
from .filed_version import FiledVersion
from .finding_out import FindingOut
from .finding_out_records import FindingOutRecords
from .health import Health
from .households_and_people import HouseholdsAndPeople
from .loans_section import LoansSection
from .loans_section_interest_subsidy import LoansSectionInterestSubsidy
from .on_time_row import OnTimeRow
from .problems_report import ProblemsReport
from .problems_report_detectors import ProblemsReportDetectors
from .problems_report_summary import ProblemsReportSummary
from .project_kind import ProjectKind
from .projects_accepted import ProjectsAccepted
from .projects_section import ProjectsSection
from .quarter_loans import QuarterLoans
from .quarter_subsidy import QuarterSubsidy
from .quarterly_report import QuarterlyReport
from .quarterly_report_education_subsidies import QuarterlyReportEducationSubsidies
from .readiness import Readiness
from .readiness_checks import ReadinessChecks
from .readiness_status import ReadinessStatus
from .rebuilt import Rebuilt
from .recent_event import RecentEvent
from .rectification_item import RectificationItem
from .rectification_ledger import RectificationLedger
from .sla_report import SlaReport
from .sla_report_average_days import SlaReportAverageDays
from .sla_report_on_time_totals import SlaReportOnTimeTotals
from .sla_report_open_by_village import SlaReportOpenByVillage
from .sla_report_open_by_village_additional_property import SlaReportOpenByVillageAdditionalProperty
from .stage_rate import StageRate
from .town_out import TownOut
from .trend_month import TrendMonth
from .village_ledgers_format import VillageLedgersFormat
from .village_work import VillageWork

__all__ = (
    "AlertsSection",
    "AlertsSectionGeneralRisk",
    "AlertsSectionInternal",
    "AlertsSectionOtherCategories",
    "AlertsSectionOutcomes",
    "AlertsSectionPolicyNotImplemented",
    "AnnualReport",
    "ClosedInQuarter",
    "DashboardSummary",
    "DashboardSummaryAlertsByStatus",
    "DashboardSummaryOpenByStage",
    "EducationSection",
    "EducationSemester",
    "EmploymentSection",
    "ErrorInfo",
    "ErrorResponse",
    "FileIn",
    "FiledList",
    "FiledOut",
    "FiledVersion",
    "FindingOut",
    "FindingOutRecords",
    "Health",
    "HouseholdsAndPeople",
    "LoansSection",
    "LoansSectionInterestSubsidy",
    "OnTimeRow",
    "ProblemsReport",
    "ProblemsReportDetectors",
    "ProblemsReportSummary",
    "ProjectKind",
    "ProjectsAccepted",
    "ProjectsSection",
    "QuarterLoans",
    "QuarterSubsidy",
    "QuarterlyReport",
    "QuarterlyReportEducationSubsidies",
    "Readiness",
    "ReadinessChecks",
    "ReadinessStatus",
    "Rebuilt",
    "RecentEvent",
    "RectificationItem",
    "RectificationLedger",
    "SlaReport",
    "SlaReportAverageDays",
    "SlaReportOnTimeTotals",
    "SlaReportOpenByVillage",
    "SlaReportOpenByVillageAdditionalProperty",
    "StageRate",
    "TownOut",
    "TrendMonth",
    "VillageLedgersFormat",
    "VillageWork",
)
