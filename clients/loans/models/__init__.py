"""Contains all the data models used in inputs/outputs"""

from .application_in import ApplicationIn
from .borrower import Borrower
from .call_list_entry_out import CallListEntryOut
from .call_list_out import CallListOut
from .call_outcome_in import CallOutcomeIn
from .daily_job_out import DailyJobOut
from .decision_in import DecisionIn
from .disbursement_in import DisbursementIn
from .due_out import DueOut
from .due_out_kind import DueOutKind
from .error_info import ErrorInfo
from .error_response import ErrorResponse
from .health import Health
from .loan_detail import LoanDetail
from .loan_detail_status import LoanDetailStatus
from .loan_out import LoanOut
from .loan_out_status import LoanOutStatus
from .loan_stats import LoanStats
from .loan_stats_by_village import LoanStatsByVillage
from .masked_person import MaskedPerson
from .overdue_episode_out import OverdueEpisodeOut
from .page_loan_out import PageLoanOut
from .rate_point_in import RatePointIn
from .rate_point_out import RatePointOut
from .rate_series_in import RateSeriesIn
from .rate_table import RateTable
from .rate_table_series import RateTableSeries
from .rates_written import RatesWritten
from .readiness import Readiness
from .readiness_checks import ReadinessChecks
from .readiness_status import ReadinessStatus
from .reminder_out import ReminderOut
from .repayment_in import RepaymentIn
from .repayment_out import RepaymentOut
from .repayment_recorded import RepaymentRecorded
from .reveal_out import RevealOut
from .reveal_out_actor import RevealOutActor
from .reveal_out_details import RevealOutDetails
from .reveals_out import RevealsOut
from .reveals_out_broken_type_0 import RevealsOutBrokenType0
from .reveals_out_broken_type_0_additional_property import RevealsOutBrokenType0AdditionalProperty
from .sms_opt_out_in import SmsOptOutIn
from .sms_send_out import SmsSendOut
from .subsidies_out import SubsidiesOut
from .subsidy_line_out import SubsidyLineOut
from .subsidy_totals import SubsidyTotals
from .village_book import VillageBook
from .write_off_in import WriteOffIn

__all__ = (
    "ApplicationIn",
    "Borrower",
    "CallListEntryOut",
    "CallListOut",
    "CallOutcomeIn",
    "DailyJobOut",
    "DecisionIn",
    "DisbursementIn",
    "DueOut",
    "DueOutKind",
    "ErrorInfo",
    "ErrorResponse",
    "Health",
    "LoanDetail",
    "LoanDetailStatus",
    "LoanOut",
    "LoanOutStatus",
    "LoanStats",
    "LoanStatsByVillage",
    "MaskedPerson",
    "OverdueEpisodeOut",
    "PageLoanOut",
    "RatePointIn",
    "RatePointOut",
    "RateSeriesIn",
    "RateTable",
    "RateTableSeries",
    "RatesWritten",
    "Readiness",
    "ReadinessChecks",
    "ReadinessStatus",
    "ReminderOut",
    "RepaymentIn",
    "RepaymentOut",
    "RepaymentRecorded",
    "RevealOut",
    "RevealOutActor",
    "RevealOutDetails",
    "RevealsOut",
    "RevealsOutBrokenType0",
    "RevealsOutBrokenType0AdditionalProperty",
    "SmsOptOutIn",
    "SmsSendOut",
    "SubsidiesOut",
    "SubsidyLineOut",
    "SubsidyTotals",
    "VillageBook",
    "WriteOffIn",
)
