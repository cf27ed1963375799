"""Use cases of the alerts service: each loads, applies the workflow, and writes state, audit entry and
outbox events in one transaction."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import structlog
from sqlalchemy import Select, and_, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from services.alerts import sla
from services.alerts.config import AlertsSettings
from services.alerts.feeds.validate import EARLIEST_DATE, ValidItem, validate_items
from services.alerts.models import Alert, AuditEntry, CalendarOverride, ProjVillage
from services.alerts.schemas import (
    AlertOut,
    AuditEntryOut,
    AuditOut,
    ChainBreakOut,
    CloseOutIn,
    FeedIn,
    IntakeResult,
    OutcomeOut,
    RejectedOut,
    ReviewIn,
    TimelineEntry,
    VerificationIn,
)
from services.alerts.workflow import (
    STAGE_OF,
    Action,
    FinalOutcome,
    IllegalTransition,
    Outcome,
    ReviewInput,
    Status,
    action_for_close_out,
    allowed_actions,
    close_out_errors,
    effective_date_errors,
    next_status,
    review_errors,
)
from services.common import idempotency
from services.common.audit import GENESIS_HASH, audit_key, entry_hash, verify_chain
from services.common.auth import Principal, Role
from services.common.calendar import WorkingDayCalendar
from services.common.db import Database
from services.common.errors import APIError, not_found
from services.common.events.contracts.alerts import AlertEvent, OutcomeReported
from services.common.events.contracts.audit import AuditEntryRecorded
from services.common.events.envelope import EventEnvelope, envelope_bytes, new_event, new_event_ids
from services.common.events.topics import Topic
from services.common.ids import PiiCipher, mask_id_number, mask_name
from services.common.outbox import add_events, add_rows

log = structlog.get_logger(__name__)

SERVICE = "alerts"
SYSTEM_SWEEPER = {"sub": "system:sla-sweeper"}
SYSTEM_SAGA = {"sub": "system:households-saga"}


@dataclass
class AlertsContext:
    """What the use cases need: database, settings, calendar, PII cipher and a clock."""

    db: Database
    settings: AlertsSettings
    calendar: WorkingDayCalendar
    cipher: PiiCipher
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def today(self) -> date:
        return self.clock().astimezone(ZoneInfo(self.settings.timezone)).date()

    @property
    def audit_key(self) -> bytes:
        return audit_key(self.settings)

    async def load_calendar_overrides(self) -> None:
        async with self.db.session() as s:
            rows = (await s.execute(select(CalendarOverride.day, CalendarOverride.workday))).all()
        self.calendar.set_overrides({r.day: r.workday for r in rows})


# --------------------------------------------------------------------------- events and audit


STAGE_FIELDS = (
    "received_on",
    "village_due_on",
    "reported_on",
    "finding",
    "village_on_time",
    "town_due_on",
    "reviewed_on",
    "decision",
    "town_on_time",
    "closed_on",
    "outcome",
    "final_outcome",
)


def _stage_fields(alert: Alert) -> dict[str, Any]:
    """The dates and results of each stage, as both the events and the API show them."""
    return {name: getattr(alert, name) for name in STAGE_FIELDS}


def alert_event_data(alert: Alert, **extra: Any) -> dict[str, Any]:
    data = AlertEvent(
        alert_id=str(alert.id),
        external_id=alert.external_id,
        batch_id=alert.batch_id,
        source=alert.source,
        village_code=alert.village_code,
        household_code=alert.household_code,
        household_match=alert.household_match,
        alert_class=alert.alert_class,
        category=alert.category,
        status=alert.status,
        **_stage_fields(alert),
        **extra,
    )
    return data.model_dump(mode="json")


def _audit_event(
    alert_id: str, entry: dict[str, Any], actor: dict[str, Any], correlation_id: str
) -> EventEnvelope:
    payload = AuditEntryRecorded(service=SERVICE, subject_type="alert", subject_id=alert_id, **entry)
    return new_event(
        event_type="audit.entry.recorded",
        source=SERVICE,
        aggregate_type="alert",
        aggregate_id=alert_id,
        data=payload,
        actor=actor,
        correlation_id=correlation_id,
    )


async def record(
    session: AsyncSession,
    alert: Alert,
    *,
    key: bytes,
    actor: dict[str, Any],
    action: str,
    from_status: str | None,
    details: dict[str, Any],
    event_type: str | None,
    event_extra: dict[str, Any] | None = None,
    more_events: Sequence[EventEnvelope] = (),
) -> None:
    """Append the audit entry and stage the alert event, the audit event and any others in the outbox."""
    # read after the alert row is locked (every caller holds it), in a statement of its own
    last = (
        await session.execute(
            select(AuditEntry.seq, AuditEntry.hash)
            .where(AuditEntry.alert_id == alert.id)
            .order_by(AuditEntry.seq.desc())
            .limit(1)
        )
    ).first()
    cached = (last.seq, last.hash) if last else None
    seq, prev = (cached[0] + 1, cached[1]) if cached else (1, GENESIS_HASH)
    at = datetime.now(UTC)
    entry = {
        "seq": seq,
        "at": at,
        "actor": actor,
        "action": action,
        "from_status": from_status,
        "to_status": alert.status,
        "details": details,
        "prev_hash": prev,
    }
    entry["hash"] = entry_hash(
        prev,
        key=key,
        subject_id=str(alert.id),
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=alert.status,
        details=details,
    )
    session.add(AuditEntry(alert_id=alert.id, **entry))
    alert_id = str(alert.id)
    envelopes = [_audit_event(alert_id, entry, actor, alert_id)]
    if event_type:
        envelopes.insert(
            0,
            new_event(
                event_type=event_type,
                source=SERVICE,
                aggregate_type="alert",
                aggregate_id=alert_id,
                data=alert_event_data(alert, **(event_extra or {})),
                actor=actor,
                correlation_id=alert_id,
            ),
        )
    await add_events(session, [*envelopes, *more_events])


# --------------------------------------------------------------------------- intake


@dataclass(frozen=True)
class IdempotentCall:
    """An Idempotency-Key with the caller's scope and the request's fingerprint."""

    scope: str
    key: str
    fingerprint: str


async def intake(
    ctx: AlertsContext,
    *,
    batch: FeedIn,
    actor: dict[str, Any],
    channel: str = "http",
    idempotent: IdempotentCall | None = None,
) -> IntakeResult:
    """Store the valid items of a batch (once), reject the invalid ones with every reason; all or nothing.

    With an Idempotency-Key, looking the key up, taking the batch in and remembering the answer are
    one transaction: a retry racing the first request waits for it and gets its answer.
    """
    today = ctx.today()
    if batch.issued_on > today or batch.issued_on < EARLIEST_DATE:
        raise APIError(
            422,
            "validation_failed",
            "the batch is not valid",
            [
                f"issued_on {batch.issued_on.isoformat()} is in the future"
                if batch.issued_on > today
                else f"issued_on is before {EARLIEST_DATE.isoformat()}"
            ],
        )
    async with ctx.db.transaction() as s:
        if idempotent is not None:
            replayed = await idempotency.replay(
                s, scope=idempotent.scope, key=idempotent.key, fingerprint=idempotent.fingerprint
            )
            if replayed is not None:
                return IntakeResult.model_validate(replayed[1])
        villages = set((await s.scalars(select(ProjVillage.code))).all())
        valid, rejected = validate_items(
            batch.items,
            categories=ctx.settings.alerts_categories,
            known_villages=villages,
            today=today,
            allowed_classes=[c for c in ctx.settings.alerts_categories if c != "internal"],
        )
        inserted = await _insert_alerts(ctx, s, valid, batch=batch, actor=actor) if valid else []
        await s.execute(
            text(
                "INSERT INTO feed_batches (batch_id, source, issued_on, accepted, rejected) "
                "VALUES (:b, :s, :i, :a, :r) ON CONFLICT (batch_id) DO UPDATE SET "
                "last_received_at = now(), times_received = feed_batches.times_received + 1, "
                "accepted = feed_batches.accepted + EXCLUDED.accepted"
            ),
            {
                "b": batch.batch_id,
                "s": batch.source,
                "i": batch.issued_on,
                "a": len(inserted),
                "r": len(rejected),
            },
        )
        if rejected:
            await s.execute(
                text(
                    "INSERT INTO feed_rejects (batch_id, item_index, external_id, channel, errors) "
                    "SELECT :b, * FROM unnest(CAST(:i AS int[]), CAST(:e AS text[]), CAST(:c AS text[]), "
                    "CAST(:x AS jsonb[])) ON CONFLICT DO NOTHING"
                ),
                {
                    "b": batch.batch_id,
                    "i": [r.index for r in rejected],
                    "e": [r.external_id for r in rejected],
                    "c": [channel] * len(rejected),
                    "x": [_json(r.errors) for r in rejected],
                },
            )
        result = IntakeResult(
            batch_id=batch.batch_id,
            accepted=len(inserted),
            duplicates=len(valid) - len(inserted),
            rejected=[
                RejectedOut(index=r.index, external_id=r.external_id, errors=r.errors) for r in rejected
            ],
        )
        if idempotent is not None:
            await idempotency.remember(
                s,
                scope=idempotent.scope,
                key=idempotent.key,
                fingerprint=idempotent.fingerprint,
                status_code=200,
                body=result.model_dump(mode="json"),
            )
    return result


def _json(value: Any) -> str:
    import orjson

    return orjson.dumps(value).decode()


async def _match_households(
    s: AsyncSession, hashes: list[str], codes: list[str]
) -> tuple[dict[str, str], set[str]]:
    """Households of the ID-number hashes, and which household codes the projection knows."""
    by_hash: dict[str, str] = {}
    if hashes:
        rows = await s.execute(
            text(
                "SELECT id_number_hash, household_code FROM proj_members "
                "WHERE id_number_hash = ANY(CAST(:h AS text[]))"
            ),
            {"h": sorted(set(hashes))},
        )
        by_hash = {r.id_number_hash: r.household_code for r in rows}
    known: set[str] = set()
    if codes:
        rows = await s.execute(
            text("SELECT household_code FROM proj_households WHERE household_code = ANY(CAST(:c AS text[]))"),
            {"c": sorted(set(codes))},
        )
        known = {r.household_code for r in rows}
    return by_hash, known


@dataclass(frozen=True)
class Origin:
    """Where alerts come from: a provincial batch (`batch_id` set) or another service (`batch_id` None)."""

    batch_id: str | None
    source: str
    issued_on: date


async def _insert_alerts(
    ctx: AlertsContext,
    s: AsyncSession,
    items: list[ValidItem],
    *,
    batch: FeedIn | Origin,
    actor: dict[str, Any],
) -> list[tuple[uuid.UUID, ValidItem, str | None, str]]:
    hashes = [
        i.id_number_hash or (ctx.cipher.lookup_hash(i.id_number) if i.id_number else None) for i in items
    ]
    by_hash, known_codes = await _match_households(
        s, [h for h in hashes if h], [i.household_code for i in items if i.household_code]
    )
    village_due = sla.village_due_on(ctx.calendar, batch.issued_on, ctx.settings.alerts_village_working_days)
    ids = [uuid.uuid4() for _ in items]
    matched_codes: list[str | None] = []
    matches: list[str] = []
    for item, h in zip(items, hashes, strict=True):
        if h and h in by_hash:
            matched_codes.append(by_hash[h])
            matches.append("matched_by_id_number")
        elif item.household_code and item.household_code in known_codes:
            matched_codes.append(item.household_code)
            matches.append("matched_by_household_code")
        else:
            matched_codes.append(item.household_code)
            matches.append("unmatched")
    rows = (
        await s.execute(
            text(
                "INSERT INTO alerts (id, external_id, batch_id, source, class, category, village_code, household_code, "
                "household_match, id_number_enc, id_number_hash, person_name_enc, person_name_masked, description, "
                "detected_on, received_on, "
                "status, village_due_on) "
                "SELECT u.id, u.external_id, :batch_id, :source, u.class, u.category, u.village_code, u.household_code, "
                "u.household_match, u.enc, u.hash, u.name_enc, u.name_masked, u.description, u.detected_on, :received_on, "
                "'pending_village', :village_due_on FROM unnest(CAST(:id AS uuid[]), CAST(:ext AS text[]), "
                "CAST(:cls AS text[]), CAST(:cat AS text[]), CAST(:vil AS text[]), CAST(:hh AS text[]), "
                "CAST(:match AS text[]), CAST(:enc AS bytea[]), CAST(:hash AS text[]), CAST(:name AS bytea[]), "
                "CAST(:masked AS text[]), "
                "CAST(:descr AS text[]), CAST(:det AS date[])) AS u(id, external_id, class, category, village_code, "
                "household_code, household_match, enc, hash, name_enc, name_masked, description, detected_on) "
                "ON CONFLICT (external_id) DO NOTHING RETURNING id"
            ),
            {
                "batch_id": batch.batch_id,
                "source": batch.source,
                "received_on": batch.issued_on,
                "village_due_on": village_due,
                "id": ids,
                "ext": [i.external_id for i in items],
                "cls": [i.alert_class for i in items],
                "cat": [i.category for i in items],
                "vil": [i.village_code for i in items],
                "hh": matched_codes,
                "match": matches,
                "enc": [
                    ctx.cipher.seal("alerts", "id_number_enc", aid, i.id_number) if i.id_number else None
                    for aid, i in zip(ids, items, strict=True)
                ],
                "hash": hashes,
                "name": [
                    ctx.cipher.seal("alerts", "person_name_enc", aid, i.person_name)
                    if i.person_name
                    else None
                    for aid, i in zip(ids, items, strict=True)
                ],
                "masked": [mask_name(i.person_name) for i in items],
                "descr": [i.description for i in items],
                "det": [i.detected_on for i in items],
            },
        )
    ).all()
    new_ids = {r.id for r in rows}
    inserted = [
        (aid, item, code, m)
        for aid, item, code, m in zip(ids, items, matched_codes, matches, strict=True)
        if aid in new_ids
    ]
    if not inserted:
        return inserted
    at = datetime.now(UTC)
    audit_cols: dict[str, list[Any]] = {k: [] for k in ("alert_id", "hash", "details")}
    outbox: list[dict[str, Any]] = []
    event_ids = new_event_ids(2 * len(inserted))
    at_iso = at.isoformat()
    for aid, item, code, match in inserted:
        alert_id = str(aid)
        details = {
            "batch_id": batch.batch_id,
            "source": batch.source,
            "received_on": batch.issued_on.isoformat(),
            "village_due_on": village_due.isoformat(),
            "household_match": match,
        }
        h = entry_hash(
            GENESIS_HASH,
            key=ctx.audit_key,
            subject_id=alert_id,
            seq=1,
            at=at,
            actor=actor,
            action="received",
            from_status=None,
            to_status=Status.pending_village.value,
            details=details,
        )
        audit_cols["alert_id"].append(aid)
        audit_cols["hash"].append(h)
        audit_cols["details"].append(_json(details))
        data = {
            "alert_id": alert_id,
            "external_id": item.external_id,
            "batch_id": batch.batch_id,
            "source": batch.source,
            "village_code": item.village_code,
            "household_code": code,
            "household_match": match,
            "class": item.alert_class,
            "category": item.category,
            "status": Status.pending_village.value,
            "received_on": batch.issued_on.isoformat(),
            "village_due_on": village_due.isoformat(),
        }
        audit_data = {
            "service": SERVICE,
            "subject_type": "alert",
            "subject_id": alert_id,
            "seq": 1,
            "at": at_iso,
            "actor": actor,
            "action": "received",
            "from_status": None,
            "to_status": Status.pending_village.value,
            "details": details,
            "prev_hash": GENESIS_HASH,
            "hash": h,
        }
        for event_type, topic, payload in (
            ("alerts.alert.received", Topic.ALERTS.value, data),
            ("audit.entry.recorded", Topic.AUDIT.value, audit_data),
        ):
            event_id = event_ids.pop()
            outbox.append(
                {
                    "event_id": event_id,
                    "topic": topic,
                    "key": alert_id,
                    "event_type": event_type,
                    "schema_version": 1,
                    "payload": envelope_bytes(
                        event_id=event_id,
                        event_type=event_type,
                        source=SERVICE,
                        aggregate_type="alert",
                        aggregate_id=alert_id,
                        data=payload,
                        actor=actor,
                        occurred_at=at,
                    ),
                }
            )
    await s.execute(
        text(
            "INSERT INTO audit_entries (alert_id, seq, at, actor, action, from_status, to_status, details, "
            "prev_hash, hash) SELECT u.alert_id, 1, :at, CAST(:actor AS jsonb), 'received', NULL, 'pending_village', "
            "u.details, :prev, u.hash FROM unnest(CAST(:ids AS uuid[]), CAST(:hashes AS text[]), "
            "CAST(:details AS jsonb[])) AS u(alert_id, hash, details)"
        ),
        {
            "at": at,
            "actor": _json(actor),
            "prev": GENESIS_HASH,
            "ids": audit_cols["alert_id"],
            "hashes": audit_cols["hash"],
            "details": audit_cols["details"],
        },
    )
    await add_rows(s, outbox)
    return inserted


async def raise_internal(
    ctx: AlertsContext,
    s: AsyncSession,
    *,
    external_id: str,
    source: str,
    category: str,
    village_code: str,
    household_code: str | None,
    id_number_hash: str | None,
    description: str,
    detected_on: date,
    actor: dict[str, Any],
) -> bool:
    """An internal alert raised by another service's event (class `internal`); once per `external_id`."""
    allowed = ctx.settings.alerts_categories.get("internal", [])
    if category not in allowed:
        raise ValueError(f"internal category {category!r} is not configured (alerts_categories.internal)")
    item = ValidItem(
        index=0,
        external_id=external_id,
        alert_class="internal",
        category=category,
        village_code=village_code,
        household_code=household_code,
        id_number=None,
        person_name=None,
        description=description,
        detected_on=detected_on,
        id_number_hash=id_number_hash,
    )
    origin = Origin(batch_id=None, source=source, issued_on=min(detected_on, ctx.today()))
    return bool(await _insert_alerts(ctx, s, [item], batch=origin, actor=actor))


