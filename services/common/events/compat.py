"""Compatibility check between two JSON Schemas of one event payload, nested objects included.

Consumers are tolerant readers (unknown fields ignored, `events/tolerant.py`), so adding an optional
field is compatible both ways. What breaks:
- a consumer built against `old` reading `new` events (forward): a field removed, a type changed;
- a consumer built against `new` reading `old` events still on the topic (backward): a field that
  became required, a type changed.
Both directions are checked at every depth: `$ref`s into `$defs`, array items and the object branch
of an `anyOf` (an optional nested object) are followed.
"""

from __future__ import annotations

from typing import Any


def _resolve(prop: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    seen = 0
    while "$ref" in prop and seen < 20:
        prop = doc.get("$defs", {}).get(prop["$ref"].rsplit("/", 1)[-1], {})
        seen += 1
    return prop


def _types(prop: dict[str, Any], doc: dict[str, Any] | None = None) -> set[str]:
    if doc is not None and "$ref" in prop:
        prop = _resolve(prop, doc)
    if "anyOf" in prop:
        return set().union(*(_types(p, doc) for p in prop["anyOf"]))
    return {str(prop.get("type") or prop.get("$ref") or prop.get("const"))}


def _type_of(prop: dict[str, Any], doc: dict[str, Any] | None = None) -> str:
    return "|".join(sorted(_types(prop, doc)))


def _branches(prop: dict[str, Any], doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The structured parts of a property by kind: {"object": …, "array": …} (through anyOf/$ref)."""
    prop = _resolve(prop, doc)
    out: dict[str, dict[str, Any]] = {}
    for p in prop.get("anyOf", [prop]):
        p = _resolve(p, doc)
        if p.get("type") == "object" or "properties" in p:
            out["object"] = p
        elif p.get("type") == "array":
            out["array"] = p
    return out


def breaking_changes(
    old: dict[str, Any],
    new: dict[str, Any],
    path: str = "",
    *,
    old_doc: dict[str, Any] | None = None,
    new_doc: dict[str, Any] | None = None,
) -> list[str]:
    """Every change between two versions that breaks a consumer of either, with its dotted path."""
    old_doc, new_doc = old_doc or old, new_doc or new
    old, new = _resolve(old, old_doc), _resolve(new, new_doc)
    problems = []
    old_props: dict[str, Any] = old.get("properties", {})
    new_props: dict[str, Any] = new.get("properties", {})
    for name, prop in old_props.items():
        if name not in new_props:
            problems.append(f"{path}{name}: removed")
            continue
        before, after = _types(prop, old_doc), _types(new_props[name], new_doc)
        if not before <= after:  # widening (e.g. allowing null) is compatible
            problems.append(
                f"{path}{name}: type changed {_type_of(prop, old_doc)} -> {_type_of(new_props[name], new_doc)}"
            )
            continue
        a, b = _branches(prop, old_doc), _branches(new_props[name], new_doc)
        if "object" in a and "object" in b:
            problems += breaking_changes(
                a["object"], b["object"], f"{path}{name}.", old_doc=old_doc, new_doc=new_doc
            )
        if "array" in a and "array" in b:
            items_a, items_b = a["array"].get("items", {}), b["array"].get("items", {})
            if not _types(items_a, old_doc) <= _types(items_b, new_doc):
                problems.append(
                    f"{path}{name}[]: type changed {_type_of(items_a, old_doc)} -> {_type_of(items_b, new_doc)}"
                )
            else:
                problems += breaking_changes(
                    items_a, items_b, f"{path}{name}[].", old_doc=old_doc, new_doc=new_doc
                )
    for name in sorted(set(new.get("required", [])) - set(old.get("required", []))):
        problems.append(f"{path}{name}: newly required")
    return problems
