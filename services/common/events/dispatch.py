"""One typed path from a consumed event to its handler.

A service declares its handlers by event type; the payload model comes from the contracts registry
and is validated once, here, as a tolerant reader (fields added by a newer writer are ignored). A
payload that does not match its contract raises `PoisonMessage` in this one place, so it reaches the
topic's DLQ with the reason. Event types no handler is registered for are skipped: the handlers carry
`event_types`, and an `InboxConsumer` given them passes other records over before decoding them.

    routes = EventRoutes[Callable[..., Awaitable[None]]]()

    @routes.on(VILLAGE_REGISTERED)
    async def village(session, v: VillageRegistered, env) -> None: ...

    @routes.on(HOUSEHOLD_REGISTERED, bulk=True)
    async def households(session, items: list[tuple[HouseholdChanged, EventEnvelope]]) -> None: ...

    handler = routes.consumer()        # the InboxConsumer handler: (session, msg) -> None
    batch = routes.batch_consumer()    # its batch_handler: (session, [msg, ...]) -> None

A `bulk` handler takes a run of consecutive events routed to it at once (one `executemany`, not one
round trip per event); the events keep their order, and a batch that fails is handled one by one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.events.contracts import REGISTRY
from services.common.events.envelope import EventEnvelope
from services.common.events.tolerant import read_payload
from services.common.inbox import Message, PoisonMessage
from services.common.redact import safe_error

M = TypeVar("M", bound=BaseModel)
H = TypeVar("H", bound=Callable[..., Any])


def parse(env: EventEnvelope, model: type[M]) -> M:
    """`env.data` as `model` (unknown fields ignored), or `PoisonMessage` naming what does not match."""
    try:
        return read_payload(model, env.data)
    except ValidationError as exc:
        raise PoisonMessage(
            f"{env.event_type} payload does not match its contract: {safe_error(exc)}"
        ) from exc


def types_of(model: type[BaseModel], prefix: str = "") -> list[str]:
    """Every registered event type whose payload is `model` (optionally only those under `prefix`)."""
    return [t for t, c in REGISTRY.items() if c.model is model and t.startswith(prefix)]


class EventRoutes(Generic[H]):
    """Handlers by event type, each called with the session (or batch), the typed payload and the envelope."""

    def __init__(self) -> None:
        self._routes: dict[str, tuple[type[BaseModel], H]] = {}
        self._bulk: set[int] = set()  # id() of the handlers that take a run of events

    def on(self, *event_types: str, bulk: bool = False) -> Callable[[H], H]:
        unknown = [t for t in event_types if t not in REGISTRY]
        if unknown or not event_types:
            raise ValueError(f"not registered event types: {unknown or 'none given'}")
        models = {REGISTRY[t].model for t in event_types}
        if len(models) != 1:
            raise ValueError(f"one handler, one payload model: {sorted(m.__name__ for m in models)}")

        def register(fn: H) -> H:
            for t in event_types:
                if t in self._routes:
                    raise ValueError(f"{t} already has a handler")
                self._routes[t] = (REGISTRY[t].model, fn)
            if bulk:
                self._bulk.add(id(fn))
            return fn

        return register

    @property
    def event_types(self) -> frozenset[str]:
        return frozenset(self._routes)

    def route(self, env: EventEnvelope) -> tuple[H, BaseModel] | None:
        """The handler of `env` and its validated payload, or None when no handler takes this type."""
        found = self._routes.get(env.event_type)
        if found is None:
            return None
        model, fn = found
        return fn, parse(env, model)

    async def _call(
        self, session: AsyncSession, fn: H, run: list[tuple[BaseModel, EventEnvelope]], deps: Any
    ) -> None:
        if id(fn) in self._bulk:
            await fn(session, run, **deps)
            return
        for payload, env in run:
            await fn(session, payload, env, **deps)

    def consumer(self, **deps: Any) -> Callable[[AsyncSession, Message], Awaitable[None]]:
        """The `InboxConsumer` handler: each message to its handler as `fn(session, payload, env, **deps)`."""

        async def handle(session: AsyncSession, msg: Message) -> None:
            env = msg.envelope
            assert env is not None, "an EventRoutes consumer reads envelopes"
            routed = self.route(env)
            if routed is not None:
                fn, payload = routed
                await self._call(session, fn, [(payload, env)], deps)

        handle.event_types = self.event_types  # type: ignore[attr-defined]  # what InboxConsumer reads
        return handle

    def batch_consumer(self, **deps: Any) -> Callable[[AsyncSession, list[Message]], Awaitable[None]]:
        """The `InboxConsumer` batch handler: runs of consecutive messages with one handler go together."""

        async def handle(session: AsyncSession, messages: list[Message]) -> None:
            current: H | None = None
            run: list[tuple[BaseModel, EventEnvelope]] = []
            for msg in messages:
                env = msg.envelope
                assert env is not None, "an EventRoutes consumer reads envelopes"
                routed = self.route(env)
                if routed is None:
                    continue
                fn, payload = routed
                if fn is not current and current is not None:
                    await self._call(session, current, run, deps)
                    run = []
                current = fn
                run.append((payload, env))
            if current is not None:
                await self._call(session, current, run, deps)

        handle.event_types = self.event_types  # type: ignore[attr-defined]  # what InboxConsumer reads
        return handle
