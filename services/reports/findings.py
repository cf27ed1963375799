"""What a problem finding is, the detectors' names (Chinese and English), and the pure date logic they
share: which months, quarters and semesters of a year are due as of a date."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

import orjson

from services.common.i18n import Text

DETECTORS: dict[str, Text] = {
    "rain_and_dew_omission": Text(
        "a vocational student of an eligible household has no 雨露计划 subsidy in a semester",
        "雨露计划漏报：脱贫户或监测户的中高职学生某学期未享受补助",
    ),
    "rain_and_dew_wrong_entry": Text(
        "a 雨露计划 subsidy went to a member who is not an eligible vocational student",
        "雨露计划错报：补助发给了不符合条件的成员",
    ),
    "loan_late_repayment": Text("a borrower was late on a due date (an overdue episode)", "小额信贷逾期还款"),
    "loan_reminder_not_delivered": Text(
        "a due fell overdue without a reminder sent before it", "小额信贷到期前未提醒即逾期"
    ),
    "measures_not_targeted": Text(
        "a monitored household has no measure that addresses its risk category", "帮扶措施针对性不强或未落实"
    ),
    "helper_missed_visit": Text(
        "a paired household went a month without a helper's visit", "帮扶责任人未按月走访"
    ),
    "helper_missed_income": Text("a paired household has no income record for a quarter", "未按季度采集收入"),
    "alert_closed_without_followup": Text(
        "an alert was closed without the required revisit or remediation", "预警办结缺少复核或整改记录"
    ),
    "under_line_not_enrolled": Text(
        "a household's income, spending or 两不愁三保障 says it should be monitored, and it is not (应纳未纳)",
        "应纳未纳：收入低于监测标准、刚性支出骤增或“两不愁三保障”未达标，但未纳入监测对象",
    ),
}
# Chinese words the findings use
SEMESTER_ZH = {"spring": "春季学期", "autumn": "秋季学期"}
DUE_ZH = {"interest": "利息", "principal": "本金"}
STAGE_ZH = {
    "kindergarten": "学前", "compulsory": "义务教育", "senior_high": "普通高中", "vocational": "中高职",
    "higher": "高等教育", "other": "其他",
}  # fmt: skip
MEASURE_ZH = {
    "health": "健康帮扶", "education": "教育帮扶", "employment": "就业帮扶", "industry": "产业帮扶",
    "housing": "住房安全", "social_security": "综合保障", "finance": "金融帮扶", "public_welfare_job": "公益岗位",
}  # fmt: skip


def joined(reasons: list[Text]) -> Text:
    return Text("; ".join(reasons), "；".join(r.zh for r in reasons))


# the school year's semesters start in these months (a semester is checked once it has started)
SEMESTER_START = {"spring": 3, "autumn": 9}
ASSISTED = "(h.alleviated OR h.monitoring_status IS NOT NULL)"


@dataclass(frozen=True)
class Finding:
    detector: str
    village_code: str
    subject: str  # what the finding is about: a household, a member, a loan, an alert
    reason: str
    records: dict[str, Any]


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def months_due(year: int, as_of: date, since: date | None) -> list[int]:
    """The months of `year` that ended by `as_of` and in which the pairing was in force."""
    first = 1 if since is None or since.year < year else (since.month if since.year == year else 13)
    return [m for m in range(first, 13) if month_end(year, m) <= as_of]


def quarters_due(year: int, as_of: date, since: date | None) -> list[int]:
    """The quarters of `year` that ended by `as_of` and in which the pairing was in force."""
    first = (
        1 if since is None or since.year < year else ((since.month - 1) // 3 + 1 if since.year == year else 5)
    )
    return [q for q in range(first, 5) if month_end(year, q * 3) <= as_of]


def semesters_started(year: int, as_of: date) -> list[str]:
    return [s for s, month in SEMESTER_START.items() if date(year, month, 1) <= as_of]


def json_list(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, list):
        return value
    loaded: list[dict[str, Any]] = orjson.loads(value)
    return loaded


def json_dict(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    loaded: dict[str, Any] = orjson.loads(value)
    return loaded
