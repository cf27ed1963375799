"""Async SQLAlchemy engine and sessions, one database per service."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import registry
from sqlalchemy.util import greenlet_spawn
from sqlmodel import SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class PlatformBase(SQLModel, registry=registry(metadata=MetaData(naming_convention=NAMING_CONVENTION))):
    """Base of the platform tables (outbox, inbox, idempotency) that every service database holds."""


class Database:
    """An engine plus a session factory for one service's database."""

    def __init__(
        self, url: str, *, pool_size: int = 20, burst: int = 5, own_relay: bool = False, **engine_kwargs: Any
    ) -> None:
        """`pool_size` connections stay open once opened; `burst` more are opened when all are taken and
        closed again when returned (CommonSettings.db_pool_size says why the pool is not smaller).
        `own_relay`: this process runs the database's outbox relay and wakes it on commit, so its outbox
        inserts send no NOTIFY (outbox.OWN_RELAY_SETTING)."""
        self.url = url
        if own_relay:
            engine_kwargs.setdefault("connect_args", {}).setdefault("server_settings", {})[
                OWN_RELAY_SETTING
            ] = "on"
        self.engine: AsyncEngine = create_async_engine(
            url,
            pool_size=pool_size,
            max_overflow=burst,
            pool_recycle=1800,
            # bound parameters (ID numbers, names) never appear in exceptions or their log lines
            hide_parameters=True,
            **engine_kwargs,
        )
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False, class_=AsyncSession)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session; the caller commits."""
        async with self.sessionmaker() as session:
            yield session

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session inside one transaction, committed on success and rolled back on error."""
        async with self.sessionmaker() as session, session.begin():
            yield session

    @asynccontextmanager
    async def driver_transaction(self) -> AsyncIterator[DriverTransaction]:
        """One transaction straight on the driver, for hot paths that need no ORM session: an asyncpg
        connection checked out of the engine's own pool (the same connections, role and JSON codecs as the
        sessions'), BEGIN and COMMIT sent by asyncpg. A session's set-up and commit cost about 0.4 ms of CPU
        a transaction on top of those round trips (BEGIN, one SELECT, COMMIT: 837 against 479 us of client
        CPU, measured 2026-12-03; bench/results/profile-server.txt has the service's profile). Committed on
        success, rolled back on error; a connection the error broke is discarded, not pooled again."""
        async with self.driver_connection(DriverTransaction) as tx, tx.driver.transaction():
            yield tx

    @asynccontextmanager
    async def driver_connection(self, kind: type[DT]) -> AsyncIterator[DT]:
        """An asyncpg connection of the engine's pool, outside any transaction (each statement commits on
        its own), wrapped as `kind`; the AFTER_COMMIT hooks run with its `info` when the block ends
        without an error. `driver_transaction` is this with BEGIN and COMMIT around the block."""
        raw = await self.engine.raw_connection()
        tx = kind(raw.driver_connection)
        try:
            yield tx
        finally:
            # a connection an error closed, or one still in a transaction (a rollback cut short by a
            # cancelled request) is discarded: pooled, its next user would run inside that transaction
            # (the pool's reset on return does nothing here, no adapter transaction being open)
            if tx.driver.is_closed() or tx.driver.is_in_transaction():
                await greenlet_spawn(raw.invalidate)
            await greenlet_spawn(raw.close)
        for hook in AFTER_COMMIT:
            hook(tx.info)

    async def dispose(self) -> None:
        await self.engine.dispose()


class DriverTransaction:
    """What `Database.driver_transaction` yields: the asyncpg connection in its transaction and an `info`
    dict for the transaction's own notes (as a session's `info`), read by the AFTER_COMMIT hooks."""

    __slots__ = ("driver", "info")

    def __init__(self, driver: Any) -> None:
        self.driver = driver
        self.info: dict[str, Any] = {}


