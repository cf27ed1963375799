"""Backward-compatibility check between two JSON Schemas of one event payload."""

from __future__ import annotations

from typing import Any


def _types(prop: dict[str, Any]) -> set[str]:
    if "anyOf" in prop:
        return set().union(*(_types(p) for p in prop["anyOf"]))
    return {str(prop.get("type") or prop.get("$ref") or prop.get("const"))}


def _type_of(prop: dict[str, Any]) -> str:
    return "|".join(sorted(_types(prop)))


def breaking_changes(old: dict[str, Any], new: dict[str, Any], path: str = "") -> list[str]:
    """What a consumer of `old` would break on: removed fields, changed types, newly required fields."""
    problems = []
    old_props: dict[str, Any] = old.get("properties", {})
    new_props: dict[str, Any] = new.get("properties", {})
    for name, prop in old_props.items():
        if name not in new_props:
            problems.append(f"{path}{name}: removed")
        elif not _types(prop) <= _types(new_props[name]):  # widening (e.g. allowing null) is compatible
            problems.append(f"{path}{name}: type changed {_type_of(prop)} -> {_type_of(new_props[name])}")
    for name in set(new.get("required", [])) - set(old.get("required", [])):
        problems.append(f"{path}{name}: newly required")
    return problems
