"""Request and response models of the household's collection-form record (services/households/profile_rules.py).

Enumerated answers accept the words offices write as well as the codes (低保, 特困供养, 技能劳动力, …)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from services.common.pages import Money
from services.households.profile_rules import SOCIAL_ASSISTANCE, WORK_ABILITY

Grade = Literal["skilled", "ordinary", "weak", "lost", "none"]
Assistance = Literal["none", "dibao", "tekun"]

_GRADE_WORDS = {zh: code for code, (_, zh, _) in WORK_ABILITY.items()} | {
    "技能": "skilled", "普通劳动力": "ordinary", "普通": "ordinary", "弱劳动力": "weak", "半劳动力": "weak",
    "丧失劳动力": "lost", "丧失": "lost", "无劳动力": "none", "无": "none",
}  # fmt: skip
_ASSISTANCE_WORDS = {zh: code for code, (_, zh) in SOCIAL_ASSISTANCE.items()} | {
    "农村低保": "dibao", "低保户": "dibao", "最低生活保障": "dibao", "特困": "tekun", "特困人员": "tekun",
    "特困供养人员": "tekun", "五保": "tekun", "否": "none",
}  # fmt: skip


def _word(words: dict[str, str]) -> Any:
    def canonical(value: Any) -> Any:
        if isinstance(value, str):
            v = value.strip()
            return words.get(v, v.lower())
        return value

    return BeforeValidator(canonical)


def _grades(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: _GRADE_WORDS.get(v.strip(), v.strip().lower()) if isinstance(v, str) else v
            for k, v in value.items()
        }
    return value


YuanIn = Annotated[Decimal | None, Field(default=None, ge=0, le=Decimal("999999999999.99"), decimal_places=2)]


class ProfileIn(BaseModel):
    """A change to the household's record, in effect from `effective_on`; fields left out keep their
    value. Money is yuan for `finance_year`, for the whole household."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    effective_on: date = Field(description="the date the change holds from (not in the future)")
    food_clothing_ok: bool | None = Field(default=None, description="不愁吃、不愁穿")
    compulsory_education_ok: bool | None = Field(default=None, description="义务教育有保障")
    basic_medical_ok: bool | None = Field(default=None, description="基本医疗有保障")
    housing_safe: bool | None = Field(default=None, description="住房安全有保障")
    drinking_water_safe: bool | None = Field(default=None, description="饮水安全有保障")
    medical_insurance_all: bool | None = Field(
        default=None,
        description="every member is enrolled in basic medical insurance (参加城乡居民基本医疗保险)",
    )
    social_assistance: Annotated[Assistance | None, _word(_ASSISTANCE_WORDS)] = Field(
        default=None, description="none | dibao (低保) | tekun (特困供养); the Chinese words are accepted"
    )
    work_ability: Annotated[dict[str, Grade] | None, BeforeValidator(_grades)] = Field(
        default=None,
        max_length=50,
        description="member id → skilled | ordinary | weak | lost | none (劳动技能; Chinese words accepted)",
    )
    finance_year: int | None = Field(default=None, ge=2013, le=2100, description="the year the money is for")
    member_count: int | None = Field(
        default=None, ge=1, le=50, description="people the income supports (default: registered members)"
    )
    wage_income: YuanIn = Field(default=None, description="工资性收入")
    business_income: YuanIn = Field(default=None, description="生产经营性收入")
    property_income: YuanIn = Field(default=None, description="财产性收入")
    transfer_income: YuanIn = Field(default=None, description="转移性收入")
    business_costs: YuanIn = Field(default=None, description="生产经营性支出")
    medical_spending: YuanIn = Field(default=None, description="刚性支出：医疗（自付）")
    education_spending: YuanIn = Field(default=None, description="刚性支出：教育")
    other_rigid_spending: YuanIn = Field(default=None, description="刚性支出：其他（灾害、意外等）")
    note: str | None = Field(default=None, max_length=500)


class ProfileOut(BaseModel):
    household_code: str
    version: int
    effective_on: date
    recorded_at: datetime
    food_clothing_ok: bool | None = None
    compulsory_education_ok: bool | None = None
    basic_medical_ok: bool | None = None
    housing_safe: bool | None = None
    drinking_water_safe: bool | None = None
    medical_insurance_all: bool | None = None
    social_assistance: Assistance | None = None
    work_ability: dict[str, Grade] = Field(default_factory=dict)
    finance_year: int | None = None
    member_count: int | None = None
    wage_income: Money | None = None
    business_income: Money | None = None
    property_income: Money | None = None
    transfer_income: Money | None = None
    business_costs: Money | None = None
    medical_spending: Money | None = None
    education_spending: Money | None = None
    other_rigid_spending: Money | None = None
    note: str | None = None
    net_per_capita: Money | None = Field(default=None, description="(income − business costs) / people")
    after_rigid_per_capita: Money | None = Field(
        default=None, description="(net income − large unavoidable spending) / people"
    )
    guarantees_met: bool = Field(description="两不愁三保障 and safe drinking water all recorded as met")
    anyone_can_work: bool | None = Field(default=None, description="from the graded abilities")


class ProfileHistory(BaseModel):
    household_code: str
    items: list[ProfileOut] = Field(description="every version, oldest first")


class VisitCheck(BaseModel):
    """The monthly visit's short form (the 入户核查表 in brief): each of 两不愁三保障 and safe drinking water
    as found (true met, false not met, left out not checked), how income went, a new risk, what is needed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    food_clothing_ok: bool | None = Field(default=None, description="不愁吃、不愁穿")
    compulsory_education_ok: bool | None = Field(default=None, description="义务教育有保障")
    basic_medical_ok: bool | None = Field(default=None, description="基本医疗有保障")
    housing_safe: bool | None = Field(default=None, description="住房安全有保障")
    drinking_water_safe: bool | None = Field(default=None, description="饮水安全有保障")
    income_change: Literal["up", "same", "down"] | None = Field(default=None, description="收入变化")
    new_risk: str | None = Field(default=None, max_length=500, description="新发现的风险")
    needs: str | None = Field(default=None, max_length=500, description="群众诉求")

    def concern(self) -> bool:
        """Something the town should look at: a guarantee not met, income down, a new risk."""
        checks = (
            self.food_clothing_ok,
            self.compulsory_education_ok,
            self.basic_medical_ok,
            self.housing_safe,
            self.drinking_water_safe,
        )
        return any(c is False for c in checks) or self.income_change == "down" or bool(self.new_risk)
