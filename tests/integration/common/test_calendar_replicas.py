"""Every process of a service works from the same working-day calendar: a change committed through one of
them reaches the others at its commit (NOTIFY rw_calendar, services/common/pg_notices.py), not at their
next SLA sweep (alerts, 60 s) or their next restart (households: the calendar.v1 event reaches one member
of the consumer group only). Each test runs two app instances on one database, as two web workers or
two replicas would; the SLA sweep is off, so only the notice can explain a reload."""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Any

import asyncpg

from tests.conftest import wait_for

NOTICE = {
    "title": "国务院办公厅关于2027年部分节假日安排的通知（测试）",
    "days_off": [f"2027-02-{d:02d}" for d in range(5, 13)],
    "workdays": ["2027-02-14"],
}


@asynccontextmanager
async def second_instance(service: str, settings: Any) -> AsyncIterator[Any]:
    """Another process of `service` on the same database: its own app, lifespan, loops and calendar."""
    app = importlib.import_module(f"services.{service}.app").create_app(settings)
    async with app.router.lifespan_context(app):
        yield app


async def listening(url: str, n: int) -> list[int]:
    """The backends LISTENing on rw_calendar, once there are at least `n` (each process holds one)."""

    async def enough() -> list[int]:
        pids = await _listeners(url)
        return pids if len(pids) >= n else []

    result: list[int] = await wait_for(enough, timeout=20, interval=0.05)
    return result


def plain(url: str) -> str:
    return url.replace("postgresql+asyncpg", "postgresql")


async def _listeners(url: str) -> list[int]:
    conn = await asyncpg.connect(plain(url))
    try:
        rows = await conn.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%rw_calendar%'"
        )
        return [r["pid"] for r in rows]
    finally:
        await conn.close()


async def test_an_override_set_through_one_alerts_process_reaches_the_other(
    alerts_app: Any, alerts_settings: Any, clean_alerts: str, make_token: Any
) -> None:
    first, client = alerts_app
    admin = {"Authorization": f"Bearer {make_token('admin')}"}
    async with second_instance("alerts", alerts_settings) as other:
        # both listening before the change: only the notice, not a reload at connect, can carry it
        await listening(clean_alerts, 2)
        day = date(2027, 2, 15)
        assert day not in other.state.ctx.calendar.overrides
        r = await client.put(
            "/v1/admin/calendar",
            headers=admin,
            json={"day": day.isoformat(), "workday": False, "note": "测试"},
        )
        assert r.status_code == 204, r.text
        assert day in first.state.ctx.calendar.overrides
        # the other process counts with the new calendar
        await wait_for(
            lambda: other.state.ctx.calendar.overrides.get(day) is False, timeout=20, interval=0.05
        )
        # and a removal, the same way
        assert (
            await client.delete(f"/v1/admin/calendar/{day.isoformat()}", headers=admin)
        ).status_code == 204
        await wait_for(lambda: day not in other.state.ctx.calendar.overrides, timeout=20, interval=0.05)


async def test_a_listener_cut_off_reconnects_and_catches_up_on_what_it_missed(
    alerts_app: Any, alerts_settings: Any, clean_alerts: str
) -> None:
    async with second_instance("alerts", alerts_settings) as other:
        pids = await listening(clean_alerts, 2)
        conn = await asyncpg.connect(plain(clean_alerts))
        try:
            # every listener dropped (a database restart, a proxy's idle cut), and a change made while
            # none listens: written straight to the table, so no notice is sent for it at all
            for pid in pids:
                await conn.execute("SELECT pg_terminate_backend($1)", pid)
            await conn.execute(
                "INSERT INTO calendar_overrides (day, workday, note, set_by) VALUES ('2027-03-01', false, 'missed', 'test')"
            )
        finally:
            await conn.close()
        day = date(2027, 3, 1)
        # a reconnected listener reloads what changed while it was away
        await wait_for(
            lambda: other.state.ctx.calendar.overrides.get(day) is False, timeout=20, interval=0.05
        )
        after = await listening(clean_alerts, 2)
        assert not set(after) & set(pids)  # new connections; the old ones are gone


async def test_a_year_taken_by_one_households_process_reaches_the_other(
    alerts_app: Any, households_app: Any, households_settings: Any, make_token: Any
) -> None:
    """calendar.v1 goes to one member of `households.calendar`: without the notice the other member
    would keep the old calendar until it restarts."""
    _, alerts = alerts_app
    first = households_app[0]
    admin = {"Authorization": f"Bearer {make_token('admin')}"}
    async with second_instance("households", households_settings) as other:
        r = await alerts.put("/v1/admin/calendar/notices/2027", headers=admin, json=NOTICE)
        assert r.status_code == 204, r.text
        calendars = [first.state.ctx.calendar, other.state.ctx.calendar]
        await wait_for(lambda: all(2027 in c.notices for c in calendars), timeout=60, interval=0.05)
        assert all(c.notices[2027].workdays == {date(2027, 2, 14)} for c in calendars)
