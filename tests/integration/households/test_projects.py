"""The projects register: all-or-nothing upserts with every reason, totals, scope and events."""

from __future__ import annotations

from typing import Any

import asyncpg

from services.households.projects import demo_projects
from tests.integration.households.test_registry import V1, V2
from tests.integration.households.test_registry import api as api


def _body(items: list[dict[str, Any]]) -> dict[str, Any]:
    out = []
    for p in items:
        q = dict(p)
        q["investment"] = str(q["investment"])
        for k in ("started_on", "accepted_on"):
            q[k] = q[k].isoformat() if q[k] else None
        out.append(q)
    return {"projects": out}


async def test_projects_register_totals_scope_and_events(api: Any) -> None:
    demo = demo_projects()
    r = await api.put("/v1/projects", headers=api.officer, json=_body(demo))
    assert r.status_code == 200, r.text
    listed = (await api.get("/v1/projects", headers=api.officer, params={"year": 2022})).json()
    assert listed["totals"] == {"count": 28, "investment": "2990000.00"}
    infra = [p for p in listed["items"] if p["kind"] == "infrastructure"]
    assert len(infra) == 23 and sum(p["status"] == "accepted" for p in infra) == 22
    mine = (await api.get("/v1/projects", headers=api.cadre1)).json()["items"]
    assert mine and {p["village_code"] for p in mine} == {V1}

    bad = dict(demo[0], code="X-1", status="accepted", accepted_on=None, village_code="430981999999")
    r = await api.put("/v1/projects", headers=api.officer, json=_body([bad, dict(demo[1], code="X-2")]))
    assert r.status_code == 422 and len(r.json()["error"]["details"]) == 2
    # nothing of the refused batch was stored, not even the good project in it
    assert (await api.get("/v1/projects", headers=api.officer)).json()["totals"]["count"] == 28

    # a change is one `updated` event; the same values again are none
    done = dict(demo[22], status="accepted", accepted_on=demo[22]["started_on"].replace(month=12, day=1))
    assert (await api.put("/v1/projects", headers=api.officer, json=_body([done]))).status_code == 200
    assert (await api.put("/v1/projects", headers=api.officer, json=_body([done]))).status_code == 200
    conn = await asyncpg.connect(api.db_url.replace("+asyncpg", ""))
    try:
        kinds = [r["event_type"] for r in await conn.fetch("SELECT event_type FROM outbox ORDER BY id")]
    finally:
        await conn.close()
    assert kinds.count("households.project.registered") == 28
    assert kinds.count("households.project.updated") == 1
    assert (await api.put("/v1/projects", headers=api.cadre2, json=_body([done]))).status_code == 403
    _ = V2
