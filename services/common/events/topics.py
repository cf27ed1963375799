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
    CALENDAR = "calendar.v1"  # the working-day calendar of each year, shared by every service
    RECTIFICATION = "rectification.v1"  # the rectification ledger (整改台账)


def dlq(topic: str) -> str:
    """The dead-letter topic of `topic`."""
    return f"{topic}.dlq"


# Which service may publish each topic. Consumers that act on another service's event accept it only
# when the envelope's `source` names an owner (the broker's ACLs make the producing principal the
# owner's; without them `source` is a claim, not a proof: docs/security.md).
TOPIC_OWNERS: dict[str, frozenset[str]] = {
    Topic.ALERTS.value: frozenset({"alerts"}),
    Topic.HOUSEHOLDS.value: frozenset({"households"}),
    Topic.LOANS.value: frozenset({"loans"}),
    Topic.AUDIT.value: frozenset({"alerts", "households", "loans"}),
    Topic.PROVINCE_ALERTS_OUTCOME.value: frozenset({"alerts"}),
    Topic.CALENDAR.value: frozenset({"alerts"}),  # the admin's holiday notices and overrides
    Topic.RECTIFICATION.value: frozenset({"alerts"}),  # the town's rectification items, with their deadlines
}

ALL_TOPICS: tuple[str, ...] = tuple(t.value for t in Topic) + tuple(dlq(t.value) for t in Topic)
