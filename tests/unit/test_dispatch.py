"""The kernel's one typed event path: handlers by event type, the payload validated once from the registry."""

from __future__ import annotations

from typing import Any

import pytest

from services.common.events.contracts.households import HouseholdChanged, VillageRegistered
from services.common.events.dispatch import EventRoutes, types_of
from services.common.events.envelope import new_event
from services.common.inbox import Message, PoisonMessage


def _msg(event_type: str, data: dict[str, Any]) -> Message:
    env = new_event(
        event_type=event_type,
        source="households",
        aggregate_type="x",
        aggregate_id="k",
        actor={"sub": "t"},
        data=data,
    )
    return Message("households.household.v1", 0, 0, b"k", env.to_bytes(), {}, env)


VILLAGE = {"code": "430981101201", "name": "试验村", "kind": "village"}


async def test_each_event_reaches_its_handler_with_a_typed_payload_and_its_dependencies() -> None:
    routes: EventRoutes[Any] = EventRoutes()
    seen: list[Any] = []

    @routes.on("households.village.registered")
    async def village(session: Any, v: VillageRegistered, env: Any, *, tag: str) -> None:
        seen.append((session, v, env.event_type, tag))

    handle = routes.consumer(tag="t1")
    await handle("S", _msg("households.village.registered", {**VILLAGE, "added_later": 1}))
    await handle("S", _msg("households.project.registered", {"anything": 1}))  # no handler: skipped
    assert seen == [("S", VillageRegistered(**VILLAGE), "households.village.registered", "t1")]


async def test_a_batch_sends_runs_of_one_bulk_handler_together_and_keeps_the_order() -> None:
    routes: EventRoutes[Any] = EventRoutes()
    calls: list[Any] = []

    @routes.on("households.village.registered", bulk=True)
    async def villages(session: Any, run: list[tuple[VillageRegistered, Any]], *, tag: str) -> None:
        calls.append(("bulk", [v.name for v, _ in run], tag))

    @routes.on("households.household.registered")
    async def household(session: Any, h: HouseholdChanged, env: Any, *, tag: str) -> None:
        calls.append(("one", h.household_code, tag))

    def v(name: str) -> Message:
        return _msg("households.village.registered", {**VILLAGE, "name": name})

    def h(code: str) -> Message:
        return _msg(
            "households.household.registered", {"household_code": code, "village_code": VILLAGE["code"]}
        )

    skipped = _msg("households.project.registered", {"anything": 1})
    await routes.batch_consumer(tag="t")("S", [v("a"), v("b"), skipped, h("1"), h("2"), v("c")])
    assert calls == [
        ("bulk", ["a", "b"], "t"),
        ("one", "1", "t"),
        ("one", "2", "t"),
        ("bulk", ["c"], "t"),
    ]
    calls.clear()
    await routes.consumer(tag="u")(
        "S", v("d")
    )  # one message (the fallback) reaches a bulk handler as a run of one
    assert calls == [("bulk", ["d"], "u")]


async def test_a_payload_that_breaks_its_contract_is_poison_with_the_reason() -> None:
    routes: EventRoutes[Any] = EventRoutes()

    @routes.on("households.village.registered")
    async def village(session: Any, v: VillageRegistered, env: Any) -> None:
        raise AssertionError("never called")

    with pytest.raises(
        PoisonMessage, match=r"households\.village\.registered payload does not match its contract"
    ):
        await routes.consumer()(None, _msg("households.village.registered", {"code": "x"}))


def test_registration_refuses_unknown_types_mixed_models_and_second_handlers() -> None:
    routes: EventRoutes[Any] = EventRoutes()
    with pytest.raises(ValueError, match="not registered"):
        routes.on("households.village.renamed")
    with pytest.raises(ValueError, match="one payload model"):
        routes.on("households.village.registered", "households.household.updated")
    routes.on("households.village.registered")(lambda *a: None)
    with pytest.raises(ValueError, match="already has a handler"):
        routes.on("households.village.registered")(lambda *a: None)
    assert types_of(HouseholdChanged) == ["households.household.registered", "households.household.updated"]
