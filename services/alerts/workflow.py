"""The alert state machine as a table, with the guards of each action. Pure: no I/O.

pending_village --verify--> village_verified --approve--> town_reviewed --close_out--> closed
      ^                           |                                |
      +---------return------------+                  (risk_confirmed) --> closing --settle--> closed
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from services.common.i18n import t


class Status(StrEnum):
    pending_village = "pending_village"  # 待村级核实
    village_verified = "village_verified"  # 村级已核实, 待乡镇审核
    town_reviewed = "town_reviewed"  # 乡镇已审核, 待办结
    closing = "closing"  # 风险已确认, 等待纳入监测的回复
    closed = "closed"  # 已办结 (销号)


class Action(StrEnum):
    verify = "verify"
    approve = "approve"
    return_ = "return"
    close = "close"
    confirm_risk = "confirm_risk"
    settle = "settle"


class Finding(StrEnum):
    no_risk = "no_risk"
    risk = "risk"
    policy_issue = "policy_issue"


class Outcome(StrEnum):
    no_risk = "no_risk"
    risk_confirmed = "risk_confirmed"
    policy_fixed = "policy_fixed"


class FinalOutcome(StrEnum):
    no_risk = "no_risk"
    policy_fixed = "policy_fixed"
    risk_enrolled = "risk_enrolled"
    risk_already_monitored = "risk_already_monitored"


TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.pending_village, Action.verify): Status.village_verified,
    (Status.village_verified, Action.approve): Status.town_reviewed,
    (Status.village_verified, Action.return_): Status.pending_village,
    (Status.town_reviewed, Action.close): Status.closed,
    (Status.town_reviewed, Action.confirm_risk): Status.closing,
    (Status.closing, Action.settle): Status.closed,
}

# The stage whose clock runs in each open status.
STAGE_OF: dict[Status, str] = {Status.pending_village: "village", Status.village_verified: "town"}


class IllegalTransition(Exception):
    def __init__(self, current: Status, action: Action) -> None:
        self.message = t(
            "cannot {action} an alert in status {status}",
            "预警当前为“{status}”，不能办理“{action}”",
            action=action.value,
            status=current.value,
        )
        super().__init__(str(self.message))
        self.current = current
        self.action = action


def next_status(current: Status, action: Action) -> Status:
    """The status after `action`, or IllegalTransition."""
    try:
        return TRANSITIONS[(current, action)]
    except KeyError:
        raise IllegalTransition(current, action) from None


def allowed_actions(current: Status) -> list[Action]:
    return [a for (s, a) in TRANSITIONS if s is current]


def effective_date_errors(
    field: str, value: date, *, today: date, not_before: date, before_label: str
) -> list[str]:
    """An effective date is never in the future and never before the previous stage's date."""
    errors: list[str] = []
    if value > today:
        errors.append(
            t("{field} {d} is in the future", "{field}{d}晚于今天", field=field, d=value.isoformat())
        )
    if value < not_before:
        errors.append(
            t(
                "{field} {d} is before {before} {nb}",
                "{field}{d}早于{before}{nb}",
                field=field,
                d=value.isoformat(),
                before=before_label,
                nb=not_before.isoformat(),
            )
        )
    return errors


@dataclass(frozen=True)
class ReviewInput:
    decision: str
    reviewed_on: date
    has_revisit: bool
    revisit_visited_on: date | None


def review_errors(cmd: ReviewInput, *, finding: str | None, reported_on: date, today: date) -> list[str]:
    errors = effective_date_errors(
        "reviewed_on",
        cmd.reviewed_on,
        today=today,
        not_before=reported_on,
        before_label="the village report of",
    )
    if cmd.decision == "approve" and finding == Finding.risk and not cmd.has_revisit:
        errors.append(
            t(
                "revisit is required: the village found a risk, so the town must visit again (再次上门复核)",
                "村级核实发现风险，乡镇须再次上门复核（revisit 为必填）",
            )
        )
    if cmd.revisit_visited_on is not None:
        errors += effective_date_errors(
            "revisit.visited_on",
            cmd.revisit_visited_on,
            today=today,
            not_before=reported_on,
            before_label="the village report of",
        )
    return errors


def close_out_errors(
    *,
    outcome: str,
    remediation: str | None,
    alert_class: str,
    closed_on: date,
    reviewed_on: date,
    today: date,
) -> list[str]:
    errors = effective_date_errors(
        "closed_on", closed_on, today=today, not_before=reviewed_on, before_label="the town review of"
    )
    if outcome == Outcome.policy_fixed:
        if not (remediation and remediation.strip()):
            errors.append(
                t(
                    "remediation is required when the outcome is policy_fixed",
                    "办结结果为“政策已落实”时，须填写整改措施",
                )
            )
        if alert_class != "policy_not_implemented":
            errors.append(
                t(
                    "policy_fixed applies only to policy_not_implemented alerts",
                    "“政策已落实”只适用于政策未落实类预警",
                )
            )
    return errors


def action_for_close_out(outcome: str) -> Action:
    return Action.confirm_risk if outcome == Outcome.risk_confirmed else Action.close
