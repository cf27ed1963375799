"""Contains all the data models used in inputs/outputs"""

from .body_start_import import BodyStartImport
from .elimination_in import EliminationIn
from .employment_in import EmploymentIn
from .employment_in_kind import EmploymentInKind
from .employment_recorded import EmploymentRecorded
from .enrol_in import EnrolIn
from .error_info import ErrorInfo
from .error_response import ErrorResponse
from .health import Health
from .helper_in import HelperIn
from .helper_out import HelperOut
from .household_detail import HouseholdDetail
from .household_monitoring import HouseholdMonitoring
from .household_stats import HouseholdStats
from .household_summary import HouseholdSummary
from .household_without_helper import HouseholdWithoutHelper
from .id_number_query import IdNumberQuery
from .import_job import ImportJob
from .import_job_status import ImportJobStatus
from .import_queued import ImportQueued
from .import_rejected_row import ImportRejectedRow
from .income_in import IncomeIn
from .income_item_in import IncomeItemIn
from .income_recorded import IncomeRecorded
from .incomes_in import IncomesIn
from .incomes_recorded import IncomesRecorded
from .measure_added import MeasureAdded
from .measure_in import MeasureIn
from .measure_kind import MeasureKind
from .member_found import MemberFound
from .member_out import MemberOut
from .monitoring_object_out import MonitoringObjectOut
from .monitoring_steps import MonitoringSteps
from .monitoring_type import MonitoringType
from .newly_identified import NewlyIdentified
from .notice_period import NoticePeriod
from .page_household_summary import PageHouseholdSummary
from .page_household_without_helper import PageHouseholdWithoutHelper
from .page_monitoring_object_out import PageMonitoringObjectOut
from .page_village_public import PageVillagePublic
from .paired_helper import PairedHelper
from .pairing import Pairing
from .pairing_in import PairingIn
from .people_count import PeopleCount
from .profile_history import ProfileHistory
from .profile_in import ProfileIn
from .profile_in_social_assistance_type_0 import ProfileInSocialAssistanceType0
from .profile_in_work_ability_type_0 import ProfileInWorkAbilityType0
from .profile_in_work_ability_type_0_additional_property import ProfileInWorkAbilityType0AdditionalProperty
from .profile_out import ProfileOut
from .profile_out_social_assistance_type_0 import ProfileOutSocialAssistanceType0
from .profile_out_work_ability import ProfileOutWorkAbility
from .profile_out_work_ability_additional_property import ProfileOutWorkAbilityAdditionalProperty
from .project_in import ProjectIn
from .project_in_kind import ProjectInKind
from .project_in_status import ProjectInStatus
from .project_list import ProjectList
from .project_out import ProjectOut
from .project_totals import ProjectTotals
from .projects_in import ProjectsIn
from .projects_written import ProjectsWritten
from .readiness import Readiness
from .readiness_checks import ReadinessChecks
from .readiness_status import ReadinessStatus
from .reveal_out import RevealOut
from .reveal_out_actor import RevealOutActor
from .reveal_out_details import RevealOutDetails
from .reveals_out import RevealsOut
from .reveals_out_broken_type_0 import RevealsOutBrokenType0
from .reveals_out_broken_type_0_additional_property import RevealsOutBrokenType0AdditionalProperty
from .step_in import StepIn
from .step_in_step import StepInStep
from .subsidy_in import SubsidyIn
from .subsidy_in_level import SubsidyInLevel
from .subsidy_in_semester import SubsidyInSemester
from .subsidy_recorded import SubsidyRecorded
from .village_create import VillageCreate
from .village_create_kind import VillageCreateKind
from .village_public import VillagePublic
from .village_public_kind import VillagePublicKind
from .villages_changed import VillagesChanged
from .villages_in import VillagesIn
from .visit_check import VisitCheck
from .visit_check_income_change_type_0 import VisitCheckIncomeChangeType0
from .visit_in import VisitIn
from .visit_item_in import VisitItemIn
from .visit_recorded import VisitRecorded
from .visits_in import VisitsIn
from .visits_recorded import VisitsRecorded

__all__ = (
    "BodyStartImport",
    "EliminationIn",
    "EmploymentIn",
    "EmploymentInKind",
    "EmploymentRecorded",
    "EnrolIn",
    "ErrorInfo",
    "ErrorResponse",
    "Health",
    "HelperIn",
    "HelperOut",
    "HouseholdDetail",
    "HouseholdMonitoring",
    "HouseholdStats",
    "HouseholdSummary",
    "HouseholdWithoutHelper",
    "IdNumberQuery",
    "ImportJob",
    "ImportJobStatus",
    "ImportQueued",
    "ImportRejectedRow",
    "IncomeIn",
    "IncomeItemIn",
    "IncomeRecorded",
    "IncomesIn",
    "IncomesRecorded",
    "MeasureAdded",
    "MeasureIn",
    "MeasureKind",
    "MemberFound",
    "MemberOut",
    "MonitoringObjectOut",
    "MonitoringSteps",
    "MonitoringType",
    "NewlyIdentified",
    "NoticePeriod",
    "PageHouseholdSummary",
    "PageHouseholdWithoutHelper",
    "PageMonitoringObjectOut",
    "PageVillagePublic",
    "PairedHelper",
    "Pairing",
    "PairingIn",
    "PeopleCount",
    "ProfileHistory",
    "ProfileIn",
    "ProfileInSocialAssistanceType0",
    "ProfileInWorkAbilityType0",
    "ProfileInWorkAbilityType0AdditionalProperty",
    "ProfileOut",
    "ProfileOutSocialAssistanceType0",
    "ProfileOutWorkAbility",
    "ProfileOutWorkAbilityAdditionalProperty",
    "ProjectIn",
    "ProjectInKind",
    "ProjectInStatus",
    "ProjectList",
    "ProjectOut",
    "ProjectTotals",
    "ProjectsIn",
    "ProjectsWritten",
    "Readiness",
    "ReadinessChecks",
    "ReadinessStatus",
    "RevealOut",
    "RevealOutActor",
    "RevealOutDetails",
    "RevealsOut",
    "RevealsOutBrokenType0",
    "RevealsOutBrokenType0AdditionalProperty",
    "StepIn",
    "StepInStep",
    "SubsidyIn",
    "SubsidyInLevel",
    "SubsidyInSemester",
    "SubsidyRecorded",
    "VillageCreate",
    "VillageCreateKind",
    "VillagePublic",
    "VillagePublicKind",
    "VillagesChanged",
    "VillagesIn",
    "VisitCheck",
    "VisitCheckIncomeChangeType0",
    "VisitIn",
    "VisitItemIn",
    "VisitRecorded",
    "VisitsIn",
    "VisitsRecorded",
)