# --------------------------------------------------------------------------- transitions


_Q = TypeVar("_Q", bound=Select[*tuple[Any, ...]])


def _scoped(query: _Q, principal: Principal) -> _Q:
    """Object-level scope in the query itself: a village cadre sees only its villages."""
    if principal.village_scoped:
        return query.where(Alert.village_code.in_(sorted(principal.villages)))
    return query


async def _load_for_update(s: AsyncSession, alert_id: uuid.UUID, principal: Principal) -> Alert:
    """Lock the alert, then read its audit chain's head in a statement of its own.

    The head must not be read by the locking statement itself: under READ COMMITTED a request that
    waited for the lock re-reads the alert row but keeps the statement's old snapshot for anything
    else, so it would see the previous head and write a duplicate `seq` (issue 11, hole 5). The
    second statement takes a fresh snapshot, after the lock holder committed.
    """
    alert = (
        await s.scalars(
            _scoped(select(Alert).where(Alert.id == alert_id), principal).with_for_update(of=Alert)
        )
    ).first()
    if alert is None:
        raise not_found("alert")
    return alert


def _advance(alert: Alert, action: Action) -> Status:
    try:
        return next_status(Status(alert.status), action)
    except IllegalTransition as exc:
        raise APIError(
            409,
            "illegal_transition",
            str(exc),
            [
                {
                    "current_status": alert.status,
                    "allowed_actions": [a.value for a in allowed_actions(Status(alert.status))],
                }
            ],
        ) from exc


