"""Tolerant readers for strict contracts.

The contract models are strict (`extra="forbid"`): a writer cannot put a field on the wire that its
contract does not declare. A reader must not be that strict, or a rolling upgrade breaks: the new
version's first event with one added field would be poison to every consumer still on the old
version (issue 12, hole 2). So consumers validate with `read_payload`, which first drops every key
the reader's model (and its nested models) does not know, at any depth, and then validates what
is left as strictly as before: a missing or mistyped known field is still poison.
"""

from __future__ import annotations

import types
import typing
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models an annotation can hold directly (`X`, `X | None`, `Annotated[X, …]`)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]
    return []


def _strip_value(annotation: Any, value: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _strip_value(typing.get_args(annotation)[0], value)
    if origin in (typing.Union, types.UnionType):
        models = _models_in(annotation)
        if len(models) == 1 and isinstance(value, dict):
            return known_only(models[0], value)
        containers = [
            a for a in typing.get_args(annotation) if typing.get_origin(a) in (list, tuple, set, dict)
        ]
        return _strip_value(containers[0], value) if len(containers) == 1 else value
    if origin in (list, set, tuple) and isinstance(value, list):
        args = typing.get_args(annotation)
        inner = args[0] if args else Any
        return [_strip_value(inner, v) for v in value]
    if origin is dict and isinstance(value, dict):
        args = typing.get_args(annotation)
        inner = args[1] if len(args) == 2 else Any
        return {k: _strip_value(inner, v) for k, v in value.items()}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(value, dict):
        return known_only(annotation, value)
    return value


@cache
def _keys(model: type[BaseModel]) -> dict[str, Any]:
    """Every key the model accepts (names and aliases) → the field's annotation."""
    hints = typing.get_type_hints(model, include_extras=True)
    out: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        annotation = hints.get(name, field.annotation)
        out[name] = annotation
        for alias in (field.alias, field.validation_alias):
            if isinstance(alias, str):
                out[alias] = annotation
    return out


def known_only(model: type[BaseModel], data: Any) -> Any:
    """`data` without the keys that `model`, or any model nested in it, does not declare."""
    if not isinstance(data, dict) or model.model_config.get("extra") == "allow":
        return data
    keys = _keys(model)
    return {k: _strip_value(keys[k], v) for k, v in data.items() if k in keys}


def read_payload(model: type[M], data: Any) -> M:
    """Validate an event payload as a tolerant reader: unknown fields ignored, known ones checked."""
    return model.model_validate(known_only(model, data))
