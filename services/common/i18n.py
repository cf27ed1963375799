"""Chinese and English for what people read: error messages, rejection reasons, findings.

A reason is made with `t(english, chinese)`: a `Text`, which *is* the English string (so logs, stored
codes and every existing comparison keep working) and carries its Chinese beside it. What a response
shows is chosen once per request from `Accept-Language` (`LanguageMiddleware` sets `LANGUAGE`);
`localise` turns any structure of reasons into the chosen language. Files people open (exports,
ledgers) and the dashboard default to Chinese; the JSON API defaults to English, with `message_zh`
always present in an error body.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any, Literal

Language = Literal["zh", "en"]

LANGUAGE: ContextVar[Language] = ContextVar("rw_language", default="en")


class Text(str):
    """An English text that also knows its Chinese (`zh`)."""

    zh: str

    def __new__(cls, en: str, zh: str) -> Text:
        obj = super().__new__(cls, en)
        obj.zh = zh
        return obj

    def __reduce__(self) -> tuple[Any, ...]:  # pickling (multiprocessing, caches) keeps both
        return (Text, (str(self), self.zh))

    def pick(self, language: Language) -> str:
        return self.zh if language == "zh" else str(self)


def t(en: str, zh: str, /, **params: Any) -> Text:
    """A bilingual text; `params` fill `{name}` in both templates (Chinese labels via `label`)."""
    if params:
        return Text(en.format(**params), zh.format(**{k: label(v) for k, v in params.items()}))
    return Text(en, zh)


# Chinese names of fields and codes that reasons mention (the English keeps the code itself, which is
# what an integrator searches for)
LABELS: dict[str, str] = {
    # alerts
    "external_id": "外部编号", "class": "预警类型", "category": "风险类别", "village_code": "村代码",
    "household_code": "户编号", "id_number": "身份证号", "person_name": "姓名", "description": "预警内容",
    "detected_on": "发现日期", "visited_on": "入户日期", "reported_on": "上报日期", "reviewed_on": "审核日期",
    "closed_on": "办结日期", "settled_on": "办结日期", "remediation": "整改措施", "visitors": "核查人员",
    "finding": "核查结论", "revisit.visited_on": "乡镇复核日期",
    "the village report of": "村级上报日期", "the town review of": "乡镇审核日期",
    "the alert's receipt on": "预警接收日期", "the visit or receipt on": "入户或接收日期",
    "pending_village": "待村级核实", "village_verified": "村级已核实、待乡镇审核",
    "town_reviewed": "乡镇已审核、待办结", "closing": "风险已确认、待纳入监测", "closed": "已办结（销号）",
    "verify": "村级核实上报", "approve": "乡镇审核通过", "return": "退回村级重新核实", "close": "办结销号",
    "confirm_risk": "确认存在风险", "settle": "纳入监测后办结",
    "major_illness": "大病", "housing": "住房", "employment": "就业", "accident": "意外事故", "other": "其他",
    "pension_not_paid": "养老金未发放", "disability_subsidy_not_paid": "残疾人补贴未发放",
    "general_risk": "一般风险", "policy_not_implemented": "政策未落实", "internal": "内部",
    "no_risk": "无风险", "risk": "有风险", "policy_issue": "政策未落实", "policy_fixed": "政策已落实",
    "risk_enrolled": "确有风险，新纳入监测", "risk_already_monitored": "确有风险，已是监测对象",
    "rectification_overdue": "整改逾期", "loan_overdue": "小额信贷逾期",
    # households
    "name": "姓名", "relation": "与户主关系", "address": "住址", "alleviated": "是否脱贫户",
    "phone": "联系电话", "notice_to": "公示截止日期",
    "consent": "农户申请", "home_check": "入户核查", "village_appraisal": "村级评议", "public_notice": "公示",
    "town_review": "乡镇审核", "county_approval": "县级审定", "identifying": "识别中",
    "eliminated_on": "风险消除日期", "monitoring": "监测中", "risk_eliminated": "风险已消除",
    # loans
    "applied_on": "申请日期", "principal": "贷款金额", "term_months": "贷款期限（月）",
    "borrower_id_number": "借款人身份证号", "borrower_age": "借款人年龄",
}  # fmt: skip


def label(value: Any) -> Any:
    """The Chinese name of a code or field, or the value itself."""
    if isinstance(value, Text):
        return value.zh
    if isinstance(value, str):
        return LABELS.get(value, value)
    return value


def parse_accept_language(header: str | None, default: Language = "en") -> Language:
    """The language the client prefers: `zh…` or `en…` by q-value, else `default`."""
    if not header:
        return default
    best: tuple[float, Language] | None = None
    for part in header.split(",")[:20]:
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                continue
        primary = tag.strip().lower().split("-")[0]
        lang: Language | None = "zh" if primary == "zh" else "en" if primary == "en" else None
        if lang is not None and q > 0 and (best is None or q > best[0]):
            best = (q, lang)
    return best[1] if best else default


def localise(value: Any, language: Language | None = None) -> Any:
    """`value` with every `Text` in it (in lists, tuples, dict values) in the chosen language."""
    lang = language or LANGUAGE.get()
    if isinstance(value, Text):
        return value.pick(lang)
    if isinstance(value, list | tuple):
        return [localise(v, lang) for v in value]
    if isinstance(value, Mapping):
        return {k: localise(v, lang) for k, v in value.items()}
    return value


def stored(value: Any) -> Any:
    """A reason (or list of them) as JSON to keep: a `Text` becomes {"en", "zh"}; `restored` undoes it."""
    if isinstance(value, Text):
        return {"en": str(value), "zh": value.zh}
    if isinstance(value, list | tuple):
        return [stored(v) for v in value]
    return value


def restored(value: Any) -> Any:
    """Reasons read back from JSON: {"en", "zh"} → `Text`; a plain string (kept before both were) stays."""
    if isinstance(value, Mapping) and set(value) == {"en", "zh"}:
        return Text(str(value["en"]), str(value["zh"]))
    if isinstance(value, list):
        return [restored(v) for v in value]
    return value


class LanguageMiddleware:
    """ASGI middleware: `Accept-Language` → `LANGUAGE` for the request; `Content-Language` answered."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = next((v for k, v in scope.get("headers", ()) if k == b"accept-language"), b"")
        lang = parse_accept_language(header.decode("latin-1")[:500])
        token = LANGUAGE.set(lang)

        async def send_with_language(message: Any) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"content-language", lang.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_language)
        finally:
            LANGUAGE.reset(token)


__all__ = [
    "LABELS",
    "LANGUAGE",
    "Language",
    "LanguageMiddleware",
    "Text",
    "label",
    "localise",
    "parse_accept_language",
    "restored",
    "stored",
    "t",
]
