"""A confirmed risk is enrolled in a household: the alert's own, or one the town names for it.

An alert with no household code used to be confirmed as a risk all the same; its enrolment event was
poison to the households saga and the alert waited in `closing` for good. The close-out now asks the
town to name the household; an alert already waiting is given one with `POST /v1/alerts/{id}/household`,
which asks for the enrolment again.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from services.alerts.context import AlertsContext
from services.alerts.models import Alert
from services.alerts.recording import record
from services.alerts.workflow import Status
from services.common.auth import Principal
from services.common.db import Tx, driver_of
from services.common.errors import APIError
from services.common.events.types import EventType
from services.common.i18n import t


async def household_errors(s: Tx, alert: Alert, chosen: str | None) -> list[str]:
    """A confirmed risk is enrolled in a household: the alert's own, or one the town names for it (of
    the alert's village, when the registry knows it). Without one, the saga could never enrol it."""
    if alert.household_code is not None:
        if chosen is not None and chosen != alert.household_code:
            return [
                t(
                    "household_code {c} differs from the alert's household {a}",
                    "所选户编号{c}与预警中的户编号{a}不一致",
                    c=chosen,
                    a=alert.household_code,
                )
            ]
        return []
    if chosen is None:
        return [
            t(
                "the alert names no household: give household_code, the household to enrol",
                "该预警没有户编号：请填写要纳入监测的农户户编号（household_code）",
            )
        ]
    driver = await driver_of(s)
    village = await driver.fetchval(
        "SELECT village_code FROM proj_households WHERE household_code = $1", chosen
    )
    if village is not None and village != alert.village_code:
        return [
            t(
                "household {c} is in village {v}, not the alert's {a}",
                "户编号{c}属于村{v}，不是预警所在的村{a}",
                c=chosen,
                v=village,
                a=alert.village_code,
            )
        ]
    return []


async def choose_household(
    ctx: AlertsContext, *, alert_id: uuid.UUID, principal: Principal, household_code: str
) -> tuple[int, dict[str, Any]]:
    """An alert confirmed as a risk before the town had to name a household (it waits in `closing` for
    an enrolment that cannot happen): the town names it now and the enrolment is asked again."""

    async def mutate(s: Tx, alert: Alert, _today: date) -> None:
        if alert.status != Status.closing.value or alert.household_code is not None:
            raise APIError(
                409,
                "invalid_state",
                t(
                    "only a confirmed risk waiting without a household can be given one",
                    "只有已确认风险、尚无户编号而等待纳入监测的预警才能指定农户",
                ),
                [{"current_status": alert.status, "household_code": alert.household_code}],
            )
        errors = await household_errors(s, alert, household_code)
        if errors:
            raise invalid(errors)
        alert.household_code = household_code
        alert.household_match = "chosen_by_town"
        alert.updated_at = datetime.now(UTC)
        await record(
            s,
            alert,
            key=ctx.audit_key,
            actor=principal.actor(),
            action="household_chosen",
            from_status=alert.status,
            details={"household_code": household_code},
            event_type=EventType.ALERTS_ALERT_RISK_CONFIRMED,
        )

    from services.alerts.transitions import invalid, transition

    return await transition(
        ctx,
        alert_id=alert_id,
        principal=principal,
        idem_key=None,
        route="household",
        body={"household_code": household_code},
        mutate=mutate,
    )