def _invalid(errors: list[str]) -> APIError:
    return APIError(422, "validation_failed", "the request is not valid", errors)


Mutation = Callable[[AsyncSession, Alert, date], "Any"]


async def _transition(
    ctx: AlertsContext,
    *,
    alert_id: uuid.UUID,
    principal: Principal,
    idem_key: str | None,
    route: str,
    body: dict[str, Any],
    mutate: Mutation,
) -> tuple[int, dict[str, Any]]:
    scope = f"{route}:{alert_id}:{principal.sub}"
    fingerprint = idempotency.request_fingerprint(body)
    async with ctx.db.transaction() as s:
        replayed = await idempotency.replay(s, scope=scope, key=idem_key, fingerprint=fingerprint)
        if replayed is not None:
            return replayed
        alert = await _load_for_update(s, alert_id, principal)
        await mutate(s, alert, ctx.today())
        out = alert_out(ctx, alert, principal).model_dump(mode="json")
        await idempotency.remember(
            s, scope=scope, key=idem_key, fingerprint=fingerprint, status_code=200, body=out
        )
    return 200, out


async def verify(
    ctx: AlertsContext,
    *,
    alert_id: uuid.UUID,
    principal: Principal,
    cmd: VerificationIn,
    idem_key: str | None = None,
) -> tuple[int, dict[str, Any]]:
    """The village reports its home-visit finding (上门核实)."""

    async def mutate(s: AsyncSession, alert: Alert, today: date) -> None:
        new = _advance(alert, Action.verify)
        reported_on = cmd.reported_on or today
        errors = effective_date_errors(
            "visited_on",
            cmd.visited_on,
            today=today,
            not_before=alert.received_on,
            before_label="the alert's receipt on",
        )
        errors += effective_date_errors(
            "reported_on",
            reported_on,
            today=today,
            not_before=max(cmd.visited_on, alert.received_on),
            before_label="the visit or receipt on",
        )
        if errors:
            raise _invalid(errors)
        from_status = alert.status
        alert.status = new.value
        alert.reported_on = reported_on
        alert.finding = cmd.finding.value
        alert.village_on_time = sla.on_time(reported_on, alert.village_due_on)
        alert.verification = cmd.model_dump(mode="json")
        alert.town_due_on = sla.town_due_on(ctx.calendar, reported_on, ctx.settings.alerts_town_working_days)
        alert.overdue, alert.overdue_stage = False, None
        alert.updated_at = datetime.now(UTC)
        await record(
            s,
            alert,
            key=ctx.audit_key,
            actor=principal.actor(),
            action="verified",
            from_status=from_status,
            details={
                **cmd.model_dump(mode="json"),
                "reported_on": reported_on.isoformat(),
                "village_on_time": alert.village_on_time,
                "town_due_on": alert.town_due_on.isoformat(),
            },
            event_type="alerts.alert.verified",
        )

    return await _transition(
        ctx,
        alert_id=alert_id,
        principal=principal,
        idem_key=idem_key,
        route="verification",
        body=cmd.model_dump(mode="json"),
        mutate=mutate,
    )


