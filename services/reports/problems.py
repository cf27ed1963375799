"""Problem detection over the read models: the detectors asked for, run, counted and grouped."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.common.i18n import localise
from services.reports.detect_closeouts import alert_closeouts
from services.reports.detect_enrolment import under_line
from services.reports.detectors import helpers, loans, measures, rain_and_dew
from services.reports.findings import DETECTORS, Finding

# each query and the detectors whose findings it makes
DETECTOR_FUNCTIONS = (
    (rain_and_dew, {"rain_and_dew_omission", "rain_and_dew_wrong_entry"}),
    (loans, {"loan_late_repayment", "loan_reminder_not_delivered"}),
    (measures, {"measures_not_targeted"}),
    (helpers, {"helper_missed_visit", "helper_missed_income"}),
    (alert_closeouts, {"alert_closed_without_followup"}),
    (under_line, {"under_line_not_enrolled"}),
)


async def find(
    s: AsyncSession,
    *,
    year: int,
    as_of: date,
    villages: list[str] | None = None,
    detectors: set[str] | None = None,
) -> dict[str, Any]:
    """Every finding of the year as of a date, grouped under a summary that counts each detector."""
    found: list[Finding] = []
    for detect, makes in DETECTOR_FUNCTIONS:
        if not detectors or makes & detectors:  # only the queries of the detectors asked for
            found.extend(await detect(s, year, as_of, villages))
    if detectors:
        found = [f for f in found if f.detector in detectors]
    summary = {name: 0 for name in DETECTORS if not detectors or name in detectors}
    for f in found:
        summary[f.detector] += 1
    return {
        "year": year,
        "as_of": as_of.isoformat(),
        "village_codes": villages or None,
        "detectors": localise({k: v for k, v in DETECTORS.items() if k in summary}),
        "summary": summary,
        "total": len(found),
        "problems": [localise(asdict(f)) for f in found],  # reasons in the request's language
    }
