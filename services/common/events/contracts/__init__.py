"""Payload contracts of every event, keyed by event type.

`REGISTRY` is the source of truth for `make contracts` (JSON Schemas + AsyncAPI under `contracts/`).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from services.common.events.contracts import alerts, audit, households
from services.common.events.topics import Topic


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
            "alerts.alert.received",
            Topic.ALERTS,
            alerts.AlertEvent,
            "An alert was taken in and sent to its village.",
        ),
        _c(
            "alerts.alert.verified",
            Topic.ALERTS,
            alerts.AlertEvent,
            "The village reported its home-visit finding.",
        ),
        _c(
            "alerts.alert.returned",
            Topic.ALERTS,
            alerts.AlertEvent,
            "The town sent the alert back to the village.",
        ),
        _c(
            "alerts.alert.reviewed",
            Topic.ALERTS,
            alerts.AlertEvent,
            "The town approved the village's finding.",
        ),
        _c(
            "alerts.alert.risk_confirmed",
            Topic.ALERTS,
            alerts.AlertEvent,
            "Close-out confirmed a real risk; households answers with enrolment.",
        ),
        _c(
            "alerts.alert.closed",
            Topic.ALERTS,
            alerts.AlertEvent,
            "The alert is closed with its final outcome.",
        ),
        _c(
            "alerts.alert.overdue", Topic.ALERTS, alerts.AlertEvent, "A stage passed its due date unfinished."
        ),
        _c(
            "alerts.outcome.reported",
            Topic.PROVINCE_ALERTS_OUTCOME,
            alerts.OutcomeReported,
            "A close-out result for the provincial platform.",
        ),
        _c(
            "province.alert.submitted",
            Topic.PROVINCE_ALERTS_INBOUND,
            alerts.InboundAlert,
            "One provincial alert item pushed on the inbound topic.",
        ),
        _c("audit.entry.recorded", Topic.AUDIT, audit.AuditEntryRecorded, "An append-only audit entry."),
        _c(
            "households.village.registered",
            Topic.HOUSEHOLDS,
            households.VillageRegistered,
            "A village or community exists.",
        ),
        _c(
            "households.household.registered",
            Topic.HOUSEHOLDS,
            households.HouseholdChanged,
            "A household was registered.",
        ),
        _c(
            "households.household.updated",
            Topic.HOUSEHOLDS,
            households.HouseholdChanged,
            "A household or its members changed.",
        ),
        _c(
            "households.household.monitoring_enrolled",
            Topic.HOUSEHOLDS,
            households.MonitoringAnswer,
            "A household was newly enrolled as a monitoring object (answers a risk_confirmed alert).",
        ),
        _c(
            "households.household.risk_eliminated",
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
            "households.household.already_monitored",
            Topic.HOUSEHOLDS,
            households.MonitoringAnswer,
            "The household already was a monitoring object (answers a risk_confirmed alert).",
        ),
    ]
}


def contract_for(event_type: str) -> Contract:
    try:
        return REGISTRY[event_type]
    except KeyError as exc:
        raise KeyError(f"no contract for event type {event_type!r}") from exc


__all__ = ["REGISTRY", "Contract", "contract_for"]