async def review(
    ctx: AlertsContext,
    *,
    alert_id: uuid.UUID,
    principal: Principal,
    cmd: ReviewIn,
    idem_key: str | None = None,
) -> tuple[int, dict[str, Any]]:
    """The town reviews the village's finding: approve, or return it to the village."""

    async def mutate(s: AsyncSession, alert: Alert, today: date) -> None:
        new = _advance(alert, Action.approve if cmd.decision == "approve" else Action.return_)
        reviewed_on = cmd.reviewed_on or today
        assert alert.reported_on is not None and alert.town_due_on is not None
        errors = review_errors(
            ReviewInput(
                cmd.decision,
                reviewed_on,
                cmd.revisit is not None,
                cmd.revisit.visited_on if cmd.revisit else None,
            ),
            finding=alert.finding,
            reported_on=alert.reported_on,
            today=today,
        )
        if errors:
            raise _invalid(errors)
        from_status = alert.status
        alert.status = new.value
        alert.town_on_time = sla.on_time(reviewed_on, alert.town_due_on)
        details: dict[str, Any] = {
            **cmd.model_dump(mode="json"),
            "reviewed_on": reviewed_on.isoformat(),
            "town_on_time": alert.town_on_time,
        }
        if cmd.decision == "return":
            alert.return_count += 1
            alert.village_due_on = sla.village_due_on(
                ctx.calendar, reviewed_on, ctx.settings.alerts_village_working_days
            )
            alert.reported_on = alert.finding = alert.village_on_time = alert.town_due_on = None
            alert.verification = None
            details["village_due_on"] = alert.village_due_on.isoformat()
            event_type = "alerts.alert.returned"
        else:
            alert.reviewed_on = reviewed_on
            alert.decision = cmd.decision
            alert.review = cmd.model_dump(mode="json")
            event_type = "alerts.alert.reviewed"
        alert.overdue, alert.overdue_stage = False, None
        alert.updated_at = datetime.now(UTC)
        await record(
            s,
            alert,
            key=ctx.audit_key,
            actor=principal.actor(),
            action="returned" if cmd.decision == "return" else "reviewed",
            from_status=from_status,
            details=details,
            event_type=event_type,
        )

    return await _transition(
        ctx,
        alert_id=alert_id,
        principal=principal,
        idem_key=idem_key,
        route="review",
        body=cmd.model_dump(mode="json"),
        mutate=mutate,
    )