DT = TypeVar("DT", bound=DriverTransaction)
# set on the connections of a process that runs its database's outbox relay (services/common/outbox.py)
OWN_RELAY_SETTING = "rw.own_relay"
# a transaction a hot path writes through: an ORM session, or the driver's own (`driver_transaction`)
Tx = AsyncSession | DriverTransaction
# called with a committed DriverTransaction's `info` (what a session's after_commit listener does for it)
AFTER_COMMIT: list[Callable[[dict[str, Any]], None]] = []


def info_of(tx: Tx) -> dict[str, Any]:
    """The transaction's `info` dict: the session's (the one its after_commit listeners see) or the driver
    transaction's."""
    return tx.info if isinstance(tx, DriverTransaction) else tx.sync_session.info


async def driver_of(session: Tx) -> Any:
    """The asyncpg connection under the session's transaction, for hot paths that send their statements
    straight to the driver (prepared and cached per connection by asyncpg) instead of through the ORM's
    execution layer. Statements sent this way do not autoflush the session: callers write only rows the
    session does not hold pending. A driver transaction's connection is its own."""
    if isinstance(session, DriverTransaction):
        return session.driver
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    adapted: Any = raw.dbapi_connection
    # SQLAlchemy's asyncpg adapter sends BEGIN lazily, with its first statement: a statement sent to the
    # driver first would run outside the transaction (its row lock gone at once, its writes committed
    # alone). Begin it the way the adapter would (the dialect is pinned in requirements.lock; the
    # concurrent double-submit test fails if this stops holding)
    if getattr(adapted, "_transaction", True) is None and adapted.isolation_level != "autocommit":
        async with adapted._execute_mutex:
            await adapted._start_transaction()
    return raw.driver_connection


class SerialStatements:
    """Statements on one connection (the driver's: it runs one at a time), one at a time in the order submitted, each started as soon as the
    one before it ends; the caller goes on meanwhile. A statement after a failed one fails with it."""

    def __init__(self) -> None:
        self._last: asyncio.Future[Any] | None = None

    def submit(self, fn: Callable[..., Awaitable[Any]], *args: Any) -> asyncio.Future[Any]:
        before = self._last

        async def run() -> Any:
            if before is not None:
                await before
            return await fn(*args)

        future = asyncio.ensure_future(run())
        # retrieved here, so a failure only the last statement's awaiter sees is not also logged as
        # "never retrieved" for each statement queued before it
        future.add_done_callback(lambda f: f.cancelled() or f.exception())
        self._last = future
        return future

    async def drain(self, *, quietly: bool = False) -> None:
        last, self._last = self._last, None
        if last is None:
            return
        if quietly:
            with contextlib.suppress(Exception):
                await last
        else:
            await last


# SQLSTATE classes that mean "the database is away or refusing for now", not "this statement is wrong":
# 08 connection exception, 53 insufficient resources, 57 operator intervention (57P01 admin shutdown,
# 57P02 crash shutdown, 57P03 cannot connect now: a restart in progress), 58 system error (I/O)
TRANSIENT_SQLSTATE_CLASSES = frozenset({"08", "53", "57", "58"})


def is_transient_db_error(exc: BaseException) -> bool:
    """True when `exc` (or what it wraps) says the database is unreachable or restarting.

    A consumer waits and retries such an error without counting it towards the DLQ, and an API
    answers 503; anything else is the message's or the request's own problem.
    """
    import asyncpg
    from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OperationalError | InterfaceError | ConnectionError | OSError | TimeoutError):
            return True
        if isinstance(current, DBAPIError) and current.connection_invalidated:
            return True
        if isinstance(current, asyncpg.exceptions.ConnectionDoesNotExistError | asyncpg.InterfaceError):
            return True
        state = getattr(current, "sqlstate", None) or getattr(current, "pgcode", None)
        if isinstance(state, str) and state[:2] in TRANSIENT_SQLSTATE_CLASSES:
            return True
        # what SQLAlchemy wraps (`orig`) or what it was raised from; not __context__, which may be an
        # unrelated error handled earlier (a real bug must not be retried for ever)
        current = getattr(current, "orig", None) or current.__cause__
    return False
