"""The event contracts in contracts/ are current and no change breaks a consumer of a version."""

import json
import subprocess
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


def _published_versions(name: str) -> list[dict]:
    """Every version of a schema file in git history (what consumers may have been built against)."""
    path = f"contracts/schemas/{name}"
    root = CONTRACTS.parent
    try:
        revs = subprocess.run(
            ["git", "log", "--format=%H", "--", path], cwd=root, capture_output=True, text=True, check=True
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        revs = []
    versions = [COMMITTED[name]]
    for rev in revs:
        shown = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=root, capture_output=True, text=True)
        if shown.returncode == 0:
            versions.append(json.loads(shown.stdout))
    return versions


@pytest.mark.parametrize("name", sorted(COMMITTED))
def test_no_breaking_change_against_any_published_schema(name: str) -> None:
    assert name in GENERATED, f"{name} was removed: a published event version cannot disappear"
    for old in _published_versions(name):
        assert breaking_changes(old, GENERATED[name]) == []


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
