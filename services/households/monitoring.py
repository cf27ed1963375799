"""Monitoring-object rules (防止返贫监测对象): types, statutory steps, deadlines, risk elimination. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from services.common.i18n import t
from services.households.profile_rules import anyone_can_work, guarantee_errors


class MonitoringType(StrEnum):
    unstable_alleviated = "unstable_alleviated"  # 脱贫不稳定户
    marginal = "marginal"  # 边缘易致贫户
    sudden_hardship = "sudden_hardship"  # 突发严重困难户


class MonitoringStatus(StrEnum):
    identifying = "identifying"  # 识别中: statutory steps under way
    monitoring = "monitoring"  # 已纳入监测
    risk_eliminated = "risk_eliminated"  # 风险消除


# The statutory steps in order: 农户申请/同意 → 入户核查 → 村级评议 → 公示 → 乡镇审核 → 县级审定.
STEPS: tuple[str, ...] = (
    "consent",
    "home_check",
    "village_appraisal",
    "public_notice",
    "town_review",
    "county_approval",
)


def monitoring_type_for(*, alleviated: bool, category: str) -> MonitoringType:
    """The type of a new monitoring object from the household's status and the alert's category."""
    if alleviated:
        return MonitoringType.unstable_alleviated
    if category in ("major_illness", "accident", "housing"):
        return MonitoringType.sudden_hardship
    return MonitoringType.marginal


@dataclass(frozen=True)
class StepState:
    consent_on: date | None
    home_check_on: date | None
    village_appraisal_on: date | None
    notice_from: date | None
    notice_to: date | None
    town_review_on: date | None
    county_approval_on: date | None

    def done(self, step: str) -> date | None:
        return self.notice_to if step == "public_notice" else getattr(self, f"{step}_on")


def step_errors(
    state: StepState,
    *,
    step: str,
    on: date,
    first_clue_on: date,
    today: date,
    notice_to: date | None = None,
    min_notice_days: int = 5,
) -> list[str]:
    """Every reason a step cannot be recorded now (order, dates, notice length)."""
    if step not in STEPS:
        return [
            t(
                "unknown step {s} (steps: {all})",
                "程序步骤{s}无法识别（可用：{all}）",
                s=repr(step),
                all=", ".join(STEPS),
            )
        ]
    errors: list[str] = []
    index = STEPS.index(step)
    if state.done(step) is not None:
        errors.append(t("step {s} is already recorded", "“{s}”这一步已登记", s=step))
    previous = first_clue_on
    for earlier in STEPS[:index]:
        when = state.done(earlier)
        if when is None:
            errors.append(t("step {e} must come before {s}", "须先办理“{e}”，再办理“{s}”", e=earlier, s=step))
        else:
            previous = when
    if on > today:
        errors.append(t("{s} date {d} is in the future", "“{s}”日期{d}晚于今天", s=step, d=on.isoformat()))
    if on < previous:
        errors.append(
            t(
                "{s} date {d} is before the previous step ({p})",
                "“{s}”日期{d}早于上一步的日期（{p}）",
                s=step,
                d=on.isoformat(),
                p=previous.isoformat(),
            )
        )
    if step == "public_notice":
        errors += _notice_errors(on, notice_to, today, min_notice_days)
    return errors


def _notice_errors(on: date, notice_to: date | None, today: date, min_days: int) -> list[str]:
    if notice_to is None:
        return [
            t(
                "public_notice needs notice_to (the last day of the notice)",
                "公示须填写公示截止日期（notice_to）",
            )
        ]
    if (notice_to - on).days + 1 < min_days:
        return [
            t(
                "the public notice must last at least {n} days (公示不少于{n}天)",
                "公示不少于{n}天",
                n=min_days,
            )
        ]
    if notice_to > today:
        return [t("notice_to {d} is in the future", "公示截止日期{d}晚于今天", d=notice_to.isoformat())]
    return []


@dataclass(frozen=True)
class EliminationFacts:
    status: str
    identified_on: date | None
    measure_count: int
    anyone_can_work: bool
    # (year, quarter) → annualised per-capita income, for the household's recorded quarters
    income_by_quarter: dict[tuple[int, int], Decimal]
    # the collection-form record in effect on the elimination date (profile_rules), None if there is none
    profile: dict[str, Any] | None = None


def previous_quarters(on: date, n: int = 2) -> list[tuple[int, int]]:
    """The `n` complete quarters before the quarter containing `on`, most recent first."""
    year, quarter = on.year, (on.month - 1) // 3 + 1
    out = []
    for _ in range(n):
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
        out.append((year, quarter))
    return out


def add_months(d: date, months: int) -> date:
    month = d.month - 1 + months
    year, month = d.year + month // 12, month % 12 + 1
    day = min(
        d.day,
        [
            31,
            29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
            31,
            30,
            31,
            30,
            31,
            31,
            30,
            31,
            30,
            31,
        ][month - 1],
    )
    return date(year, month, day)


def elimination_errors(
    facts: EliminationFacts,
    *,
    eliminated_on: date,
    today: date,
    min_months: int,
    monitoring_line: Decimal | None,
) -> list[str]:
    """Every unmet condition of risk elimination (风险消除)."""
    errors: list[str] = []
    if facts.status != MonitoringStatus.monitoring:
        errors.append(
            t(
                "the monitoring object is {st}, not monitoring",
                "该监测对象当前为“{st}”，不在监测中",
                st=str(facts.status),
            )
        )
    if eliminated_on > today:
        errors.append(
            t("eliminated_on {d} is in the future", "风险消除日期{d}晚于今天", d=eliminated_on.isoformat())
        )
    if facts.identified_on is None or add_months(facts.identified_on, min_months) > eliminated_on:
        errors.append(
            t(
                "identified less than {n} months before {d}",
                "纳入监测不满{n}个月（截至{d}），不能消除风险",
                n=min_months,
                d=eliminated_on.isoformat(),
            )
        )
    if facts.measure_count < 1:
        errors.append(t("no assistance measure has been recorded", "尚未登记任何帮扶措施"))
    if monitoring_line is None:
        errors.append(
            t(
                "no monitoring line is configured for {y}",
                "未配置{y}年的监测标准（收入线）",
                y=eliminated_on.year,
            )
        )
    else:
        for year, quarter in previous_quarters(eliminated_on):
            income = facts.income_by_quarter.get((year, quarter))
            if income is None:
                errors.append(
                    t("no income record for {y}Q{q}", "缺少{y}年第{q}季度的收入记录", y=year, q=quarter)
                )
            elif income <= monitoring_line:
                errors.append(
                    t(
                        "{y}Q{q} per-capita income {i} is not above the monitoring line {line}",
                        "{y}年第{q}季度人均纯收入{i}元未超过监测标准{line}元",
                        y=year,
                        q=quarter,
                        i=income,
                        line=monitoring_line,
                    )
                )
    errors += guarantee_errors(facts.profile, eliminated_on)
    graded = anyone_can_work(facts.profile) if facts.profile else None
    if not (facts.anyone_can_work if graded is None else graded):
        errors.append(
            t(
                "nobody in the household can work: the risk is not eliminated (无劳动能力户不得消除风险)",
                "家中无劳动能力成员，不得消除风险（无劳动能力户不得消除风险）",
            )
        )
    return errors
