"""Rendering the annual report: Markdown in both languages and XLSX carry the JSON's numbers (pure)."""

import io
from decimal import Decimal
from typing import Any

import openpyxl

from services.reports.render import markdown, xlsx


def _report() -> dict[str, Any]:
    zero = {"households": 0, "people": 0}
    return {
        "year": 2022,
        "town": {"name": "泗湖山镇", "villages": 13, "communities": 1, "households": 27718, "people": 62999},
        "alleviated": {"households": 1099, "people": 2172},
        "monitored": {"households": 297, "people": 595},
        "newly_identified_2022": {"households": 73, "people": 182},
        "marginal_special_monitoring": zero,
        "alerts_2022": {
            "total": 3,
            "general_risk": {"major_illness": 2},
            "policy_not_implemented": {"pension_not_paid": 1},
            "outcomes": {"closed_no_risk": 2, "policy_fixed": 1},
            "open": 0,
        },
        "education_subsidies_2022": {
            s: {
                "kindergarten": 1,
                "compulsory": 2,
                "senior_high": 3,
                "rain_and_dew": 4,
                "total": 10,
                "amount_yuan": "9000.50",
            }
            for s in ("spring", "autumn")
        },
        "employment_2022": {"employed": 492, "public_welfare_jobs": 15, "pv_public_welfare_jobs": 2},
        "projects_2022": {
            "count": 2,
            "investment_yuan": "300000.00",
            "infrastructure": {
                "count": 1,
                "investment_yuan": "100000.00",
                "accepted": 1,
                "awaiting_acceptance": 0,
                "operating": 0,
            },
            "industry": {
                "count": 1,
                "investment_yuan": "200000.00",
                "accepted": 0,
                "awaiting_acceptance": 0,
                "operating": 1,
            },
        },
        "loans_2022": {
            "borrowers_by_october": 105,
            "outstanding_yuan": "4705900.00",
            "interest_subsidy": {f"Q{q}": {"people": q, "yuan": f"{q}.05"} for q in (1, 2, 3, 4)},
        },
    }


def test_markdown_in_chinese_and_english() -> None:
    zh, en = markdown(_report(), "zh"), markdown(_report(), "en")
    assert zh.startswith("# 泗湖山镇2022年度") and "| 脱贫户 | 1,099 | 2,172 |" in zh
    assert "| 春季 | 1 | 2 | 3 | 4 | 10 | 9,000.50 |" in zh and "| 合计 |  | 3 |" in zh
    assert (
        "| alleviated (脱贫户) | 1,099 | 2,172 |" in en
        and "| outstanding at the end of October | 105 | 4,705,900.00 |" in en
    )
    # every table has a header separator as wide as its header
    for block in zh.split("\n\n"):
        lines = block.splitlines()
        if lines and lines[0].startswith("| "):
            assert lines[1].count("---|") == lines[0].count(" | ") + 1


def test_xlsx_keeps_numbers_as_numbers() -> None:
    book = openpyxl.load_workbook(io.BytesIO(xlsx(_report())))
    assert book.sheetnames[0] == "town" and book.sheetnames[-1] == "loans"
    loans = list(book["loans"].iter_rows(values_only=True))
    assert loans[1][1:] == (105, 4705900.0)
    assert [Decimal(str(r[2])) for r in loans[2:]] == [
        Decimal("1.05"),
        Decimal("2.05"),
        Decimal("3.05"),
        Decimal("4.05"),
    ]
    assert book["loans"]["C2"].number_format == "#,##0.00"


def test_quarterly_tables_carry_the_quarter_numbers() -> None:
    from services.reports.render import markdown_of, quarter_tables, quarter_title

    annual = _report()
    quarter = {
        "year": 2022,
        "quarter": "2022Q1",
        "from": "2022-01-01",
        "to": "2022-03-31",
        "town": annual["town"],
        "alerts": annual["alerts_2022"],
        "alerts_closed": {"total": 3, "village_on_time": 3, "town_on_time": 2},
        "newly_identified": {"households": 5, "people": 11},
        "education_subsidies": {"spring": annual["education_subsidies_2022"]["spring"]},
        "projects_accepted": {"count": 1, "investment_yuan": "100000.00"},
        "loans": {
            "borrowers_at_end": 36,
            "outstanding_yuan_at_end": "1500000.00",
            "interest_subsidy": {"people": 36, "yuan": "17298.43"},
        },
    }
    tables = quarter_tables(quarter, "en")
    assert [t.key for t in tables] == ["alerts", "alert_outcomes", "work", "education", "loans_projects"]
    assert [r[0] for r in tables[3].rows] == ["spring"]  # only the semester that starts in Q1
    md = markdown_of(quarter_title(quarter, "en"), tables)
    assert "quarterly report 2022Q1 (2022-01-01 to 2022-03-31)" in md
    assert "| interest subsidy of the quarter | 36 | 17,298.43 |" in md
    assert "| people newly identified | 11 |" in md
    zh = markdown_of(quarter_title(quarter, "zh"), quarter_tables(quarter, "zh"))
    assert "2022年第1季度" in zh and "| 本季度贴息 | 36 | 17,298.43 |" in zh
    quarter["education_subsidies"] = {}
    assert "education" not in [t.key for t in quarter_tables(quarter, "en")]
