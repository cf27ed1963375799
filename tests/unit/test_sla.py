"""SLA summary: on-time rates per stage, village and month; open work by age; average days (pure)."""

from datetime import date

from services.reports.sla import AlertRow, summary

V1, V2 = "430981101201", "430981101202"


def test_rates_open_work_and_days() -> None:
    rows = [
        AlertRow(
            V1, date(2022, 3, 1), "closed", date(2022, 3, 3), True, date(2022, 3, 7), True, date(2022, 3, 8)
        ),
        AlertRow(
            V1,
            date(2022, 3, 1),
            "closed",
            date(2022, 3, 14),
            False,
            date(2022, 3, 16),
            True,
            date(2022, 3, 16),
        ),
        AlertRow(V2, date(2022, 4, 1), "village_verified", date(2022, 4, 2), True),
        AlertRow(V2, date(2022, 4, 1), "pending_village", overdue=True),
    ]
    out = summary(rows, today=date(2022, 4, 20))
    village_march = next(r for r in out["on_time"] if r["stage"] == "village" and r["village_code"] == V1)
    assert (
        village_march["month"],
        village_march["finished"],
        village_march["on_time"],
        village_march["rate"],
    ) == (
        "2022-03",
        2,
        1,
        "0.5000",
    )
    assert out["on_time_totals"]["village"] == {"finished": 3, "on_time": 2, "rate": "0.6667"}
    assert out["on_time_totals"]["town"] == {"finished": 2, "on_time": 2, "rate": "1.0000"}
    assert out["open_by_village"] == {
        V2: {"open": 2, "overdue": 1, "0-5": 0, "6-10": 0, "11-30": 2, "31+": 0}
    }
    # village days: 2, 13, 1 → 5.33; town: 4, 2 → 3.00; close-out: 1, 0 → 0.50
    assert out["average_days"] == {"village": "5.33", "town": "3.00", "close_out": "0.50"}


def test_nothing_yet() -> None:
    out = summary([], today=date(2022, 1, 1))
    assert out["on_time"] == [] and out["on_time_totals"]["village"]["rate"] is None
    assert out["average_days"] == {"village": None, "town": None, "close_out": None}
