"""Contains all the data models used in inputs/outputs"""

from .alert_list import AlertList
from .alert_out import AlertOut
from .alert_summary_out import AlertSummaryOut
from .alert_summary_out_by_category import AlertSummaryOutByCategory
from .alert_summary_out_by_category_additional_property import AlertSummaryOutByCategoryAdditionalProperty
from .alert_summary_out_by_final_outcome import AlertSummaryOutByFinalOutcome
from .alert_summary_out_by_status import AlertSummaryOutByStatus
from .audit_entry_out import AuditEntryOut
from .audit_entry_out_actor import AuditEntryOutActor
from .audit_entry_out_details import AuditEntryOutDetails
from .audit_out import AuditOut
from .body_post_evidence import BodyPostEvidence
from .body_upload_feed import BodyUploadFeed
from .calendar_day_out import CalendarDayOut
from .calendar_notice_in import CalendarNoticeIn
from .calendar_out import CalendarOut
from .calendar_out_overrides import CalendarOutOverrides
from .calendar_override_in import CalendarOverrideIn
from .chain_break_out import ChainBreakOut
from .check import Check
from .close_out_in import CloseOutIn
from .error_info import ErrorInfo
from .error_response import ErrorResponse
from .evidence import Evidence
from .evidence_out import EvidenceOut
from .feed_in import FeedIn
from .feed_reject_out import FeedRejectOut
from .feed_status_out import FeedStatusOut
from .finding import Finding
from .health import Health
from .home_check_form import HomeCheckForm
from .household_choice_in import HouseholdChoiceIn
from .intake_result import IntakeResult
from .outcome import Outcome
from .outcome_out import OutcomeOut
from .readiness import Readiness
from .readiness_checks import ReadinessChecks
from .readiness_status import ReadinessStatus
from .rectification_changed import RectificationChanged
from .rectification_close_in import RectificationCloseIn
from .rectification_in import RectificationIn
from .rectification_list import RectificationList
from .rejected_out import RejectedOut
from .reveal_out import RevealOut
from .reveal_out_actor import RevealOutActor
from .reveal_out_details import RevealOutDetails
from .reveals_out import RevealsOut
from .reveals_out_broken_type_0 import RevealsOutBrokenType0
from .reveals_out_broken_type_0_additional_property import RevealsOutBrokenType0AdditionalProperty
from .review_in import ReviewIn
from .review_in_decision import ReviewInDecision
from .revisit_in import RevisitIn
from .sweep_out import SweepOut
from .timeline_entry import TimelineEntry
from .timeline_entry_actor import TimelineEntryActor
from .timeline_entry_details import TimelineEntryDetails
from .verification_in import VerificationIn
from .village_list import VillageList
from .village_out import VillageOut

__all__ = (
    "AlertList",
    "AlertOut",
    "AlertSummaryOut",
    "AlertSummaryOutByCategory",
    "AlertSummaryOutByCategoryAdditionalProperty",
    "AlertSummaryOutByFinalOutcome",
    "AlertSummaryOutByStatus",
    "AuditEntryOut",
    "AuditEntryOutActor",
    "AuditEntryOutDetails",
    "AuditOut",
    "BodyPostEvidence",
    "BodyUploadFeed",
    "CalendarDayOut",
    "CalendarNoticeIn",
    "CalendarOut",
    "CalendarOutOverrides",
    "CalendarOverrideIn",
    "ChainBreakOut",
    "Check",
    "CloseOutIn",
    "ErrorInfo",
    "ErrorResponse",
    "Evidence",
    "EvidenceOut",
    "FeedIn",
    "FeedRejectOut",
    "FeedStatusOut",
    "Finding",
    "Health",
    "HomeCheckForm",
    "HouseholdChoiceIn",
    "IntakeResult",
    "Outcome",
    "OutcomeOut",
    "Readiness",
    "ReadinessChecks",
    "ReadinessStatus",
    "RectificationChanged",
    "RectificationCloseIn",
    "RectificationIn",
    "RectificationList",
    "RejectedOut",
    "RevealOut",
    "RevealOutActor",
    "RevealOutDetails",
    "RevealsOut",
    "RevealsOutBrokenType0",
    "RevealsOutBrokenType0AdditionalProperty",
    "ReviewIn",
    "ReviewInDecision",
    "RevisitIn",
    "SweepOut",
    "TimelineEntry",
    "TimelineEntryActor",
    "TimelineEntryDetails",
    "VerificationIn",
    "VillageList",
    "VillageOut",
)
