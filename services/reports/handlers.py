"""Events → read models. The same `apply` serves the live consumer and `ruralwatch reports rebuild`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.events.contracts.alerts import AlertEvent
from services.common.events.contracts.audit import AuditEntryRecorded
from services.common.events.contracts.households import (
    HouseholdChanged,
    HouseholdFact,
    ProjectChanged,
    VillageRegistered,
)
from services.common.events.contracts.loans import (
    LoanChanged,
    LoanOverdue,
    RepaymentDueSoon,
    RepaymentRecorded,
    SubsidySettled,
)
from services.common.events.envelope import EventEnvelope
from services.common.events.topics import Topic
from services.common.inbox import Message, PoisonMessage

CONSUMER = "reports.read-models"
TOPICS = [Topic.ALERTS.value, Topic.HOUSEHOLDS.value, Topic.LOANS.value, Topic.AUDIT.value]
RECENT_KEEP = 500
REBUILD_LOCK = 7_202_611  # advisory lock: the live consumer holds it shared, a rebuild exclusively


def _payload(model: type[Any], env: EventEnvelope) -> Any:
    try:
        return model.model_validate(env.data)
    except ValidationError as exc:
        raise PoisonMessage(f"{env.event_type} payload does not match its contract: {exc}") from exc


async def _upsert(s: AsyncSession, table: str, key: list[str], values: dict[str, Any]) -> None:
    cols = list(values)
    updates = (
        ", ".join(f"{c} = EXCLUDED.{c}" for c in cols if c not in key) or f"{key[0]} = EXCLUDED.{key[0]}"
    )
    await s.execute(
        text(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join(':' + c for c in cols)}) "
            f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
        ),
        values,
    )


def _dump(model: BaseModel, *fields: str) -> dict[str, Any]:
    data = model.model_dump(by_alias=False)
    return {f: data[f] for f in fields}


async def apply(s: AsyncSession, env: EventEnvelope) -> None:
    """Apply one event to the read models (idempotent: every write is an upsert by the record's key)."""
    t = env.event_type
    village: str | None = None
    if t.startswith("alerts.alert."):
        a: AlertEvent = _payload(AlertEvent, env)
        village = a.village_code
        await _upsert(
            s,
            "rm_alerts",
            ["alert_id"],
            {
                **_dump(
                    a,
                    "alert_id",
                    "external_id",
                    "batch_id",
                    "source",
                    "village_code",
                    "household_code",
                    "category",
                    "status",
                    "received_on",
                    "village_due_on",
                    "reported_on",
                    "finding",
                    "village_on_time",
                    "town_due_on",
                    "reviewed_on",
                    "town_on_time",
                    "closed_on",
                    "outcome",
                    "final_outcome",
                ),
                "alert_class": a.alert_class,
                "overdue": t == "alerts.alert.overdue" or bool(a.overdue_stage),
                "overdue_stage": a.overdue_stage,
                "last_event_at": env.occurred_at,
            },
        )
    elif t == "households.village.registered":
        v: VillageRegistered = _payload(VillageRegistered, env)
        await _upsert(s, "rm_villages", ["code"], {"code": v.code, "name": v.name, "kind": v.kind})
    elif t in ("households.household.registered", "households.household.updated"):
        h: HouseholdChanged = _payload(HouseholdChanged, env)
        village = h.village_code
        await _upsert(
            s,
            "rm_households",
            ["household_code"],
            {
                **_dump(
                    h,
                    "household_code",
                    "village_code",
                    "alleviated",
                    "monitoring_type",
                    "monitoring_status",
                    "monitoring_identified_on",
                    "risk_category",
                ),
                "member_count": h.member_count if h.member_count is not None else len(h.member_id_hashes),
                "students": _json([x.model_dump() for x in h.students]),
            },
        )
    elif t in ("households.project.registered", "households.project.updated"):
        p: ProjectChanged = _payload(ProjectChanged, env)
        village = p.village_code
        await _upsert(
            s,
            "rm_projects",
            ["project_id"],
            {
                **_dump(
                    p, "project_id", "code", "name", "village_code", "kind", "year", "status", "accepted_on"
                ),
                "investment": Decimal(p.investment),
                "beneficiary_households": p.beneficiary_households,
            },
        )
    elif (
        t.startswith("households.household.") and env.data.get("record_id") is not None and "kind" in env.data
    ):
        f: HouseholdFact = _payload(HouseholdFact, env)
        village = f.village_code
        await _upsert(
            s,
            "rm_facts",
            ["record_id"],
            {
                **_dump(
                    f,
                    "record_id",
                    "kind",
                    "household_code",
                    "village_code",
                    "year",
                    "quarter",
                    "semester",
                    "level",
                    "category",
                    "member_id",
                    "helper_id",
                ),
                "fact_on": f.on,
                "amount": Decimal(f.amount) if f.amount is not None else None,
            },
        )
    elif t.startswith("loans.loan.") and t.split(".")[-1] in (
        "applied",
        "approved",
        "rejected",
        "disbursed",
        "repaid",
        "written_off",
    ):
        loan: LoanChanged = _payload(LoanChanged, env)
        village = loan.village_code
        await _upsert(
            s,
            "rm_loans",
            ["loan_id"],
            {
                **_dump(
                    loan,
                    "loan_id",
                    "household_code",
                    "village_code",
                    "borrower_id_hash",
                    "status",
                    "disbursed_on",
                    "maturity_on",
                    "closed_on",
                ),
                "principal": Decimal(loan.principal),
            },
        )
    elif t == "loans.loan.repayment_recorded":
        r: RepaymentRecorded = _payload(RepaymentRecorded, env)
        village = r.village_code
        await _upsert(
            s,
            "rm_repayments",
            ["repayment_id"],
            {
                "repayment_id": r.repayment_id,
                "loan_id": r.loan_id,
                "paid_on": r.paid_on,
                "interest": Decimal(r.interest),
                "principal": Decimal(r.principal),
            },
        )
    elif t == "loans.subsidy.settled":
        sub: SubsidySettled = _payload(SubsidySettled, env)
        village = sub.village_code
        await _upsert(
            s,
            "rm_subsidy_lines",
            ["quarter", "loan_id"],
            {
                **_dump(sub, "quarter", "loan_id", "village_code", "borrower_id_hash", "withheld"),
                "interest": Decimal(sub.interest),
                "subsidy": Decimal(sub.subsidy),
            },
        )
    elif t == "loans.loan.repayment_due_soon":
        rem: RepaymentDueSoon = _payload(RepaymentDueSoon, env)
        village = rem.village_code
        await _upsert(
            s,
            "rm_loan_notices",
            ["notice_id"],
            {
                "notice_id": rem.reminder_id,
                "kind": "reminder",
                "loan_id": rem.loan_id,
                "village_code": rem.village_code,
                "due_kind": rem.due_kind,
                "due_on": rem.due_on,
                "notice_on": rem.sent_on,
                "cleared_on": None,
                "days_before": rem.days_before,
            },
        )
    elif t in ("loans.loan.overdue", "loans.loan.overdue_cleared"):
        o: LoanOverdue = _payload(LoanOverdue, env)
        village = o.village_code
        await _upsert(
            s,
            "rm_loan_notices",
            ["notice_id"],
            {
                "notice_id": o.episode_id,
                "kind": "overdue",
                "loan_id": o.loan_id,
                "village_code": o.village_code,
                "due_kind": o.due_kind,
                "due_on": o.due_on,
                "notice_on": o.overdue_since,
                "cleared_on": o.cleared_on,
                "days_before": None,
            },
        )
    elif t == "audit.entry.recorded":
        e: AuditEntryRecorded = _payload(AuditEntryRecorded, env)
        await _upsert(
            s,
            "rm_audit_entries",
            ["service", "subject_id", "seq"],
            {**_dump(e, "service", "subject_id", "seq", "action", "at", "hash"), "details": _json(e.details)},
        )
        return  # audit entries echo alert events; the dashboard shows the alert event itself
    else:
        return  # an event type the reports do not use (e.g. saga answers are reflected in the alert events)
    await s.execute(
        text(
            "INSERT INTO rm_recent_events (event_id, at, event_type, aggregate_id, village_code) "
            "VALUES (:i, :at, :t, :a, :v) ON CONFLICT (event_id) DO NOTHING"
        ),
        {"i": str(env.event_id), "at": env.occurred_at, "t": t, "a": env.aggregate_id, "v": village},
    )


def _json(value: Any) -> str:
    import orjson

    return orjson.dumps(value).decode()


async def hold_off_rebuild(session: AsyncSession) -> None:
    """The live consumer's first statement in each transaction, before it records its inbox rows: a
    rebuild holds the lock exclusively while it writes the same inbox rows, so taking it any later
    would let the two wait on each other (the consumer on the lock, the rebuild on its inbox row)."""
    await session.execute(text("SELECT pg_advisory_xact_lock_shared(:k)"), {"k": REBUILD_LOCK})


async def on_event(session: AsyncSession, msg: Message) -> None:
    assert msg.envelope is not None
    await apply(session, msg.envelope)
