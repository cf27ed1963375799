"""Issue 11, hole 8, on the real PostgreSQL: the migrations that encrypt names and bind every
encrypted value to its row convert rows written by the previous code (clear names and birth dates,
AES-GCM without associated data), leave no clear column behind, can be run on rows already converted,
and their downgrades give the previous code back exactly what it read."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date
from pathlib import Path

import asyncpg
import pytest
from cryptography.exceptions import InvalidTag

from services.common.ids import PiiCipher, bound_to, make_id_number, mask_name
from services.common.migrations import drop_database, ensure_database, upgrade
from services.common.settings import CommonSettings, database_url_for
from services.launcher.devstack import ROOT, Stack
from services.launcher.testing import TEST_DB_PREFIX


def _cipher() -> PiiCipher:
    return PiiCipher.from_settings(CommonSettings())


def _legacy(value: str) -> bytes:
    """A value as the code before binding wrote it: AES-GCM with no associated data."""
    c, aad = _cipher(), b"scratch"
    token = c.unbound(c.encrypt(value, aad=aad), aad=aad)
    assert token is not None
    return token


def _downgrade(migrations: Path, url: str, revision: str) -> None:
    from alembic import command

    from services.common.migrations import alembic_config

    command.downgrade(alembic_config(migrations, url), revision)


async def _database(stack: Stack, name: str) -> tuple[str, asyncpg.Connection]:
    await drop_database(stack.database_url, name)
    await ensure_database(stack.database_url, name)
    conn = await asyncpg.connect(database_url_for(stack.database_url, name, driver="postgresql"))
    return database_url_for(stack.database_url, name), conn


async def _columns(conn: asyncpg.Connection, table: str) -> set[str]:
    rows = await conn.fetch("SELECT column_name FROM information_schema.columns WHERE table_name = $1", table)
    return {r["column_name"] for r in rows}


async def test_households_members_and_helpers_are_encrypted_bound_and_restorable(stack: Stack) -> None:
    name = f"{TEST_DB_PREFIX}households_bind"
    url, conn = await _database(stack, name)
    migrations = ROOT / "services" / "households" / "migrations"
    c = _cipher()
    try:
        await asyncio.to_thread(upgrade, migrations, url, "20261202_0005")  # the code before hole 8
        await conn.execute(
            "INSERT INTO villages (code, name, kind) VALUES ('430981101201', '甲村', 'village')"
        )
        hh = uuid.uuid4()
        await conn.execute(
            "INSERT INTO households (id, household_code, village_code) VALUES ($1, '4309811012010001', "
            "'430981101201')",
            hh,
        )
        people = {}
        for i, (person, born) in enumerate([("张三丰", date(1961, 3, 9)), ("李四", date(2008, 11, 30))]):
            mid, id_number = uuid.uuid4(), make_id_number("430981", born, 901 + i)
            people[mid] = (person, id_number, born)
            await conn.execute(
                "INSERT INTO members (id, household_id, name, id_number_enc, id_number_hash, id_number_masked, "
                "relation, birth_date, phone_enc) VALUES ($1, $2, $3, $4, $5, $6, '户主', $7, $8)",
                mid,
                hh,
                person,
                _legacy(id_number),
                c.lookup_hash(id_number),
                id_number[:6] + "*" * 11 + id_number[-1],
                born,
                _legacy("13800138000") if i == 0 else None,
            )
        helper = uuid.uuid4()
        await conn.execute(
            "INSERT INTO helpers (id, name, unit, phone_enc, phone_masked) VALUES ($1, '王帮扶', '镇政府', $2, "
            "'139****0000')",
            helper,
            _legacy("13900000000"),
        )

        await asyncio.to_thread(upgrade, migrations, url, "head")

        members = await _columns(conn, "members")
        assert {"name", "birth_date"}.isdisjoint(members), "no clear name or birth date is left"
        assert {"name"}.isdisjoint(await _columns(conn, "helpers"))
        for r in await conn.fetch("SELECT * FROM members"):
            person, id_number, born = people[r["id"]]
            assert c.open("members", "name_enc", r["id"], r["name_enc"]) == person
            assert person.encode() not in r["name_enc"]
            assert r["name_masked"] == mask_name(person) and r["birth_year"] == born.year
            assert c.open("members", "id_number_enc", r["id"], r["id_number_enc"]) == id_number
            with pytest.raises(InvalidTag):  # the pre-binding form no longer opens in the service
                c.decrypt(_legacy(id_number), aad=bound_to("members", "id_number_enc", r["id"]))
            if r["phone_enc"] is not None:
                assert c.open("members", "phone_enc", r["id"], r["phone_enc"]) == "13800138000"
        h = await conn.fetchrow("SELECT * FROM helpers")
        assert c.open("helpers", "name_enc", helper, h["name_enc"]) == "王帮扶"
        assert c.open("helpers", "phone_enc", helper, h["phone_enc"]) == "13900000000"

        # copying one member's encrypted name onto another is detected, not read as the other's name
        a, b = list(people)
        await conn.execute(
            "UPDATE members SET name_enc = (SELECT name_enc FROM members WHERE id = $1) WHERE id = $2", a, b
        )
        moved = await conn.fetchval("SELECT name_enc FROM members WHERE id = $1", b)
        with pytest.raises(InvalidTag):
            c.open("members", "name_enc", b, moved)
        await conn.execute(
            "UPDATE members SET name_enc = $1 WHERE id = $2",
            c.seal("members", "name_enc", b, people[b][0]),
            b,
        )

        # the downgrade hands the previous code its clear columns and unbound values back
        await asyncio.to_thread(_downgrade, migrations, url, "20261202_0005")
        for r in await conn.fetch("SELECT id, name, birth_date, id_number_enc, phone_enc FROM members"):
            person, id_number, born = people[r["id"]]
            assert (r["name"], r["birth_date"]) == (person, born)
            assert c._open(bytes(r["id_number_enc"]), None) == id_number
        assert await conn.fetchval("SELECT name FROM helpers") == "王帮扶"
        await asyncio.to_thread(upgrade, migrations, url, "head")  # and up again
        assert await conn.fetchval("SELECT count(*) FROM members WHERE name_enc IS NOT NULL") == 2
    finally:
        await conn.close()
        await drop_database(stack.database_url, name)


async def test_alert_names_and_loan_borrowers_are_encrypted_and_bound(stack: Stack) -> None:
    c = _cipher()
    id_number = make_id_number("430981", date(1975, 6, 1), 905)
    for service, before, table in (
        ("alerts", "20261202_0003", "alerts"),
        ("loans", "20261202_0004", "loans"),
    ):
        name = f"{TEST_DB_PREFIX}{service}_bind"
        url, conn = await _database(stack, name)
        migrations = ROOT / "services" / service / "migrations"
        try:
            await asyncio.to_thread(upgrade, migrations, url, before)
            rid, unnamed = uuid.uuid4(), uuid.uuid4()
            if service == "alerts":
                for i, (row, person) in enumerate([(rid, "赵六"), (unnamed, None)]):
                    await conn.execute(
                        "INSERT INTO alerts (id, external_id, source, class, category, village_code, "
                        "household_match, id_number_enc, person_name, detected_on, received_on, status, "
                        "village_due_on) VALUES ($1, $2, 'province', 'income', 'income_drop', '430981101201', "
                        "'unmatched', $3, $4, '2022-03-01', '2022-03-01', 'pending_village', '2022-03-08')",
                        row,
                        f"ext-{i}",
                        _legacy(id_number) if person else None,
                        person,
                    )
            else:
                await conn.execute(
                    "INSERT INTO loans (id, household_code, village_code, borrower_name, borrower_id_enc, "
                    "borrower_id_hash, borrower_id_masked, borrower_birth_date, principal, term_months, status, "
                    "applied_on) VALUES ($1, '4309811012010001', '430981101201', '赵六', $2, 'h', 'm', "
                    "'1975-06-01', 50000, 36, 'applied', '2022-03-01')",
                    rid,
                    _legacy(id_number),
                )
            await asyncio.to_thread(upgrade, migrations, url, "head")
            cols = await _columns(conn, table)
            prefix = "person" if service == "alerts" else "borrower"
            id_col = "id_number_enc" if service == "alerts" else "borrower_id_enc"
            assert f"{prefix}_name" not in cols and "borrower_birth_date" not in cols
            r = await conn.fetchrow(f"SELECT * FROM {table} WHERE id = $1", rid)
            assert c.open(table, f"{prefix}_name_enc", rid, r[f"{prefix}_name_enc"]) == "赵六"
            assert r[f"{prefix}_name_masked"] == "赵**"
            assert c.open(table, id_col, rid, r[id_col]) == id_number
            if service == "loans":
                assert r["borrower_birth_year"] == 1975
            else:  # an alert without a name stays without one
                blank = await conn.fetchrow("SELECT * FROM alerts WHERE id = $1", unnamed)
                assert blank["person_name_enc"] is None and blank["person_name_masked"] is None
            await asyncio.to_thread(_downgrade, migrations, url, before)
            assert await conn.fetchval(f"SELECT {prefix}_name FROM {table} WHERE id = $1", rid) == "赵六"
            assert (
                c._open(bytes(await conn.fetchval(f"SELECT {id_col} FROM {table} WHERE id = $1", rid)), None)
                == id_number
            )
        finally:
            await conn.close()
            await drop_database(stack.database_url, name)
