"""Payload contracts of every event, keyed by event type.

`REGISTRY` is the source of truth for `make contracts` (JSON Schemas + AsyncAPI under `contracts/`).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from services.common.events.contracts import alerts, audit, calendar, households, loans, rectification
from services.common.events.topics import Topic
from services.common.events.types import EventType


@dataclass(frozen=True)
class Contract:
    event_type: str
    topic: str
    model: type[BaseModel]
    schema_version: int
    summary: str


def _c(event_type: str, topic: Topic, model: type[BaseModel], summary: str, version: int = 1) -> Contract:
    return Contract(event_type, topic.value, model, version, summary)


REGISTRY: dict[str, Contract] = {
    c.event_type: c
    for c in [
        _c(
            EventType.ALERTS_ALERT_RECEIVED,
            Topic.ALERTS,
            alerts.AlertEvent,
            "An alert was taken in and sent to its village.",
        ),
        _c(
            EventType.ALERTS_ALERT_VERIFIED,
            Topic.ALERTS,
            alerts.AlertEvent,
            "The village reported its home-visit finding.",
        ),
        _c(
            EventType.ALERTS_ALERT_RETURNED,
            Topic.ALERTS,
            alerts.AlertEvent,
            "The town sent the alert back to the village.",
        ),
        _c(
            EventType.ALERTS_ALERT_REVIEWED,
            Topic.ALERTS,
            alerts.AlertEvent,
            "The town approved the village's finding.",
        ),
        _c(
            EventType.ALERTS_ALERT_RISK_CONFIRMED,
            Topic.ALERTS,
            alerts.AlertEvent,
            "Close-out confirmed a real risk; households answers with enrolment.",
        ),
        _c(
            EventType.ALERTS_ALERT_CLOSED,
            Topic.ALERTS,
            alerts.AlertEvent,
            "The alert is closed with its final outcome.",
        ),
        _c(
            EventType.ALERTS_ALERT_OVERDUE,
            Topic.ALERTS,
            alerts.AlertEvent,
            "A stage passed its due date unfinished.",
        ),
        _c(
            EventType.ALERTS_ALERT_DUE_DATE_MOVED,
            Topic.ALERTS,
            alerts.AlertEvent,
            "The working-day calendar changed (a holiday notice imported, a date overridden), and the open "
            "stage's due date was counted again on it.",
        ),
        _c(
            EventType.ALERTS_OUTCOME_REPORTED,
            Topic.PROVINCE_ALERTS_OUTCOME,
            alerts.OutcomeReported,
            "A close-out result for the provincial platform.",
        ),
        _c(
            EventType.PROVINCE_ALERT_SUBMITTED,
            Topic.PROVINCE_ALERTS_INBOUND,
            alerts.InboundAlert,
            "One provincial alert item pushed on the inbound topic.",
        ),
        _c(
            EventType.AUDIT_ENTRY_RECORDED,
            Topic.AUDIT,
            audit.AuditEntryRecorded,
            "An append-only audit entry.",
        ),
        _c(
            EventType.HOUSEHOLDS_VILLAGE_REGISTERED,
            Topic.HOUSEHOLDS,
            households.VillageRegistered,
            "A village or community exists.",
        ),
        _c(
            EventType.HOUSEHOLDS_HOUSEHOLD_REGISTERED,
            Topic.HOUSEHOLDS,
            households.HouseholdChanged,
            "A household was registered.",
        ),
        _c(
            EventType.HOUSEHOLDS_HOUSEHOLD_UPDATED,
            Topic.HOUSEHOLDS,
            households.HouseholdChanged,
            "A household or its members changed.",
        ),
        _c(
            EventType.HOUSEHOLDS_HOUSEHOLD_MONITORING_ENROLLED,
            Topic.HOUSEHOLDS,
            households.MonitoringAnswer,
            "A household was newly enrolled as a monitoring object (answers a risk_confirmed alert).",
        ),
        _c(
            EventType.HOUSEHOLDS_HOUSEHOLD_RISK_ELIMINATED,
            Topic.HOUSEHOLDS,
            households.RiskEliminated,
            "A monitoring object's risk was eliminated (风险消除).",
        ),
        *[
            _c(f"households.household.{verb}", Topic.HOUSEHOLDS, households.HouseholdFact, summary)
            for verb, summary in [
                ("helper_assigned", "A helper (帮扶责任人) was paired with the household."),
                ("visit_recorded", "A helper's visit was recorded (一月一走访)."),
                ("income_recorded", "A quarter's income was recorded (季度采集收入)."),
                ("measure_added", "An assistance measure was added."),
                ("subsidy_recorded", "An education subsidy was recorded for a student and semester."),
                ("employment_recorded", "Employment or a public-welfare job was recorded."),
            ]
        ],
        _c(
            EventType.HOUSEHOLDS_PROJECT_REGISTERED,
            Topic.HOUSEHOLDS,
            households.ProjectChanged,
            "A project (衔接资金项目) was entered in the register.",
        ),
        _c(
            EventType.HOUSEHOLDS_PROJECT_UPDATED,
            Topic.HOUSEHOLDS,
            households.ProjectChanged,
            "A project's status, investment or acceptance changed.",
        ),
        _c(
            EventType.HOUSEHOLDS_HOUSEHOLD_PROFILE_RECORDED,
            Topic.HOUSEHOLDS,
            households.HouseholdProfile,
            "A new dated version of the household's collection-form record (采集表).",
        ),
        _c(
            EventType.HOUSEHOLDS_HOUSEHOLD_ALREADY_MONITORED,
            Topic.HOUSEHOLDS,
            households.MonitoringAnswer,
            "The household already was a monitoring object (answers a risk_confirmed alert).",
        ),
        *[
            _c(f"loans.loan.{verb}", Topic.LOANS, loans.LoanChanged, summary)
            for verb, summary in [
                ("applied", "A small loan (小额信贷) was applied for and passed the eligibility check."),
                ("approved", "The loan was approved."),
                ("rejected", "The loan application was rejected."),
                ("disbursed", "The bank paid the loan out (date, bank, rate, maturity)."),
                ("repaid", "The loan was repaid in full."),
                ("written_off", "The loan was written off."),
            ]
        ],
        _c(
            EventType.LOANS_LOAN_REPAYMENT_RECORDED,
            Topic.LOANS,
            loans.RepaymentRecorded,
            "An interest and/or principal repayment was recorded.",
        ),
        _c(
            EventType.LOANS_LOAN_OVERDUE,
            Topic.LOANS,
            loans.LoanOverdue,
            "A loan fell overdue; alerts raises an internal alert.",
        ),
        _c(
            EventType.LOANS_LOAN_OVERDUE_CLEARED,
            Topic.LOANS,
            loans.LoanOverdue,
            "Everything overdue on the loan was paid.",
        ),
        _c(
            EventType.LOANS_LOAN_REPAYMENT_DUE_SOON,
            Topic.LOANS,
            loans.RepaymentDueSoon,
            "A repayment reminder N days before a settlement or maturity date.",
        ),
        _c(
            EventType.LOANS_SUBSIDY_SETTLED,
            Topic.LOANS,
            loans.SubsidySettled,
            "A borrower's interest subsidy for a settlement quarter.",
        ),
        _c(
            EventType.CALENDAR_YEAR_PUBLISHED,
            Topic.CALENDAR,
            calendar.CalendarYear,
            "A year of the working-day calendar changed (a holiday notice imported, an override set or "
            "removed): the whole year, for every service's due dates.",
        ),
        _c(
            EventType.RECTIFICATION_OPENED,
            Topic.RECTIFICATION,
            rectification.RectificationChanged,
            "A problem was opened as a rectification item (measure, responsible person, deadline).",
        ),
        _c(
            EventType.RECTIFICATION_OVERDUE,
            Topic.RECTIFICATION,
            rectification.RectificationChanged,
            "A rectification item passed its deadline open; an internal alert was raised.",
        ),
        _c(
            EventType.RECTIFICATION_CLOSED,
            Topic.RECTIFICATION,
            rectification.RectificationChanged,
            "A rectification item was closed with its evidence.",
        ),
        _c(
            EventType.RECTIFICATION_DUE_DATE_MOVED,
            Topic.RECTIFICATION,
            rectification.RectificationChanged,
            "The working-day calendar changed, and the open item's deadline was counted again on it.",
        ),
    ]
}


def contract_for(event_type: str) -> Contract:
    try:
        return REGISTRY[event_type]
    except KeyError as exc:
        raise KeyError(f"no contract for event type {event_type!r}") from exc


__all__ = ["REGISTRY", "Contract", "contract_for"]