def _outcome_event(alert: Alert, notes: str | None, actor: dict[str, Any]) -> EventEnvelope:
    assert alert.closed_on is not None and alert.final_outcome is not None
    data = OutcomeReported(
        batch_id=alert.batch_id,
        external_id=alert.external_id,
        alert_id=str(alert.id),
        village_code=alert.village_code,
        alert_class=alert.alert_class,
        category=alert.category,
        outcome=alert.final_outcome,
        closed_on=alert.closed_on,
        remediation=alert.remediation,
        notes=notes,
    )
    return new_event(
        event_type="alerts.outcome.reported",
        source=SERVICE,
        aggregate_type="alert",
        aggregate_id=str(alert.id),
        data=data,
        actor=actor,
        correlation_id=str(alert.id),
    )


def _reports_to_province(alert: Alert) -> bool:
    return alert.batch_id is not None


async def close_out(
    ctx: AlertsContext,
    *,
    alert_id: uuid.UUID,
    principal: Principal,
    cmd: CloseOutIn,
    idem_key: str | None = None,
) -> tuple[int, dict[str, Any]]:
    """The town closes the alert (销号); a confirmed risk waits in `closing` for the households answer."""

    async def mutate(s: AsyncSession, alert: Alert, today: date) -> None:
        new = _advance(alert, action_for_close_out(cmd.outcome.value))
        closed_on = cmd.closed_on or today
        assert alert.reviewed_on is not None
        errors = close_out_errors(
            outcome=cmd.outcome.value,
            remediation=cmd.remediation,
            alert_class=alert.alert_class,
            closed_on=closed_on,
            reviewed_on=alert.reviewed_on,
            today=today,
        )
        if errors:
            raise _invalid(errors)
        from_status = alert.status
        alert.status = new.value
        alert.outcome = cmd.outcome.value
        alert.remediation = cmd.remediation
        alert.close_out = cmd.model_dump(mode="json")
        alert.closed_on = closed_on
        alert.updated_at = datetime.now(UTC)
        details = {**cmd.model_dump(mode="json"), "closed_on": closed_on.isoformat()}
        if new is Status.closing:
            await record(
                s,
                alert,
                key=ctx.audit_key,
                actor=principal.actor(),
                action="risk_confirmed",
                from_status=from_status,
                details=details,
                event_type="alerts.alert.risk_confirmed",
            )
            return
        alert.final_outcome = (
            FinalOutcome.policy_fixed if cmd.outcome is Outcome.policy_fixed else FinalOutcome.no_risk
        ).value
        extra = [_outcome_event(alert, cmd.notes, principal.actor())] if _reports_to_province(alert) else []
        await record(
            s,
            alert,
            key=ctx.audit_key,
            actor=principal.actor(),
            action="closed",
            from_status=from_status,
            details={**details, "final_outcome": alert.final_outcome},
            event_type="alerts.alert.closed",
            more_events=extra,
        )

    return await _transition(
        ctx,
        alert_id=alert_id,
        principal=principal,
        idem_key=idem_key,
        route="close-out",
        body=cmd.model_dump(mode="json"),
        mutate=mutate,
    )


