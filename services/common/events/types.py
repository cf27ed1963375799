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
    ALERTS_ALERT_DUE_DATE_MOVED = "alerts.alert.due_date_moved"
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
    HOUSEHOLDS_HOUSEHOLD_PROFILE_RECORDED = "households.household.profile_recorded"
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
    CALENDAR_YEAR_PUBLISHED = "calendar.year.published"
    RECTIFICATION_OPENED = "rectification.item.opened"
    RECTIFICATION_OVERDUE = "rectification.item.overdue"
    RECTIFICATION_CLOSED = "rectification.item.closed"
    RECTIFICATION_DUE_DATE_MOVED = "rectification.item.due_date_moved"


# What each event means, in Chinese, for the dashboard's live feed and the office's logs; a test
# requires an entry for every member.
LABELS_ZH: dict[EventType, str] = {
    EventType.ALERTS_ALERT_RECEIVED: "收到省平台预警",
    EventType.ALERTS_ALERT_VERIFIED: "村级核实上报",
    EventType.ALERTS_ALERT_RETURNED: "乡镇退回重新核实",
    EventType.ALERTS_ALERT_REVIEWED: "乡镇审核",
    EventType.ALERTS_ALERT_RISK_CONFIRMED: "确认存在风险",
    EventType.ALERTS_ALERT_CLOSED: "预警办结销号",
    EventType.ALERTS_ALERT_OVERDUE: "预警处置逾期",
    EventType.ALERTS_OUTCOME_REPORTED: "处置结果报送省平台",
    EventType.PROVINCE_ALERT_SUBMITTED: "省平台推送预警",
    EventType.AUDIT_ENTRY_RECORDED: "记入审计留痕",
    EventType.HOUSEHOLDS_VILLAGE_REGISTERED: "登记行政村",
    EventType.HOUSEHOLDS_HOUSEHOLD_REGISTERED: "登记农户",
    EventType.HOUSEHOLDS_HOUSEHOLD_UPDATED: "农户信息变更",
    EventType.HOUSEHOLDS_HOUSEHOLD_MONITORING_ENROLLED: "纳入监测对象",
    EventType.HOUSEHOLDS_HOUSEHOLD_RISK_ELIMINATED: "监测对象风险消除",
    EventType.HOUSEHOLDS_HOUSEHOLD_HELPER_ASSIGNED: "落实帮扶责任人",
    EventType.HOUSEHOLDS_HOUSEHOLD_VISIT_RECORDED: "帮扶走访",
    EventType.HOUSEHOLDS_HOUSEHOLD_INCOME_RECORDED: "登记收入",
    EventType.HOUSEHOLDS_HOUSEHOLD_MEASURE_ADDED: "落实帮扶措施",
    EventType.HOUSEHOLDS_HOUSEHOLD_SUBSIDY_RECORDED: "发放教育补助",
    EventType.HOUSEHOLDS_HOUSEHOLD_EMPLOYMENT_RECORDED: "登记就业",
    EventType.HOUSEHOLDS_PROJECT_REGISTERED: "登记衔接资金项目",
    EventType.HOUSEHOLDS_PROJECT_UPDATED: "项目进展变更",
    EventType.HOUSEHOLDS_HOUSEHOLD_ALREADY_MONITORED: "已是监测对象",
    EventType.HOUSEHOLDS_HOUSEHOLD_PROFILE_RECORDED: "采集表信息变更",
    EventType.LOANS_LOAN_APPLIED: "小额信贷申请",
    EventType.LOANS_LOAN_APPROVED: "小额信贷审批通过",
    EventType.LOANS_LOAN_REJECTED: "小额信贷申请未通过",
    EventType.LOANS_LOAN_DISBURSED: "小额信贷放款",
    EventType.LOANS_LOAN_REPAID: "小额信贷结清",
    EventType.LOANS_LOAN_WRITTEN_OFF: "小额信贷核销",
    EventType.LOANS_LOAN_REPAYMENT_RECORDED: "登记还款",
    EventType.LOANS_LOAN_OVERDUE: "小额信贷逾期",
    EventType.LOANS_LOAN_OVERDUE_CLEARED: "逾期已还清",
    EventType.LOANS_LOAN_REPAYMENT_DUE_SOON: "还款即将到期提醒",
    EventType.LOANS_SUBSIDY_SETTLED: "贴息结算",
    EventType.CALENDAR_YEAR_PUBLISHED: "节假日安排更新",
    EventType.RECTIFICATION_OPENED: "开立整改事项",
    EventType.RECTIFICATION_OVERDUE: "整改逾期",
    EventType.RECTIFICATION_CLOSED: "整改销号",
    EventType.RECTIFICATION_DUE_DATE_MOVED: "整改时限随节假日调整",
    EventType.ALERTS_ALERT_DUE_DATE_MOVED: "处置时限随节假日调整",
}


def label_zh(event_type: str) -> str:
    """The Chinese label of an event type (the type itself for one this version does not know)."""
    try:
        return LABELS_ZH.get(EventType(event_type), event_type)
    except ValueError:
        return event_type
