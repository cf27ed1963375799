"""The household record of the national collection form (防止返贫监测信息采集表): 两不愁三保障 and drinking
water, medical insurance, 低保/特困, graded ability to work, net income by component and large unavoidable
spending (刚性支出). Pure: merging a change into the last version, the figures derived from it and the
rules that read it (risk elimination, 应纳未纳).

A household's record is a list of dated versions (`household_profiles`): a change never overwrites, it
adds the version in effect from its date, so the record as of any date (a year's end, a risk
elimination) is the latest version dated on or before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from services.common.i18n import Text, t

FEN = Decimal("0.01")

# 两不愁三保障 + 饮水安全: column → (English, Chinese)
GUARANTEES: dict[str, tuple[str, str]] = {
    "food_clothing_ok": ("food and clothing (不愁吃不愁穿)", "不愁吃、不愁穿"),
    "compulsory_education_ok": ("compulsory education", "义务教育有保障"),
    "basic_medical_ok": ("basic medical care", "基本医疗有保障"),
    "housing_safe": ("safe housing", "住房安全有保障"),
    "drinking_water_safe": ("safe drinking water", "饮水安全有保障"),
}

# 劳动技能 of the collection form: grade → (English, Chinese, counts as able to work)
WORK_ABILITY: dict[str, tuple[str, str, bool]] = {
    "skilled": ("skilled labour", "技能劳动力", True),
    "ordinary": ("ordinary labour", "普通劳动力", True),
    "weak": ("weak or half labour", "弱劳动力或半劳动力", True),
    "lost": ("lost the ability to work", "丧失劳动力", False),
    "none": ("no labour (child, student, elderly)", "无劳动力", False),
}

SOCIAL_ASSISTANCE: dict[str, tuple[str, str]] = {
    "none": ("none", "无"),
    "dibao": ("minimum living allowance", "低保"),
    "tekun": ("extreme-poverty support", "特困供养"),
}

INCOME = ("wage_income", "business_income", "property_income", "transfer_income")
SPENDING = ("medical_spending", "education_spending", "other_rigid_spending")
MONEY = (*INCOME, "business_costs", *SPENDING)
FLAGS = (*GUARANTEES, "medical_insurance_all")
FIELDS = (*FLAGS, "social_assistance", "work_ability", "finance_year", "member_count", *MONEY, "note")


def merge(previous: dict[str, Any] | None, change: dict[str, Any]) -> dict[str, Any]:
    """The next version: the previous one with the fields the change sets (None clears nothing: a field
    left out keeps its value; `work_ability` merges member by member)."""
    out: dict[str, Any] = {f: (previous or {}).get(f) for f in FIELDS}
    out["work_ability"] = dict((previous or {}).get("work_ability") or {})
    for key, value in change.items():
        if key not in FIELDS or value is None:
            continue
        if key == "work_ability":
            out["work_ability"].update(value)
        else:
            out[key] = value
    return out


def _per_person(amount: Decimal, people: int) -> Decimal:
    return (amount / people).quantize(FEN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Finances:
    """The year's figures the form derives: net income (收入 − 生产经营性支出) and what remains after the
    large unavoidable spending, per person."""

    net_income: Decimal
    rigid_spending: Decimal
    net_per_capita: Decimal
    after_rigid_per_capita: Decimal


def finances(version: dict[str, Any]) -> Finances | None:
    """None unless the version holds a finance year, a member count and at least one income component."""
    people = version.get("member_count")
    if not version.get("finance_year") or not people or all(version.get(k) is None for k in INCOME):
        return None
    income = sum((Decimal(version.get(k) or 0) for k in INCOME), Decimal(0))
    net = income - Decimal(version.get("business_costs") or 0)
    rigid = sum((Decimal(version.get(k) or 0) for k in SPENDING), Decimal(0))
    return Finances(net, rigid, _per_person(net, people), _per_person(net - rigid, people))


def anyone_can_work(version: dict[str, Any]) -> bool | None:
    """From the graded abilities, or None when the record grades nobody."""
    grades = (version.get("work_ability") or {}).values()
    if not grades:
        return None
    return any(WORK_ABILITY[g][2] for g in grades if g in WORK_ABILITY)


def guarantee_errors(version: dict[str, Any] | None, on: date) -> list[str]:
    """Risk elimination needs 两不愁三保障 and safe drinking water all met, as recorded on `on`."""
    if version is None:
        return [
            t(
                "no record of 两不愁三保障 and drinking water as of {d}",
                "截至{d}没有“两不愁三保障”及饮水安全的采集记录",
                d=on.isoformat(),
            )
        ]
    out: list[str] = []
    for field, (en, zh) in GUARANTEES.items():
        value = version.get(field)
        if value is not True:
            state, state_zh = ("not recorded", "未采集") if value is None else ("not met", "未达标")
            out.append(
                Text(f"{en}: {state} (as of {on.isoformat()})", f"{zh}：{state_zh}（截至{on.isoformat()}）")
            )
    return out


def enrolment_reasons(version: dict[str, Any], line: Decimal | None) -> list[tuple[str, str, str]]:
    """Why a household's record says it should be a monitoring object (应纳): (code, English, Chinese).
    Income not above the line; a spending shock (what remains after 刚性支出 is not above it); an unmet
    guarantee."""
    out: list[tuple[str, str, str]] = []
    f = finances(version)
    if f is not None and line is not None:
        if f.net_per_capita <= line:
            out.append(
                (
                    "under_line",
                    f"per-capita net income {f.net_per_capita} is not above the monitoring line {line}",
                    f"人均纯收入{f.net_per_capita}元未超过监测标准{line}元",
                )
            )
        elif f.after_rigid_per_capita <= line:
            out.append(
                (
                    "spending_shock",
                    f"after large unavoidable spending of {f.rigid_spending}, {f.after_rigid_per_capita} per "
                    f"person remains, not above the monitoring line {line}",
                    f"扣除刚性支出{f.rigid_spending}元后人均{f.after_rigid_per_capita}元，未超过监测标准{line}元",
                )
            )
    unmet = [g for g in GUARANTEES if version.get(g) is False]
    if unmet:
        out.append(
            (
                "guarantee_unmet",
                "not met: " + ", ".join(GUARANTEES[g][0] for g in unmet),
                "未达标：" + "、".join(GUARANTEES[g][1] for g in unmet),
            )
        )
    return out
