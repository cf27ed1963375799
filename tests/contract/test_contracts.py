"""The event contracts in contracts/ are current and no change breaks a consumer of a version."""

import json
from pathlib import Path

import pytest

from services.common.events.codegen import asyncapi_document, schema_documents
from services.common.events.compat import breaking_changes
from services.common.events.contracts import REGISTRY

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"
COMMITTED = {
    p.name: json.loads(p.read_text(encoding="utf-8")) for p in (CONTRACTS / "schemas").glob("*.json")
}
GENERATED = schema_documents()


@pytest.mark.parametrize("name", sorted(COMMITTED))
def test_no_breaking_change_against_committed_schema(name: str) -> None:
    assert name in GENERATED, f"{name} was removed: a published event version cannot disappear"
    assert breaking_changes(COMMITTED[name], GENERATED[name]) == []


def test_committed_contracts_are_current() -> None:
    stale = [n for n in GENERATED if COMMITTED.get(n) != json.loads(json.dumps(GENERATED[n], sort_keys=True))]
    assert stale == [], f"run `make contracts` and commit: {stale}"


def test_asyncapi_names_every_event() -> None:
    doc = asyncapi_document()
    assert {m["name"] for m in doc["components"]["messages"].values()} == set(REGISTRY)
    text = (CONTRACTS / "asyncapi.yaml").read_text(encoding="utf-8")
    assert json.loads(text.split("\n", 1)[1]) == doc


def test_detector_catches_breaking_changes() -> None:
    old = {"properties": {"a": {"type": "string"}, "b": {"type": "integer"}}, "required": ["a"]}
    new = {"properties": {"a": {"type": "integer"}, "c": {"type": "string"}}, "required": ["a", "c"]}
    assert sorted(breaking_changes(old, new)) == [
        "a: type changed string -> integer",
        "b: removed",
        "c: newly required",
    ]
    assert breaking_changes(old, {**old, "properties": {**old["properties"], "d": {"type": "string"}}}) == []
