"""The four OpenAPI documents are enough to integrate from: every operation declares a typed body for its
2xx answers (a schema with properties or a reference, never a bare `object`), every /v1 operation
declares the real error envelope `{error: {code, message, details}}` on its 4xx answers (not FastAPI's
default validation shape), and nothing of FastAPI's `HTTPValidationError` is left in the documents."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

SERVICES = ("alerts", "households", "loans", "reports")
ENVELOPE = "#/components/schemas/ErrorResponse"


def _document(service: str) -> dict[str, Any]:
    app = importlib.import_module(f"services.{service}.app").create_app()
    doc: dict[str, Any] = app.openapi()
    return doc


def _typed(schema: dict[str, Any], components: dict[str, Any]) -> bool:
    """A schema a client can generate a type from: a $ref to an object with properties (or a typed
    array/string/union), not `{}` nor an `object` with only additionalProperties."""
    if "$ref" in schema:
        target = components[schema["$ref"].rsplit("/", 1)[-1]]
        return _typed(target, components) if "$ref" in target else bool(target)
    if "anyOf" in schema or "oneOf" in schema:
        return all(_typed(s, components) for s in schema.get("anyOf", schema.get("oneOf", [])))
    if schema.get("type") == "object":
        return bool(schema.get("properties"))
    if schema.get("type") == "array":
        return _typed(schema.get("items", {}), components)
    return schema.get("type") in ("string", "integer", "number", "boolean")


def problems_of(doc: dict[str, Any]) -> list[str]:
    components = doc.get("components", {}).get("schemas", {})
    found = []
    for path, operations in doc["paths"].items():
        for method, op in operations.items():
            name = f"{method.upper()} {path}"
            responses = op.get("responses", {})
            ok = [c for c in responses if c.startswith("2")]
            if not ok:
                found.append(f"{name}: no 2xx answer declared")
            for code in ok:
                content = responses[code].get("content", {})
                if code == "204":
                    continue
                if not content:
                    found.append(f"{name}: {code} has no content")
                for media, body in content.items():
                    if not _typed(body.get("schema", {}), components):
                        found.append(f"{name}: {code} {media} is not typed")
            if path.startswith("/v1/"):
                for code in ("401", "403", "422"):
                    schema = (
                        responses.get(code, {}).get("content", {}).get("application/json", {}).get("schema")
                    )
                    if schema != {"$ref": ENVELOPE}:
                        found.append(f"{name}: {code} does not declare the error envelope")
            for code, answer in responses.items():
                if code.startswith("4"):
                    schema = answer.get("content", {}).get("application/json", {}).get("schema")
                    if schema is not None and schema != {"$ref": ENVELOPE}:
                        found.append(f"{name}: {code} declares another error shape")
    if "HTTPValidationError" in components:
        found.append("FastAPI's HTTPValidationError is still in the document")
    return found


@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_is_typed_and_declares_the_error_envelope(service: str) -> None:
    doc = _document(service)
    assert len(doc["paths"]) > 3
    assert problems_of(doc) == []


def test_the_walker_finds_an_untyped_answer_and_a_default_error_shape() -> None:
    doc = {
        "paths": {
            "/v1/x": {
                "get": {
                    "responses": {
                        "200": {"content": {"application/json": {"schema": {"type": "object"}}}},
                        "422": {
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/HTTPValidationError"}
                                }
                            }
                        },
                    }
                }
            }
        },
        "components": {"schemas": {"HTTPValidationError": {"type": "object", "properties": {"detail": {}}}}},
    }
    found = problems_of(doc)
    assert "GET /v1/x: 200 application/json is not typed" in found
    assert "GET /v1/x: 401 does not declare the error envelope" in found
    assert "GET /v1/x: 422 declares another error shape" in found
    assert "FastAPI's HTTPValidationError is still in the document" in found


@pytest.mark.parametrize("service", ["alerts", "households", "loans", "reports"])
def test_the_committed_document_and_its_generated_client_are_current(service: str) -> None:
    """contracts/openapi/<service>.json is what the code declares, and clients/<service> was generated
    from exactly that document (`make client` rewrites both)."""
    from services.launcher.clientgen import ROOT, digest, document_text

    committed = (ROOT / "contracts" / "openapi" / f"{service}.json").read_text(encoding="utf-8")
    assert committed == document_text(service), (
        f"contracts/openapi/{service}.json is stale: run `make client`"
    )
    made_from = (ROOT / "clients" / service / "openapi.sha256").read_text(encoding="utf-8").strip()
    assert made_from == digest(committed), (
        f"clients/{service} was generated from another document: run `make client`"
    )


def test_each_operation_says_which_roles_may_call_it() -> None:
    """`x-roles` (services/common/spec.py) from the routes' own role checks: what an integrator reads, and
    what the admin's fuzzing run selects by."""
    households = _document("households")["paths"]
    assert households["/v1/villages"]["put"]["x-roles"] == ["admin"]
    assert households["/v1/monitoring-objects"]["post"]["x-roles"] == ["town_officer"]
    assert households["/v1/households/{household_code}/profile"]["post"]["x-roles"] == [
        "town_officer",
        "village_cadre",
    ]
    loans = _document("loans")["paths"]
    assert loans["/v1/subsidies/claims"]["get"]["x-roles"] == ["finance"]
    assert "x-roles" not in households["/healthz"]["get"]
