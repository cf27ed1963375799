"""Every event type, as constants: code names `EventType.ALERTS_ALERT_RECEIVED`, never the string.

A `StrEnum`: a member equals its string, so envelopes, headers and stored rows carry the same text as
before. `REGISTRY` (contracts/__init__.py) maps each to its topic, payload model and schema version;
tests/contract checks that the two name the same types.
"""

from __future__ import annotations

from enum import StrEnum


class EventType(StrEnum):
    ALERTS_ALERT_RECEIVED = "alerts.alert.received"
    ALERTS_ALERT_VERIFIED = "alerts.alert.verified"
    ALERTS_ALERT_RETURNED = "alerts.alert.returned"
    ALERTS_ALERT_REVIEWED = "alerts.alert.reviewed"
    ALERTS_ALERT_RISK_CONFIRMED = "alerts.alert.risk_confirmed"
    ALERTS_ALERT_CLOSED = "alerts.alert.closed"
    ALERTS_ALERT_OVERDUE = "alerts.alert.overdue"
    ALERTS_OUTCOME_REPORTED = "alerts.outcome.reported"
    PROVINCE_ALERT_SUBMITTED = "province.alert.submitted"
    AUDIT_ENTRY_RECORDED = "audit.entry.recorded"
    HOUSEHOLDS_VILLAGE_REGISTERED = "households.village.registered"
    HOUSEHOLDS_HOUSEHOLD_REGISTERED = "households.household.registered"
    HOUSEHOLDS_HOUSEHOLD_UPDATED = "households.household.updated"
    HOUSEHOLDS_HOUSEHOLD_MONITORING_ENROLLED = "households.household.monitoring_enrolled"
    HOUSEHOLDS_HOUSEHOLD_RISK_ELIMINATED = "households.household.risk_eliminated"
    HOUSEHOLDS_HOUSEHOLD_HELPER_ASSIGNED = "households.household.helper_assigned"
    HOUSEHOLDS_HOUSEHOLD_VISIT_RECORDED = "households.household.visit_recorded"
    HOUSEHOLDS_HOUSEHOLD_INCOME_RECORDED = "households.household.income_recorded"
    HOUSEHOLDS_HOUSEHOLD_MEASURE_ADDED = "households.household.measure_added"
    HOUSEHOLDS_HOUSEHOLD_SUBSIDY_RECORDED = "households.household.subsidy_recorded"
    HOUSEHOLDS_HOUSEHOLD_EMPLOYMENT_RECORDED = "households.household.employment_recorded"
    HOUSEHOLDS_PROJECT_REGISTERED = "households.project.registered"
    HOUSEHOLDS_PROJECT_UPDATED = "households.project.updated"
    HOUSEHOLDS_HOUSEHOLD_ALREADY_MONITORED = "households.household.already_monitored"
    LOANS_LOAN_APPLIED = "loans.loan.applied"
    LOANS_LOAN_APPROVED = "loans.loan.approved"
    LOANS_LOAN_REJECTED = "loans.loan.rejected"
    LOANS_LOAN_DISBURSED = "loans.loan.disbursed"
    LOANS_LOAN_REPAID = "loans.loan.repaid"
    LOANS_LOAN_WRITTEN_OFF = "loans.loan.written_off"
    LOANS_LOAN_REPAYMENT_RECORDED = "loans.loan.repayment_recorded"
    LOANS_LOAN_OVERDUE = "loans.loan.overdue"
    LOANS_LOAN_OVERDUE_CLEARED = "loans.loan.overdue_cleared"
    LOANS_LOAN_REPAYMENT_DUE_SOON = "loans.loan.repayment_due_soon"
    LOANS_SUBSIDY_SETTLED = "loans.subsidy.settled"
