"""Event envelope, topic names and payload contracts."""

from services.common.events.envelope import Actor, EventEnvelope, new_event
from services.common.events.topics import ALL_TOPICS, Topic, dlq

__all__ = ["ALL_TOPICS", "Actor", "EventEnvelope", "Topic", "dlq", "new_event"]
