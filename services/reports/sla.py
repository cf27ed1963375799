"""SLA and workload over the alerts read model: on-time rates, open and overdue work, days per stage. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

AGE_BUCKETS = ((0, 5, "0-5"), (6, 10, "6-10"), (11, 30, "11-30"), (31, 10**6, "31+"))


@dataclass(frozen=True)
class AlertRow:
    village_code: str
    received_on: date
    status: str
    reported_on: date | None = None
    village_on_time: bool | None = None
    reviewed_on: date | None = None
    town_on_time: bool | None = None
    closed_on: date | None = None
    overdue: bool = False


def rate(on_time: int, finished: int) -> str | None:
    """on_time / finished to four places, half-up (None when nothing finished)."""
    if not finished:
        return None
    return str((Decimal(on_time) / Decimal(finished)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def _avg(values: list[int]) -> str | None:
    if not values:
        return None
    return str(
        (Decimal(sum(values)) / Decimal(len(values))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    )


def summary(rows: Iterable[AlertRow], *, today: date) -> dict[str, Any]:
    on_time: dict[tuple[str, str, str], list[int]] = {}  # (stage, village, month) → [finished, on time]
    days: dict[str, list[int]] = {"village": [], "town": [], "close_out": []}
    open_by: dict[str, dict[str, int]] = {}
    for r in rows:
        month = r.received_on.strftime("%Y-%m")
        for stage, done, ok in (
            ("village", r.reported_on, r.village_on_time),
            ("town", r.reviewed_on, r.town_on_time),
        ):
            if done is not None and ok is not None:
                cell = on_time.setdefault((stage, r.village_code, month), [0, 0])
                cell[0] += 1
                cell[1] += 1 if ok else 0
        if r.reported_on:
            days["village"].append((r.reported_on - r.received_on).days)
        if r.reported_on and r.reviewed_on:
            days["town"].append((r.reviewed_on - r.reported_on).days)
        if r.reviewed_on and r.closed_on:
            days["close_out"].append((r.closed_on - r.reviewed_on).days)
        if r.status != "closed":
            age = (today - r.received_on).days
            bucket = next(label for lo, hi, label in AGE_BUCKETS if lo <= age <= hi)
            v = open_by.setdefault(
                r.village_code, {"open": 0, "overdue": 0, **{b[2]: 0 for b in AGE_BUCKETS}}
            )
            v["open"] += 1
            v["overdue"] += 1 if r.overdue else 0
            v[bucket] += 1
    rates = [
        {
            "stage": stage,
            "village_code": village,
            "month": month,
            "finished": f,
            "on_time": o,
            "rate": rate(o, f),
        }
        for (stage, village, month), (f, o) in sorted(on_time.items())
    ]
    totals: dict[str, dict[str, Any]] = {}
    for stage in ("village", "town"):
        f = sum(c[0] for (st, _, _), c in on_time.items() if st == stage)
        o = sum(c[1] for (st, _, _), c in on_time.items() if st == stage)
        totals[stage] = {"finished": f, "on_time": o, "rate": rate(o, f)}
    return {
        "as_of": today.isoformat(),
        "on_time": rates,
        "on_time_totals": totals,
        "open_by_village": dict(sorted(open_by.items())),
        "average_days": {k: _avg(v) for k, v in days.items()},
    }
