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


def test_detector_follows_nested_objects_arrays_and_refs() -> None:
    """A change inside a nested model (a list of `Student`s behind a `$ref`) breaks consumers too."""
    student = {
        "type": "object",
        "properties": {"member_id": {"type": "string"}, "stage": {"type": "string"}},
        "required": ["member_id"],
    }
    old = {
        "$defs": {"Student": student},
        "properties": {
            "students": {"type": "array", "items": {"$ref": "#/$defs/Student"}},
            "head": {"anyOf": [{"$ref": "#/$defs/Student"}, {"type": "null"}]},
        },
    }
    changed = {
        "type": "object",
        "properties": {"member_id": {"type": "integer"}, "grade": {"type": "string"}},
        "required": ["member_id", "grade"],
    }
    new = {**old, "$defs": {"Student": changed}}
    assert sorted(breaking_changes(old, new)) == [
        "head.grade: newly required",
        "head.member_id: type changed string -> integer",
        "head.stage: removed",
        "students[].grade: newly required",
        "students[].member_id: type changed string -> integer",
        "students[].stage: removed",
    ]
    added = {**student, "properties": {**student["properties"], "note": {"type": "string"}}}
    assert breaking_changes(old, {**old, "$defs": {"Student": added}}) == []  # tolerant readers


def test_contracts_check_exits_non_zero_on_a_breaking_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ruralwatch contracts --check`: what CI and an integrator run before publishing a change."""
    import shutil

    from services.launcher.cli import main

    shutil.copytree(CONTRACTS, tmp_path / "contracts")
    assert main(["contracts", "--check", "--out", str(tmp_path / "contracts")]) == 0
    path = tmp_path / "contracts" / "schemas" / "households.household.updated.v1.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["$defs"]["Student"]["properties"]["school_year"] = {"type": "integer"}  # a field the code dropped
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["contracts", "--check", "--out", str(tmp_path / "contracts")]) == 1
    assert "students[].school_year: removed" in capsys.readouterr().out


def test_event_types_are_constants_named_like_the_registry() -> None:
    """`EventType` and `REGISTRY` name the same types, and no service spells one as a string literal."""
    import re
    from pathlib import Path

    from services.common.events.types import EventType

    assert set(EventType) == set(REGISTRY)
    literal = re.compile(r"[\"'](?:" + "|".join(re.escape(t) for t in REGISTRY) + r")[\"']")
    root = Path(__file__).resolve().parents[2] / "services"
    spelled = [
        f"{p.relative_to(root)}:{n}"
        for p in root.rglob("*.py")
        if "migrations" not in p.parts and p.name != "types.py"
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
        if literal.search(line)
    ]
    assert spelled == []
