"""Hole 5 (issue 11): concurrent actions on one alert answer 2xx or 409, never 500, and the chain holds.

Before the fix the audit head was read by a subquery of the `SELECT … FOR UPDATE`: a request that
waited for the lock saw the new alert row but the old head, wrote a duplicate `seq` and answered 500.
"""

from __future__ import annotations

import asyncio
import random
from typing import Any

from tests.conftest import VILLAGE_CODES, feed_item
from tests.fuzzing import fuzz_seed

V1 = VILLAGE_CODES[1]
VERIFY = {"visited_on": "2022-03-02", "reported_on": "2022-03-03", "visitors": ["甲"], "finding": "no_risk"}
RETURN = {"decision": "return", "reviewed_on": "2022-03-04"}


async def test_fifty_concurrent_actions_on_one_alert_give_2xx_or_409_and_one_chain(api: Any) -> None:
    seed = fuzz_seed("contention")
    rng = random.Random(seed)
    r = await api.post(
        "/v1/feeds",
        headers=api.integration,
        json={"batch_id": "C-1", "issued_on": "2022-03-01", "items": [feed_item(1, village=V1)]},
    )
    assert r.json()["accepted"] == 1, r.text
    aid = (await api.get("/v1/alerts", headers=api.officer)).json()["items"][0]["id"]

    def action(kind: str) -> Any:
        if kind == "verify":
            return api.post(f"/v1/alerts/{aid}/verification", headers=api.officer, json=VERIFY)
        if kind == "return":
            return api.post(f"/v1/alerts/{aid}/review", headers=api.officer, json=RETURN)
        if kind == "reveal":
            return api.get(f"/v1/alerts/{aid}", headers=api.auditor, params={"reveal": "true"})
        return api.post("/v1/admin/sla/sweep", headers=api.officer)

    kinds = ["verify"] * 14 + ["return"] * 12 + ["reveal"] * 16 + ["sweep"] * 8
    rng.shuffle(kinds)
    results = await asyncio.gather(*(action(k) for k in kinds))
    answers = [(k, r.status_code) for k, r in zip(kinds, results, strict=True)]
    bad = [
        (k, r.status_code, r.text[:200])
        for k, r in zip(kinds, results, strict=True)
        if r.status_code not in (200, 409)
    ]
    assert not bad, bad
    assert {c for k, c in answers if k in ("reveal", "sweep")} == {200}
    assert any(c == 200 for k, c in answers if k == "verify")

    audit = (await api.get(f"/v1/alerts/{aid}/audit", headers=api.officer, params={"verify": "true"})).json()
    assert audit["verified"] is True, audit.get("first_break")
    seqs = [e["seq"] for e in audit["entries"]]
    assert seqs == list(range(1, len(seqs) + 1))
    actions = [e["action"] for e in audit["entries"]]
    # every successful request left exactly one entry (the sweeps mark a stage at most once each)
    assert actions.count("pii_revealed") == 16
    assert actions.count("verified") == sum(1 for k, c in answers if k == "verify" and c == 200)
    assert actions.count("returned") == sum(1 for k, c in answers if k == "return" and c == 200)