async def settle_risk(
    s: AsyncSession, *, key: bytes, alert_id: str, enrolled: bool, answer: dict[str, Any], causation_id: str
) -> bool:
    """Close a `closing` alert from the households service's answer; False when there is nothing to settle."""
    try:
        aid = uuid.UUID(alert_id)
    except ValueError:
        return False
    alert = (await s.scalars(select(Alert).where(Alert.id == aid).with_for_update())).first()
    if alert is None or alert.status != Status.closing.value:
        log.info("risk_answer_ignored", alert_id=alert_id, status=alert.status if alert else None)
        return False
    from_status = alert.status
    alert.status = next_status(Status.closing, Action.settle).value
    alert.final_outcome = (
        FinalOutcome.risk_enrolled if enrolled else FinalOutcome.risk_already_monitored
    ).value
    alert.updated_at = datetime.now(UTC)
    notes = alert.close_out.get("notes") if alert.close_out else None
    extra = [_outcome_event(alert, notes, SYSTEM_SAGA)] if _reports_to_province(alert) else []
    await record(
        s,
        alert,
        key=key,
        actor=SYSTEM_SAGA,
        action="closed",
        from_status=from_status,
        details={
            "final_outcome": alert.final_outcome,
            "households_answer": answer,
            "answer_event_id": causation_id,
        },
        event_type="alerts.alert.closed",
        more_events=extra,
    )
    return True


# --------------------------------------------------------------------------- SLA sweeper


