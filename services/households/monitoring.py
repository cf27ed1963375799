"""Monitoring-object rules (防止返贫监测对象): types, statutory steps, deadlines, risk elimination. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


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
        return [f"unknown step {step!r} (steps: {', '.join(STEPS)})"]
    errors = []
    index = STEPS.index(step)
    if state.done(step) is not None:
        errors.append(f"step {step} is already recorded")
    previous = first_clue_on
    for earlier in STEPS[:index]:
        when = state.done(earlier)
        if when is None:
            errors.append(f"step {earlier} must come before {step}")
        else:
            previous = when
    if on > today:
        errors.append(f"{step} date {on.isoformat()} is in the future")
    if on < previous:
        errors.append(f"{step} date {on.isoformat()} is before the previous step ({previous.isoformat()})")
    if step == "public_notice":
        errors += _notice_errors(on, notice_to, today, min_notice_days)
    return errors


def _notice_errors(on: date, notice_to: date | None, today: date, min_days: int) -> list[str]:
    if notice_to is None:
        return ["public_notice needs notice_to (the last day of the notice)"]
    if (notice_to - on).days + 1 < min_days:
        return [f"the public notice must last at least {min_days} days (公示不少于{min_days}天)"]
    if notice_to > today:
        return [f"notice_to {notice_to.isoformat()} is in the future"]
    return []


@dataclass(frozen=True)
class EliminationFacts:
    status: str
    identified_on: date | None
    measure_count: int
    anyone_can_work: bool
    # (year, quarter) → annualised per-capita income, for the household's recorded quarters
    income_by_quarter: dict[tuple[int, int], Decimal]


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
    errors = []
    if facts.status != MonitoringStatus.monitoring:
        errors.append(f"the monitoring object is {facts.status}, not monitoring")
    if eliminated_on > today:
        errors.append(f"eliminated_on {eliminated_on.isoformat()} is in the future")
    if facts.identified_on is None or add_months(facts.identified_on, min_months) > eliminated_on:
        errors.append(f"identified less than {min_months} months before {eliminated_on.isoformat()}")
    if facts.measure_count < 1:
        errors.append("no assistance measure has been recorded")
    if monitoring_line is None:
        errors.append(f"no monitoring line is configured for {eliminated_on.year}")
    else:
        for year, quarter in previous_quarters(eliminated_on):
            income = facts.income_by_quarter.get((year, quarter))
            if income is None:
                errors.append(f"no income record for {year}Q{quarter}")
            elif income <= monitoring_line:
                errors.append(
                    f"{year}Q{quarter} per-capita income {income} is not above the monitoring line "
                    f"{monitoring_line}"
                )
    if not facts.anyone_can_work:
        errors.append(
            "nobody in the household can work: the risk is not eliminated (无劳动能力户不得消除风险)"
        )
    return errors
