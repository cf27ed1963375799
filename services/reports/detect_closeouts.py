"""The close-out detector: alerts closed without the town's revisit (risk found) or the remediation
(policy fixed), read from the audit entries the alerts service published."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.i18n import Text
from services.common.scope import villages_clause
from services.reports.findings import (
    Finding,
    joined,
    json_list,
)


async def alert_closeouts(
    s: AsyncSession, year: int, as_of: date, villages: list[str] | None
) -> list[Finding]:
    """Closed alerts whose audit trail lacks the town's revisit (risk found) or the remediation (policy fixed)."""
    rows = (
        await s.execute(
            text(
                "SELECT a.alert_id, a.external_id, a.village_code, a.household_code, a.category, a.finding, "
                "a.final_outcome, a.closed_on, COALESCE((SELECT json_agg(json_build_object('seq', e.seq, "
                " 'action', e.action, 'at', e.at, 'hash', e.hash, 'revisit', e.details->'revisit', "
                " 'remediation', e.details->'remediation') ORDER BY e.seq) FROM rm_audit_entries e "
                " WHERE e.service = 'alerts' AND e.subject_id = CAST(a.alert_id AS text)), '[]') AS trail "
                "FROM rm_alerts a WHERE a.status = 'closed' AND a.closed_on BETWEEN :start AND :end "
                "AND a.closed_on <= :as_of AND (a.finding = 'risk' OR a.final_outcome = 'policy_fixed')"
                f"{villages_clause('a.village_code', villages)} ORDER BY a.closed_on, a.alert_id"
            ),
            {
                "start": date(year, 1, 1),
                "end": date(year, 12, 31),
                "as_of": as_of,
                "villages": villages or [],
            },
        )
    ).all()
    findings: list[Finding] = []
    for r in rows:
        trail = json_list(r.trail)
        reasons: list[Text] = []
        reviews = [e for e in trail if e["action"] == "reviewed"]
        if r.finding == "risk" and not any(e.get("revisit") for e in reviews[-1:]):
            reasons.append(
                Text(
                    "the village found a risk but the town's review records no revisit (再次上门复核)",
                    "村级核实发现风险，但乡镇审核没有再次上门复核的记录",
                )
            )
        closing = [e for e in trail if e["action"] == "closed"]
        if r.final_outcome == "policy_fixed" and not any(
            isinstance(e.get("remediation"), str) and e["remediation"].strip() for e in closing[-1:]
        ):
            reasons.append(
                Text(
                    "closed as policy fixed with no remediation recorded",
                    "以“政策已落实”办结，但未登记整改措施",
                )
            )
        if not trail:
            reasons.append(Text("no audit trail was received for the alert", "未收到该预警的审计留痕"))
        if reasons:
            findings.append(
                Finding(
                    "alert_closed_without_followup",
                    r.village_code,
                    f"alert {r.alert_id}",
                    joined(reasons),
                    {
                        "alert_id": str(r.alert_id),
                        "external_id": r.external_id,
                        "household_code": r.household_code,
                        "category": r.category,
                        "finding": r.finding,
                        "final_outcome": r.final_outcome,
                        "closed_on": r.closed_on.isoformat() if r.closed_on else None,
                        "audit_trail": trail,
                    },
                )
            )
    return findings
