"""Events → read models. The same `apply` serves the live consumer and `ruralwatch reports rebuild`."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.events.contracts.alerts import AlertEvent
from services.common.events.contracts.audit import AuditEntryRecorded
from services.common.events.contracts.households import (
    HouseholdChanged,
    HouseholdFact,
    HouseholdProfile,
    ProjectChanged,
    RiskEliminated,
    VillageRegistered,
)
from services.common.events.contracts.loans import (
    LoanChanged,
    LoanOverdue,
    RepaymentDueSoon,
    RepaymentRecorded,
    SubsidySettled,
)
from services.common.events.contracts.rectification import RectificationChanged
from services.common.events.dispatch import EventRoutes, types_of
from services.common.events.envelope import EventEnvelope
from services.common.events.topics import Topic
from services.common.events.types import EventType
from services.common.inbox import Message
from services.reports.batch import Batch, dump

CONSUMER = "reports.read-models"
TOPICS = [
    Topic.ALERTS.value,
    Topic.HOUSEHOLDS.value,
    Topic.LOANS.value,
    Topic.AUDIT.value,
    Topic.RECTIFICATION.value,
]
PROFILE_FLAGS = (
    "food_clothing_ok",
    "compulsory_education_ok",
    "basic_medical_ok",
    "housing_safe",
    "drinking_water_safe",
    "medical_insurance_all",
)
REBUILD_LOCK = 7_202_611  # advisory lock: the live consumer holds it shared, a rebuild exclusively


async def apply(s: AsyncSession, env: EventEnvelope) -> None:
    """Apply one event to the read models (idempotent: every write is an upsert by the record's key)."""
    await apply_many(s, [env])


async def apply_many(s: AsyncSession, envs: list[EventEnvelope]) -> None:
    """Apply a partition's events in order, one statement per read-model table."""
    batch = Batch()
    for env in envs:
        collect(batch, env)
    await batch.flush(s)


routes: EventRoutes[Callable[[Batch, Any, EventEnvelope], str | object | None]] = EventRoutes()
NOT_SHOWN = object()  # an event the dashboard's feed does not list


def collect(batch: Batch, env: EventEnvelope) -> None:
    """The rows one event writes (see `apply`); types the reports do not use are skipped."""
    routed = routes.route(env)
    if routed is None:
        return  # e.g. saga answers are reflected in the alert events
    fn, payload = routed
    village = fn(batch, payload, env)
    if village is NOT_SHOWN:
        return
    batch.recent.append(
        {
            "event_id": str(env.event_id),
            "at": env.occurred_at,
            "event_type": env.event_type,
            "aggregate_id": env.aggregate_id,
            "village_code": village,
        }
    )


@routes.on(*types_of(AlertEvent, "alerts.alert."))
def _alert(batch: Batch, a: AlertEvent, env: EventEnvelope) -> str | None:
    batch.put(
        "rm_alerts",
        ["alert_id"],
        {
            **dump(
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
            "overdue": env.event_type == EventType.ALERTS_ALERT_OVERDUE or bool(a.overdue_stage),
            "overdue_stage": a.overdue_stage,
            "last_event_at": env.occurred_at,
            "version": env.aggregate_version,
        },
    )
    return a.village_code


@routes.on(EventType.HOUSEHOLDS_VILLAGE_REGISTERED)
def _village(batch: Batch, v: VillageRegistered, _env: EventEnvelope) -> str | None:
    batch.put("rm_villages", ["code"], {"code": v.code, "name": v.name, "kind": v.kind})
    return None


@routes.on(EventType.HOUSEHOLDS_HOUSEHOLD_REGISTERED, EventType.HOUSEHOLDS_HOUSEHOLD_UPDATED)
def _household(batch: Batch, h: HouseholdChanged, env: EventEnvelope) -> str | None:
    batch.put(
        "rm_households",
        ["household_code"],
        {
            **dump(
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
            "students": [x.model_dump(mode="json") for x in h.students],
            "version": env.aggregate_version,
        },
    )
    if h.monitoring_status == "monitoring" and h.monitoring_identified_on and h.monitoring_type:
        batch.put(
            "rm_monitoring_spans",
            ["household_code", "identified_on"],
            {
                "household_code": h.household_code,
                "identified_on": h.monitoring_identified_on,
                "village_code": h.village_code,
                "monitoring_type": h.monitoring_type,
            },
        )
    return h.village_code


@routes.on(EventType.HOUSEHOLDS_HOUSEHOLD_RISK_ELIMINATED)
def _eliminated(batch: Batch, e: RiskEliminated, _env: EventEnvelope) -> str | None:
    batch.put(
        "rm_eliminations",
        ["monitoring_object_id"],
        dump(e, "monitoring_object_id", "household_code", "eliminated_on"),
    )
    return e.village_code


@routes.on(EventType.HOUSEHOLDS_HOUSEHOLD_PROFILE_RECORDED)
def _profile(batch: Batch, p: HouseholdProfile, _env: EventEnvelope) -> str | None:
    def money(v: str | None) -> Decimal | None:
        return None if v is None else Decimal(v)

    batch.put(
        "rm_profiles",
        ["household_code", "profile_version"],
        {
            **dump(p, "household_code", "village_code", "effective_on", "social_assistance", "finance_year"),
            "profile_version": p.version,
            "flags": {f: getattr(p, f) for f in PROFILE_FLAGS},
            "net_per_capita": money(p.net_per_capita),
            "after_rigid_per_capita": money(p.after_rigid_per_capita),
            "rigid_spending": money(p.rigid_spending),
            "monitoring_line": money(p.monitoring_line),
        },
    )
    return p.village_code


@routes.on(EventType.HOUSEHOLDS_PROJECT_REGISTERED, EventType.HOUSEHOLDS_PROJECT_UPDATED)
def _project(batch: Batch, p: ProjectChanged, env: EventEnvelope) -> str | None:
    batch.put(
        "rm_projects",
        ["project_id"],
        {
            **dump(p, "project_id", "code", "name", "village_code", "kind", "year", "status", "accepted_on"),
            "investment": Decimal(p.investment),
            "beneficiary_households": p.beneficiary_households,
            "version": env.aggregate_version,
        },
    )
    return p.village_code


@routes.on(*types_of(HouseholdFact, "households.household."))
def _fact(batch: Batch, f: HouseholdFact, env: EventEnvelope) -> str | object | None:
    if f.record_id is None or "kind" not in env.data:
        return NOT_SHOWN  # a fact without a record of its own (e.g. a helper assignment)
    batch.put(
        "rm_facts",
        ["record_id"],
        {
            **dump(
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
            "monitoring_line": Decimal(f.monitoring_line) if f.monitoring_line is not None else None,
        },
    )
    return f.village_code


@routes.on(*types_of(LoanChanged, "loans.loan."))
def _loan(batch: Batch, loan: LoanChanged, env: EventEnvelope) -> str | None:
    batch.put(
        "rm_loans",
        ["loan_id"],
        {
            **dump(
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
            "version": env.aggregate_version,
        },
    )
    return loan.village_code


@routes.on(EventType.LOANS_LOAN_REPAYMENT_RECORDED)
def _repayment(batch: Batch, r: RepaymentRecorded, _env: EventEnvelope) -> str | None:
    batch.put(
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
    return r.village_code


@routes.on(EventType.LOANS_SUBSIDY_SETTLED)
def _subsidy(batch: Batch, sub: SubsidySettled, _env: EventEnvelope) -> str | None:
    batch.put(
        "rm_subsidy_lines",
        ["quarter", "loan_id"],
        {
            **dump(sub, "quarter", "loan_id", "village_code", "borrower_id_hash", "withheld"),
            "interest": Decimal(sub.interest),
            "subsidy": Decimal(sub.subsidy),
        },
    )
    return sub.village_code


@routes.on(EventType.LOANS_LOAN_REPAYMENT_DUE_SOON)
def _reminder(batch: Batch, rem: RepaymentDueSoon, _env: EventEnvelope) -> str | None:
    batch.put(
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
    return rem.village_code


@routes.on(EventType.LOANS_LOAN_OVERDUE, EventType.LOANS_LOAN_OVERDUE_CLEARED)
def _overdue(batch: Batch, o: LoanOverdue, _env: EventEnvelope) -> str | None:
    batch.put(
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
    return o.village_code


@routes.on(*types_of(RectificationChanged, "rectification.item."))
def _rectification(batch: Batch, r: RectificationChanged, env: EventEnvelope) -> str:
    batch.put(
        "rm_rectifications",
        ["rectification_id"],
        {
            **dump(
                r,
                "rectification_id",
                "source",
                "detector",
                "finding_ref",
                "village_code",
                "household_code",
                "problem",
                "measure",
                "responsible",
                "opened_on",
                "due_on",
                "status",
                "overdue",
                "closed_on",
                "closing_note",
            ),
            "evidence": r.evidence,
            "version": env.aggregate_version,
        },
    )
    return r.village_code


@routes.on(EventType.AUDIT_ENTRY_RECORDED)
def _audit(batch: Batch, e: AuditEntryRecorded, _env: EventEnvelope) -> object:
    batch.put(
        "rm_audit_entries",
        ["service", "subject_id", "seq"],
        {**dump(e, "service", "subject_id", "seq", "action", "at", "hash"), "details": e.details},
    )
    return NOT_SHOWN  # audit entries echo alert events; the dashboard shows the alert event itself


async def hold_off_rebuild(session: AsyncSession) -> None:
    """The live consumer's first statement in each transaction, before it records its inbox rows: a
    rebuild holds the lock exclusively while it writes the same inbox rows, so taking it any later
    would let the two wait on each other (the consumer on the lock, the rebuild on its inbox row)."""
    await session.execute(text("SELECT pg_advisory_xact_lock_shared(:k)"), {"k": REBUILD_LOCK})


async def on_event(session: AsyncSession, msg: Message) -> None:
    assert msg.envelope is not None
    await apply(session, msg.envelope)


async def on_events(session: AsyncSession, msgs: list[Message]) -> None:
    """A partition's fresh messages in one go (the consumer falls back to `on_event` one by one if any
    message is poison)."""
    await apply_many(session, [m.envelope for m in msgs if m.envelope is not None])
