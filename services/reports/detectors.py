"""The problem detectors: each reads only the read models (so a rebuild from the topics finds the same
problems) and returns its findings with the records behind each.

- 雨露计划 errors and omissions (错报、漏报): a vocational student of an eligible household with no
  subsidy in a semester that has started; a 雨露计划 subsidy to a member who is not a vocational
  student or whose household is not eligible.
- Loans: borrowers late on a due date, and dues that fell overdue without a reminder sent before them.
- Measures that do not address the monitored household's risk (针对性不强), or no measure at all.
- Helpers who missed a monthly visit or a quarterly income record.
- Alerts closed without the required revisit (risk found) or remediation (policy fixed): detect_closeouts.py.
- 应纳未纳 (detect_enrolment.py): a household under the monitoring line that is not a monitoring object.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.assistance import MEASURES_FOR_RISK, addresses
from services.common.i18n import Text, label
from services.common.scope import villages_clause
from services.reports.findings import (
    ASSISTED,
    DUE_ZH,
    MEASURE_ZH,
    SEMESTER_ZH,
    STAGE_ZH,
    Finding,
    joined,
    json_list,
    months_due,
    quarters_due,
    semesters_started,
)


async def rain_and_dew(s: AsyncSession, year: int, as_of: date, villages: list[str] | None) -> list[Finding]:
    params = {"y": year, "villages": villages or []}
    subsidies = (
        await s.execute(
            text(
                "SELECT f.record_id, f.member_id, f.household_code, f.village_code, f.semester, f.amount, "
                "(SELECT st.education_stage FROM jsonb_to_recordset(h.students) AS st(member_id text, "
                " education_stage text) WHERE st.member_id = f.member_id LIMIT 1) AS education_stage, "
                "h.alleviated, h.monitoring_status, (h.household_code IS NOT NULL) AS known "
                "FROM rm_facts f LEFT JOIN rm_households h ON h.household_code = f.household_code "
                "WHERE f.kind = 'subsidy_recorded' AND f.level = 'rain_and_dew' AND f.year = :y"
                f"{villages_clause('f.village_code', villages)} ORDER BY f.household_code, f.member_id, f.semester"
            ),
            params,
        )
    ).all()
    findings: list[Finding] = []
    paid: dict[str, dict[str, str]] = defaultdict(dict)  # member → semester → record id
    for r in subsidies:
        if r.member_id:
            paid[r.member_id][r.semester] = r.record_id
        reasons: list[Text] = []
        if r.education_stage != "vocational":
            reasons.append(
                Text(
                    "the member is not in vocational education"
                    + (
                        f" (registry stage: {r.education_stage})"
                        if r.education_stage
                        else " (no school stage)"
                    ),
                    "该成员不在中高职就读"
                    + (
                        f"（登记学段：{STAGE_ZH.get(r.education_stage, r.education_stage)}）"
                        if r.education_stage
                        else "（未登记学段）"
                    ),
                )
            )
        if r.known and not (r.alleviated or r.monitoring_status):
            reasons.append(
                Text("the household is neither alleviated nor monitored", "该户既不是脱贫户也不是监测对象")
            )
        if reasons:
            findings.append(
                Finding(
                    "rain_and_dew_wrong_entry",
                    r.village_code,
                    f"member {r.member_id}",
                    joined(reasons),
                    {
                        "household_code": r.household_code,
                        "member_id": r.member_id,
                        "subsidy": {
                            "record_id": r.record_id,
                            "year": year,
                            "semester": r.semester,
                            "amount": str(r.amount),
                        },
                        "education_stage": r.education_stage,
                        "alleviated": r.alleviated,
                        "monitoring_status": r.monitoring_status,
                    },
                )
            )
    semesters = semesters_started(year, as_of)
    if semesters:
        students = (
            await s.execute(
                text(
                    "SELECT st.member_id, h.household_code, h.village_code, h.alleviated, h.monitoring_status "
                    "FROM rm_households h, jsonb_to_recordset(h.students) AS st(member_id text, education_stage text) "
                    f"WHERE st.education_stage = 'vocational' AND {ASSISTED}{villages_clause('h.village_code', villages)} "
                    "ORDER BY h.household_code, st.member_id"
                ),
                params,
            )
        ).all()
        for st in students:
            missing = [sem for sem in semesters if sem not in paid.get(st.member_id, {})]
            if missing:
                findings.append(
                    Finding(
                        "rain_and_dew_omission",
                        st.village_code,
                        f"member {st.member_id}",
                        Text(
                            f"no 雨露计划 subsidy for {year} {', '.join(missing)}",
                            f"{year}年{'、'.join(SEMESTER_ZH[m] for m in missing)}未发放雨露计划补助",
                        ),
                        {
                            "household_code": st.household_code,
                            "member_id": st.member_id,
                            "education_stage": "vocational",
                            "alleviated": st.alleviated,
                            "monitoring_status": st.monitoring_status,
                            "semesters_missing": missing,
                            "subsidies_recorded": [
                                {"semester": sem, "record_id": rid}
                                for sem, rid in sorted(paid.get(st.member_id, {}).items())
                            ],
                        },
                    )
                )
    return findings


async def loans(s: AsyncSession, year: int, as_of: date, villages: list[str] | None) -> list[Finding]:
    rows = (
        await s.execute(
            text(
                "SELECT n.notice_id, n.loan_id, n.village_code, n.due_kind, n.due_on, n.notice_on, n.cleared_on, "
                "l.household_code, l.principal, "
                "COALESCE((SELECT json_agg(json_build_object('reminder_id', r.notice_id, 'sent_on', r.notice_on, "
                " 'days_before', r.days_before) ORDER BY r.notice_on) FROM rm_loan_notices r "
                " WHERE r.kind = 'reminder' AND r.loan_id = n.loan_id AND r.due_kind = n.due_kind "
                " AND r.due_on = n.due_on), '[]') AS reminders "
                "FROM rm_loan_notices n LEFT JOIN rm_loans l ON l.loan_id = n.loan_id "
                "WHERE n.kind = 'overdue' AND n.notice_on <= LEAST(CAST(:as_of AS date), CAST(:end AS date)) "
                "AND (n.cleared_on IS NULL OR n.cleared_on >= :start)"
                f"{villages_clause('n.village_code', villages)} ORDER BY n.due_on, n.loan_id"
            ),
            {
                "as_of": as_of,
                "start": date(year, 1, 1),
                "end": date(year, 12, 31),
                "villages": villages or [],
            },
        )
    ).all()
    findings: list[Finding] = []
    for r in rows:
        reminders = json_list(r.reminders)
        until = r.cleared_on or as_of
        episode = {
            "episode_id": r.notice_id,
            "loan_id": r.loan_id,
            "household_code": r.household_code,
            "principal": str(r.principal) if r.principal is not None else None,
            "due_kind": r.due_kind,
            "due_on": r.due_on.isoformat(),
            "overdue_since": r.notice_on.isoformat(),
            "cleared_on": r.cleared_on.isoformat() if r.cleared_on else None,
            "days_late": (until - r.due_on).days,
        }
        findings.append(
            Finding(
                "loan_late_repayment",
                r.village_code,
                f"loan {r.loan_id}",
                Text(
                    f"{r.due_kind} due {r.due_on.isoformat()} "
                    + (f"paid {episode['days_late']} days late" if r.cleared_on else "still unpaid")
                    + f" (as of {as_of.isoformat()})",
                    f"{r.due_on.isoformat()}到期的{DUE_ZH.get(r.due_kind, r.due_kind)}"
                    + (f"逾期{episode['days_late']}天才归还" if r.cleared_on else "至今未还")
                    + f"（截至{as_of.isoformat()}）",
                ),
                episode,
            )
        )
        in_time = [x for x in reminders if date.fromisoformat(x["sent_on"]) < r.due_on]
        if not in_time:
            findings.append(
                Finding(
                    "loan_reminder_not_delivered",
                    r.village_code,
                    f"loan {r.loan_id}",
                    Text(
                        f"no reminder was sent before the {r.due_kind} due {r.due_on.isoformat()}"
                        + (f" ({len(reminders)} sent on or after it)" if reminders else ""),
                        f"{r.due_on.isoformat()}到期的{DUE_ZH.get(r.due_kind, r.due_kind)}到期前未发送提醒"
                        + (f"（到期当日或之后发送{len(reminders)}次）" if reminders else ""),
                    ),
                    {**episode, "reminders": reminders},
                )
            )
    return findings


async def measures(s: AsyncSession, year: int, as_of: date, villages: list[str] | None) -> list[Finding]:
    rows = (
        await s.execute(
            text(
                "SELECT h.household_code, h.village_code, h.monitoring_type, h.risk_category, "
                "h.monitoring_identified_on, COALESCE((SELECT json_agg(json_build_object('record_id', f.record_id, "
                " 'kind', f.category, 'start_on', f.fact_on) ORDER BY f.fact_on, f.record_id) FROM rm_facts f "
                " WHERE f.household_code = h.household_code AND f.kind = 'measure_added' "
                " AND (f.fact_on IS NULL OR f.fact_on <= :as_of)), '[]') AS measures "
                "FROM rm_households h WHERE h.monitoring_status = 'monitoring' "
                "AND (h.monitoring_identified_on IS NULL OR h.monitoring_identified_on <= :as_of)"
                f"{villages_clause('h.village_code', villages)} ORDER BY h.household_code"
            ),
            {"as_of": as_of, "villages": villages or []},
        )
    ).all()
    findings: list[Finding] = []
    for r in rows:
        recorded = json_list(r.measures)
        kinds = {m["kind"] for m in recorded if m.get("kind")}
        if kinds and addresses(r.risk_category, kinds):
            continue
        wanted = sorted(MEASURES_FOR_RISK.get(r.risk_category or "other", MEASURES_FOR_RISK["other"]))
        findings.append(
            Finding(
                "measures_not_targeted",
                r.village_code,
                f"household {r.household_code}",
                (
                    Text(
                        f"risk {r.risk_category or 'unknown'}: measures {', '.join(sorted(kinds))} do not address it",
                        f"风险类别“{label(r.risk_category or '未知')}”：已落实的措施（{'、'.join(MEASURE_ZH.get(k, k) for k in sorted(kinds))}）"
                        "针对性不强",
                    )
                    if kinds
                    else Text(
                        f"risk {r.risk_category or 'unknown'}: no assistance measure recorded",
                        f"风险类别“{label(r.risk_category or '未知')}”：未登记任何帮扶措施",
                    )
                ),
                {
                    "household_code": r.household_code,
                    "monitoring_type": r.monitoring_type,
                    "risk_category": r.risk_category,
                    "identified_on": r.monitoring_identified_on.isoformat()
                    if r.monitoring_identified_on
                    else None,
                    "measures": recorded,
                    "measures_that_address_it": [str(k) for k in wanted],
                },
            )
        )
    return findings


async def helpers(s: AsyncSession, year: int, as_of: date, villages: list[str] | None) -> list[Finding]:
    """Monthly visits and quarterly income records of every assisted household with a helper."""
    rows = (
        await s.execute(
            text(
                "SELECT h.household_code, h.village_code, p.helper_id, p.fact_on AS since, "
                "COALESCE((SELECT array_agg(DISTINCT CAST(extract(month FROM v.fact_on) AS int)) FROM rm_facts v "
                " WHERE v.household_code = h.household_code AND v.kind = 'visit_recorded' "
                " AND v.fact_on BETWEEN :start AND :as_of), '{}') AS visited_months, "
                "COALESCE((SELECT array_agg(DISTINCT i.quarter) FROM rm_facts i "
                " WHERE i.household_code = h.household_code AND i.kind = 'income_recorded' AND i.year = :y), "
                " '{}') AS income_quarters "
                "FROM rm_households h JOIN LATERAL (SELECT f.helper_id, f.fact_on FROM rm_facts f "
                " WHERE f.household_code = h.household_code AND f.kind = 'helper_assigned' "
                " AND (f.fact_on IS NULL OR f.fact_on <= :as_of) ORDER BY f.fact_on DESC NULLS LAST LIMIT 1) p ON true "
                f"WHERE {ASSISTED}{villages_clause('h.village_code', villages)} ORDER BY h.household_code"
            ),
            {"y": year, "start": date(year, 1, 1), "as_of": as_of, "villages": villages or []},
        )
    ).all()

    def month_label(m: int) -> str:
        return f"{year}-{m:02d}"

    def quarter_label(q: int) -> str:
        return f"{year}Q{q}"

    findings: list[Finding] = []
    for r in rows:
        base = {"household_code": r.household_code, "helper_id": r.helper_id}
        for detector, due, done, label_of, (text_, noun, text_zh) in (
            (
                "helper_missed_visit",
                months_due(year, as_of, r.since),
                set(r.visited_months),
                month_label,
                ("no visit in", "months", "未走访的月份："),
            ),
            (
                "helper_missed_income",
                quarters_due(year, as_of, r.since),
                set(r.income_quarters),
                quarter_label,
                ("no income record for", "quarters", "未采集收入的季度："),
            ),
        ):
            missed = [label_of(x) for x in due if x not in done]
            if missed:
                findings.append(
                    Finding(
                        detector,
                        r.village_code,
                        f"household {r.household_code}",
                        Text(f"{text_} {', '.join(missed)}", text_zh + "、".join(missed)),
                        {
                            **base,
                            f"{noun}_missed": missed,
                            f"{noun}_recorded": [label_of(x) for x in sorted(done)],
                        },
                    )
                )
    return findings
