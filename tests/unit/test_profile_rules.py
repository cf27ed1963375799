"""The collection form's rules (services/households/profile_rules.py): merging a change, the money it
derives, risk elimination's guarantees and the 应纳未纳 reasons. Pure."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from services.households.monitoring import EliminationFacts, elimination_errors
from services.households.profile_rules import (
    GUARANTEES,
    anyone_can_work,
    enrolment_reasons,
    finances,
    guarantee_errors,
    merge,
)

MET = dict.fromkeys(GUARANTEES, True)


def test_a_change_keeps_what_it_does_not_set_and_merges_abilities_member_by_member() -> None:
    v1 = merge(None, {**MET, "work_ability": {"a": "skilled", "b": "none"}, "wage_income": "100.00"})
    v2 = merge(v1, {"housing_safe": False, "work_ability": {"b": "weak"}, "wage_income": None})
    assert v2["housing_safe"] is False and v2["drinking_water_safe"] is True
    assert v2["work_ability"] == {"a": "skilled", "b": "weak"} and v2["wage_income"] == "100.00"
    assert v1["work_ability"] == {"a": "skilled", "b": "none"}  # the earlier version is not touched
    assert merge(None, {"unknown_field": 1})["note"] is None


def test_money_per_person_is_rounded_half_up_to_the_fen() -> None:
    version = {
        "finance_year": 2022,
        "member_count": 3,
        "wage_income": "10000.00",
        "transfer_income": "0.01",
        "business_costs": "0.00",
        "medical_spending": "5000.00",
    }
    f = finances(version)
    assert f is not None
    assert (f.net_income, f.net_per_capita, f.after_rigid_per_capita) == (
        Decimal("10000.01"),
        Decimal("3333.34"),
        Decimal("1666.67"),
    )
    assert finances({**version, "finance_year": None}) is None
    assert finances({"finance_year": 2022, "member_count": 2}) is None  # no income component at all


def test_the_enrolment_reasons_say_income_or_shock_and_every_unmet_guarantee() -> None:
    base = {**MET, "finance_year": 2022, "member_count": 2, "wage_income": "20000.00"}
    line = Decimal("6600")
    assert enrolment_reasons(base, line) == []
    assert [r[0] for r in enrolment_reasons({**base, "wage_income": "13200.00"}, line)] == ["under_line"]
    shock = enrolment_reasons({**base, "medical_spending": "7000.00"}, line)
    assert [r[0] for r in shock] == ["spending_shock"] and "6500.00" in shock[0][1]
    unmet = enrolment_reasons({**base, "housing_safe": False, "drinking_water_safe": False}, line)
    assert unmet == [
        (
            "guarantee_unmet",
            "not met: safe housing, safe drinking water",
            "未达标：住房安全有保障、饮水安全有保障",
        )
    ]
    assert enrolment_reasons({**base, "housing_safe": None}, line) == []  # not recorded is not "not met"


def test_risk_elimination_needs_every_guarantee_met_on_its_date_and_reads_graded_labour() -> None:
    facts = EliminationFacts(
        status="monitoring",
        identified_on=date(2022, 1, 1),
        measure_count=1,
        anyone_can_work=False,  # the registry's flag: overruled by the graded record when there is one
        income_by_quarter={(2022, 2): Decimal("9000"), (2022, 3): Decimal("9000")},
        profile={**MET, "drinking_water_safe": None, "work_ability": {"a": "ordinary"}},
    )
    errors = elimination_errors(
        facts,
        eliminated_on=date(2022, 10, 10),
        today=date(2022, 10, 10),
        min_months=6,
        monitoring_line=Decimal(6600),
    )
    assert errors == ["safe drinking water: not recorded (as of 2022-10-10)"]
    assert errors[0].zh == "饮水安全有保障：未采集（截至2022-10-10）"  # type: ignore[attr-defined]
    lost = {**MET, "work_ability": {"a": "lost", "b": "none"}}
    assert anyone_can_work(lost) is False and anyone_can_work({}) is None
    assert len(guarantee_errors(None, date(2022, 1, 1))) == 1
