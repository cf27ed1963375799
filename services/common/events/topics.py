"""Every Kafka topic name, in one place (SPEC §5)."""

from __future__ import annotations

from enum import StrEnum


class Topic(StrEnum):
    PROVINCE_ALERTS_INBOUND = "province.alerts.inbound.v1"
    ALERTS = "alerts.alert.v1"
    HOUSEHOLDS = "households.household.v1"
    LOANS = "loans.loan.v1"
    AUDIT = "audit.trail.v1"
    PROVINCE_ALERTS_OUTCOME = "province.alerts.outcome.v1"


def dlq(topic: str) -> str:
    """The dead-letter topic of `topic`."""
    return f"{topic}.dlq"


ALL_TOPICS: tuple[str, ...] = tuple(t.value for t in Topic) + tuple(dlq(t.value) for t in Topic)