async def sweep_overdue(ctx: AlertsContext, *, today: date | None = None, batch: int = 500) -> int:
    """Mark every open stage past its due date overdue, once per stage, with its event."""
    as_of = today or ctx.today()
    total = 0
    while True:
        async with ctx.db.transaction() as s:
            alerts = (
                await s.scalars(
                    select(Alert)
                    .where(
                        Alert.overdue.is_(False),
                        or_(
                            and_(Alert.status == Status.pending_village.value, Alert.village_due_on < as_of),
                            and_(Alert.status == Status.village_verified.value, Alert.town_due_on < as_of),
                        ),
                    )
                    .order_by(Alert.id)
                    .limit(batch)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            for alert in alerts:
                stage = STAGE_OF[Status(alert.status)]
                due_on = alert.village_due_on if stage == "village" else alert.town_due_on
                alert.overdue, alert.overdue_stage = True, stage
                await record(
                    s,
                    alert,
                    key=ctx.audit_key,
                    actor=SYSTEM_SWEEPER,
                    action="overdue",
                    from_status=alert.status,
                    details={
                        "stage": stage,
                        "due_on": due_on.isoformat() if due_on else None,
                        "as_of": as_of.isoformat(),
                    },
                    event_type="alerts.alert.overdue",
                    event_extra={"overdue_stage": stage, "due_on": due_on},
                )
        total += len(alerts)
        if len(alerts) < batch:
            return total


# --------------------------------------------------------------------------- reads


def alert_out(
    ctx: AlertsContext,
    alert: Alert,
    principal: Principal,
    *,
    reveal: bool = False,
    timeline: list[TimelineEntry] | None = None,
) -> AlertOut:
    opened = ctx.cipher.open
    id_number = (
        opened("alerts", "id_number_enc", alert.id, alert.id_number_enc) if alert.id_number_enc else None
    )
    return AlertOut(
        id=str(alert.id),
        external_id=alert.external_id,
        batch_id=alert.batch_id,
        source=alert.source,
        alert_class=alert.alert_class,
        category=alert.category,
        village_code=alert.village_code,
        household_code=alert.household_code,
        household_match=alert.household_match,
        id_number=id_number if reveal else mask_id_number(id_number),
        person_name=(
            opened("alerts", "person_name_enc", alert.id, alert.person_name_enc)
            if reveal and alert.person_name_enc
            else alert.person_name_masked
        ),
        description=alert.description,
        detected_on=alert.detected_on,
        status=alert.status,
        **_stage_fields(alert),
        remediation=alert.remediation,
        overdue=alert.overdue,
        overdue_stage=alert.overdue_stage,
        return_count=alert.return_count,
        allowed_actions=[a.value for a in allowed_actions(Status(alert.status))],
        timeline=timeline,
    )


def encode_cursor(created_at: datetime, alert_id: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(f"{created_at.isoformat()}|{alert_id}".encode()).decode()


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        created, _, aid = base64.urlsafe_b64decode(cursor.encode()).decode().partition("|")
        return datetime.fromisoformat(created), uuid.UUID(aid)
    except (ValueError, UnicodeDecodeError) as exc:
        raise APIError(400, "bad_request", "cursor is not valid", ["cursor"]) from exc


@dataclass(frozen=True)
class AlertFilters:
    status: str | None = None
    village_code: str | None = None
    category: str | None = None
    alert_class: str | None = None
    overdue: bool | None = None
    batch_id: str | None = None
    final_outcome: str | None = None
    household_match: str | None = None


async def list_alerts(
    ctx: AlertsContext, *, principal: Principal, filters: AlertFilters, limit: int, cursor: str | None
) -> tuple[list[AlertOut], str | None]:
    q = _scoped(select(Alert), principal)
    for column, value in (
        (Alert.status, filters.status),
        (Alert.village_code, filters.village_code),
        (Alert.category, filters.category),
        (Alert.alert_class, filters.alert_class),
        (Alert.overdue, filters.overdue),
        (Alert.batch_id, filters.batch_id),
        (Alert.final_outcome, filters.final_outcome),
        (Alert.household_match, filters.household_match),
    ):
        if value is not None:
            q = q.where(column == value)
    if cursor:
        created, aid = decode_cursor(cursor)
        q = q.where(or_(Alert.created_at > created, and_(Alert.created_at == created, Alert.id > aid)))
    q = q.order_by(Alert.created_at, Alert.id).limit(limit + 1)
    async with ctx.db.session() as s:
        rows = list((await s.scalars(q)).all())
    next_cursor = encode_cursor(rows[limit - 1].created_at, rows[limit - 1].id) if len(rows) > limit else None
    return [alert_out(ctx, a, principal) for a in rows[:limit]], next_cursor


async def alert_summary(
    ctx: AlertsContext, *, principal: Principal, batch_prefix: str | None = None
) -> dict[str, Any]:
    """Counts by class and category, by status and by final outcome, in the caller's scope."""
    q = _scoped(
        select(Alert.alert_class, Alert.category, Alert.status, Alert.final_outcome, func.count().label("n")),
        principal,
    )
    if batch_prefix:
        q = q.where(Alert.batch_id.startswith(batch_prefix))
    q = q.group_by(Alert.alert_class, Alert.category, Alert.status, Alert.final_outcome)
    async with ctx.db.session() as s:
        rows = (await s.execute(q)).all()
    by_category: dict[str, dict[str, int]] = {}
    by_status: dict[str, int] = {}
    by_outcome: dict[str, int] = {}
    total = 0
    for r in rows:
        by_category.setdefault(r.alert_class, {})
        by_category[r.alert_class][r.category] = by_category[r.alert_class].get(r.category, 0) + r.n
        by_status[r.status] = by_status.get(r.status, 0) + r.n
        if r.final_outcome:
            by_outcome[r.final_outcome] = by_outcome.get(r.final_outcome, 0) + r.n
        total += r.n
    return {
        "total": total,
        "by_category": by_category,
        "by_status": by_status,
        "by_final_outcome": by_outcome,
    }


async def _timeline(s: AsyncSession, alert_id: uuid.UUID) -> list[AuditEntry]:
    return list(
        (
            await s.scalars(
                select(AuditEntry).where(AuditEntry.alert_id == alert_id).order_by(AuditEntry.seq)
            )
        ).all()
    )


async def get_alert(
    ctx: AlertsContext, *, alert_id: uuid.UUID, principal: Principal, reveal: bool = False
) -> AlertOut:
    if reveal and principal.role is not Role.auditor:
        raise APIError(403, "forbidden", "only an auditor may reveal personal data")
    async with ctx.db.transaction() as s:
        q = _scoped(select(Alert).where(Alert.id == alert_id), principal)
        if reveal:
            q = q.with_for_update()
        alert = (await s.scalars(q)).first()
        if alert is None:
            raise not_found("alert")
        if reveal:
            # every read of unmasked personal data is itself audited
            await record(
                s,
                alert,
                key=ctx.audit_key,
                actor=principal.actor(),
                action="pii_revealed",
                from_status=alert.status,
                details={"fields": ["id_number", "person_name"]},
                event_type=None,
            )
        entries = await _timeline(s, alert_id)
    timeline = [
        TimelineEntry(
            seq=e.seq,
            at=e.at,
            action=e.action,
            actor=e.actor,
            from_status=e.from_status,
            to_status=e.to_status,
            details=e.details,
        )
        for e in entries
    ]
    return alert_out(ctx, alert, principal, reveal=reveal, timeline=timeline)


async def get_audit(
    ctx: AlertsContext, *, alert_id: uuid.UUID, principal: Principal, verify: bool
) -> AuditOut:
    async with ctx.db.session() as s:
        alert = (await s.scalars(_scoped(select(Alert).where(Alert.id == alert_id), principal))).first()
        if alert is None:
            raise not_found("alert")
        entries = await _timeline(s, alert_id)
    out = AuditOut(
        alert_id=str(alert_id),
        entries=[
            AuditEntryOut(
                seq=e.seq,
                at=e.at,
                actor=e.actor,
                action=e.action,
                from_status=e.from_status,
                to_status=e.to_status,
                details=e.details,
                prev_hash=e.prev_hash,
                hash=e.hash,
            )
            for e in entries
        ],
    )
    if verify:
        brk = verify_chain(str(alert_id), [e.model_dump() for e in out.entries], key=ctx.audit_key)
        out.verified = brk is None
        out.first_break = ChainBreakOut(seq=brk.seq, reason=brk.reason) if brk else None
    return out


async def list_reveals(ctx: AlertsContext, *, limit: int, cursor: str | None, verify: bool) -> dict[str, Any]:
    """Every audited reveal of an alert's personal data, oldest first, as `GET /v1/audit/reveals`
    answers in every service; with `verify`, the chain of each alert on the page is checked."""
    after = 0
    if cursor:
        try:
            after = int(base64.urlsafe_b64decode(cursor.encode()).decode())
        except ValueError as exc:
            raise APIError(400, "bad_request", "cursor is not valid") from exc
    async with ctx.db.session() as s:
        rows = (
            await s.scalars(
                select(AuditEntry)
                .where(AuditEntry.action == "pii_revealed", AuditEntry.id > after)
                .order_by(AuditEntry.id)
                .limit(limit + 1)
            )
        ).all()
        page = rows[:limit]
        out: dict[str, Any] = {
            "items": [
                {
                    "subject_type": "alert",
                    "subject_id": str(e.alert_id),
                    "seq": e.seq,
                    "at": e.at,
                    "actor": e.actor,
                    "action": e.action,
                    "details": e.details,
                    "hash": e.hash,
                }
                for e in page
            ],
            "next_cursor": base64.urlsafe_b64encode(str(page[-1].id).encode()).decode()
            if len(rows) > limit
            else None,
        }
        if verify:
            broken = {}
            for alert_id in sorted({e.alert_id for e in page}):
                entries = await _timeline(s, alert_id)
                brk = verify_chain(
                    str(alert_id),
                    [{k: getattr(e, k) for k in (*AUDIT_FIELDS, "prev_hash", "hash")} for e in entries],
                    key=ctx.audit_key,
                )
                if brk:
                    broken[f"alert:{alert_id}"] = {"seq": brk.seq, "reason": brk.reason}
            out["verified"], out["broken"] = not broken, broken
    return out


AUDIT_FIELDS = ("seq", "at", "actor", "action", "from_status", "to_status", "details")


async def outcomes(ctx: AlertsContext, *, batch_id: str | None) -> list[OutcomeOut]:
    q = select(Alert).where(Alert.status == Status.closed.value, Alert.batch_id.is_not(None))
    if batch_id:
        q = q.where(Alert.batch_id == batch_id)
    async with ctx.db.session() as s:
        rows = (await s.scalars(q.order_by(Alert.batch_id, Alert.external_id))).all()
    return [
        OutcomeOut(
            batch_id=a.batch_id,
            external_id=a.external_id,
            alert_id=str(a.id),
            village_code=a.village_code,
            alert_class=a.alert_class,
            category=a.category,
            outcome=a.final_outcome or "",
            closed_on=a.closed_on or a.updated_at.date(),
            remediation=a.remediation,
            notes=(a.close_out or {}).get("notes"),
        )
        for a in rows
    ]


async def known_villages(ctx: AlertsContext) -> list[dict[str, str]]:
    async with ctx.db.session() as s:
        rows = (await s.scalars(select(ProjVillage).order_by(ProjVillage.code))).all()
    return [{"code": v.code, "name": v.name, "kind": v.kind} for v in rows]


async def feed_status(ctx: AlertsContext, *, batch_id: str) -> dict[str, Any]:
    async with ctx.db.session() as s:
        batch = (
            await s.execute(text("SELECT * FROM feed_batches WHERE batch_id = :b"), {"b": batch_id})
        ).first()
        if batch is None:
            raise not_found("batch")
        rejects = (
            await s.execute(
                text(
                    "SELECT item_index, external_id, channel, errors FROM feed_rejects WHERE batch_id = :b "
                    "ORDER BY item_index"
                ),
                {"b": batch_id},
            )
        ).all()
    return {
        "batch_id": batch.batch_id,
        "source": batch.source,
        "issued_on": batch.issued_on.isoformat(),
        "times_received": batch.times_received,
        "accepted": batch.accepted,
        "rejected": [
            {"index": r.item_index, "external_id": r.external_id, "channel": r.channel, "errors": r.errors}
            for r in rejects
        ],
    }


async def set_calendar_override(
    ctx: AlertsContext, *, day: date, workday: bool, note: str | None, principal: Principal
) -> None:
    async with ctx.db.transaction() as s:
        await s.execute(
            text(
                "INSERT INTO calendar_overrides (day, workday, note, set_by) VALUES (:d, :w, :n, :b) "
                "ON CONFLICT (day) DO UPDATE SET workday = EXCLUDED.workday, note = EXCLUDED.note, "
                "set_by = EXCLUDED.set_by, set_at = now()"
            ),
            {"d": day, "w": workday, "n": note, "b": principal.sub},
        )
    await ctx.load_calendar_overrides()


async def delete_calendar_override(ctx: AlertsContext, *, day: date) -> None:
    async with ctx.db.transaction() as s:
        await s.execute(text("DELETE FROM calendar_overrides WHERE day = :d"), {"d": day})
    await ctx.load_calendar_overrides()
