from datetime import date

import pytest

from services.alerts.workflow import (
    TRANSITIONS,
    Action,
    IllegalTransition,
    ReviewInput,
    Status,
    allowed_actions,
    close_out_errors,
    next_status,
    review_errors,
)


def test_happy_path() -> None:
    s = next_status(Status.pending_village, Action.verify)
    s = next_status(s, Action.approve)
    assert next_status(s, Action.close) is Status.closed
    assert next_status(s, Action.confirm_risk) is Status.closing
    assert next_status(Status.closing, Action.settle) is Status.closed


def test_return_goes_back_to_the_village() -> None:
    assert next_status(Status.village_verified, Action.return_) is Status.pending_village


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("action", list(Action))
def test_every_pair_outside_the_table_is_illegal(status: Status, action: Action) -> None:
    if (status, action) in TRANSITIONS:
        assert next_status(status, action) is TRANSITIONS[(status, action)]
    else:
        with pytest.raises(IllegalTransition):
            next_status(status, action)


def test_closed_is_final() -> None:
    assert allowed_actions(Status.closed) == []


def test_review_needs_revisit_when_village_found_risk() -> None:
    cmd = ReviewInput("approve", date(2022, 3, 10), has_revisit=False, revisit_visited_on=None)
    errors = review_errors(cmd, finding="risk", reported_on=date(2022, 3, 8), today=date(2026, 1, 1))
    assert any("revisit is required" in e for e in errors)
    assert review_errors(cmd, finding="no_risk", reported_on=date(2022, 3, 8), today=date(2026, 1, 1)) == []


def test_effective_dates_never_future_nor_before_previous_stage() -> None:
    cmd = ReviewInput("approve", date(2022, 3, 1), has_revisit=False, revisit_visited_on=None)
    errors = review_errors(cmd, finding="no_risk", reported_on=date(2022, 3, 8), today=date(2026, 1, 1))
    assert errors == ["reviewed_on 2022-03-01 is before the village report of 2022-03-08"]
    future = ReviewInput("approve", date(2027, 1, 1), has_revisit=False, revisit_visited_on=None)
    assert (
        "in the future"
        in review_errors(future, finding=None, reported_on=date(2022, 3, 8), today=date(2026, 1, 1))[0]
    )


def test_policy_fixed_needs_remediation_and_a_policy_alert() -> None:
    errors = close_out_errors(
        outcome="policy_fixed",
        remediation=" ",
        alert_class="general_risk",
        closed_on=date(2022, 3, 9),
        reviewed_on=date(2022, 3, 9),
        today=date(2026, 1, 1),
    )
    assert len(errors) == 2
