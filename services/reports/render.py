"""The annual report's tables, rendered as Markdown (Chinese or English) and XLSX (one sheet per table).

Every number comes from the JSON report; nothing is computed here but labels and row layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from services.common.tabular import write_workbook

CATEGORY = {
    "major_illness": ("大病", "major illness"),
    "housing": ("住房", "housing"),
    "employment": ("就业", "employment"),
    "accident": ("意外事故", "accident"),
    "other": ("其他", "other"),
    "pension_not_paid": ("养老保险未缴/未发", "pension not paid"),
    "disability_subsidy_not_paid": ("残疾人补贴未发", "disability subsidy not paid"),
}
OUTCOME = {
    "closed_no_risk": ("核实无风险", "closed, no risk"),
    "risk_confirmed_already_monitored": ("确有风险，已是监测对象", "risk confirmed, already monitored"),
    "risk_confirmed_enrolled": ("确有风险，新纳入监测", "risk confirmed, newly enrolled"),
    "policy_fixed": ("政策落实到位", "policy issue fixed"),
}
LEVEL = {
    "kindergarten": ("学前教育", "kindergarten"),
    "compulsory": ("义务教育", "compulsory"),
    "senior_high": ("高中", "senior high"),
    "rain_and_dew": ("雨露计划", "Rain and Dew (vocational)"),
    "total": ("合计", "total"),
}


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list[Any]]


def _t(zh: str, en: str, lang: str) -> str:
    return zh if lang == "zh" else en


def tables(report: dict[str, Any], lang: str = "zh") -> list[Table]:
    y = report["year"]

    def L(zh: str, en: str) -> str:
        return _t(zh, en, lang)

    town = report["town"]
    out = [
        Table(
            "town",
            L(f"一、镇情（{town['name']}）", f"1. The town ({town['name']})"),
            [L("村", "villages"), L("社区", "communities"), L("户数", "households"), L("人口", "people")],
            [[town["villages"], town["communities"], town["households"], town["people"]]],
        ),
        Table(
            "households",
            L("二、脱贫户与监测对象", "2. Alleviated households and monitoring objects"),
            [L("类别", "group"), L("户数", "households"), L("人数", "people")],
            [
                [L(label_zh, label_en), report[key]["households"], report[key]["people"]]
                for key, label_zh, label_en in (
                    ("alleviated", "脱贫户", "alleviated (脱贫户)"),
                    ("monitored", "监测户", "monitored"),
                    (f"newly_identified_{y}", f"{y}年新识别监测户", f"newly identified in {y}"),
                    (
                        "marginal_special_monitoring",
                        "边缘易致贫户（重点监测）",
                        "marginal, under special monitoring",
                    ),
                )
            ],
        ),
    ]
    out += alert_tables(report[f"alerts_{y}"], lang, ("三", "3"), ("四", "4"))
    out.append(education_table(report[f"education_subsidies_{y}"], lang, ("五", "5")))
    emp = report[f"employment_{y}"]
    out.append(
        Table(
            "employment",
            L("六、就业帮扶", "6. Employment"),
            [
                L("务工就业（人）", "employed"),
                L("公益性岗位（人）", "public-welfare jobs"),
                L("光伏公益岗位（人）", "PV public-welfare jobs"),
            ],
            [[emp["employed"], emp["public_welfare_jobs"], emp["pv_public_welfare_jobs"]]],
        )
    )
    pr = report[f"projects_{y}"]
    out.append(
        Table(
            "projects",
            L("七、项目建设", "7. Projects"),
            [
                L("类别", "kind"),
                L("个数", "count"),
                L("投资（元）", "investment (yuan)"),
                L("已验收", "accepted"),
                L("待验收", "awaiting acceptance"),
                L("运营中", "operating"),
            ],
            [
                [
                    L(zh, en),
                    pr[k]["count"],
                    Decimal(pr[k]["investment_yuan"]),
                    pr[k]["accepted"],
                    pr[k]["awaiting_acceptance"],
                    pr[k]["operating"],
                ]
                for k, zh, en in (
                    ("infrastructure", "基础设施", "infrastructure"),
                    ("industry", "产业", "industry"),
                )
            ]
            + [[L("合计", "total"), pr["count"], Decimal(pr["investment_yuan"]), "", "", ""]],
        )
    )
    lo = report[f"loans_{y}"]
    out.append(
        Table(
            "loans",
            L("八、小额信贷与贴息", "8. Small loans and interest subsidies"),
            [L("项目", "item"), L("人数", "people"), L("金额（元）", "yuan")],
            [
                [
                    L("10月底贷款余额", "outstanding at the end of October"),
                    lo["borrowers_by_october"],
                    Decimal(lo["outstanding_yuan"]),
                ]
            ]
            + [
                [L(f"第{q[1]}季度贴息", f"{q} interest subsidy"), v["people"], Decimal(v["yuan"])]
                for q, v in lo["interest_subsidy"].items()
            ],
        )
    )
    return out


def alert_tables(alerts: dict[str, Any], lang: str, n1: tuple[str, str], n2: tuple[str, str]) -> list[Table]:
    def L(zh: str, en: str) -> str:
        return _t(zh, en, lang)

    rows: list[list[Any]] = []
    for cls, zh, en in (
        ("general_risk", "一般风险", "general risk"),
        ("policy_not_implemented", "政策未落实", "policy not implemented"),
    ):
        for cat, n in alerts[cls].items():
            rows.append([L(zh, en), L(*CATEGORY[cat]) if cat in CATEGORY else cat, n])
    for cat, n in alerts.get("other_categories", {}).items():
        rows.append([L("其他", "other"), L(*CATEGORY[cat]) if cat in CATEGORY else cat, n])
    rows.append([L("合计", "total"), "", alerts["total"]])
    return [
        Table(
            "alerts",
            L(f"{n1[0]}、风险预警（按类别）", f"{n1[1]}. Risk alerts by category"),
            [L("类别", "class"), L("预警类型", "category"), L("条数", "alerts")],
            rows,
        ),
        Table(
            "alert_outcomes",
            L(f"{n2[0]}、预警处置结果", f"{n2[1]}. Alert outcomes"),
            [L("结果", "outcome"), L("条数", "alerts")],
            [[L(*OUTCOME[k]), n] for k, n in alerts["outcomes"].items()]
            + [[L("未办结", "still open"), alerts["open"]]],
        ),
    ]


def education_table(by_semester: dict[str, Any], lang: str, n: tuple[str, str]) -> Table:
    """Students subsidised per semester and level (the semesters present: both, or one for a quarter)."""

    def L(zh: str, en: str) -> str:
        return _t(zh, en, lang)

    return Table(
        "education",
        L(f"{n[0]}、教育资助（人次）", f"{n[1]}. Education subsidies (students)"),
        [L("学期", "semester"), *[L(*LEVEL[k]) for k in LEVEL], L("金额（元）", "amount (yuan)")],
        [
            [
                L("春季", "spring") if sem == "spring" else L("秋季", "autumn"),
                *[by_semester[sem][k] for k in LEVEL],
                Decimal(by_semester[sem]["amount_yuan"]),
            ]
            for sem in ("spring", "autumn")
            if sem in by_semester
        ],
    )


def quarter_tables(report: dict[str, Any], lang: str = "zh") -> list[Table]:
    """The quarterly report's tables (same labels as the annual report's)."""

    def L(zh: str, en: str) -> str:
        return _t(zh, en, lang)

    out = alert_tables(report["alerts"], lang, ("一", "1"), ("二", "2"))
    c = report["alerts_closed"]
    out.append(
        Table(
            "work",
            L("三、本季度办结与新识别", "3. Closed this quarter and newly identified"),
            [L("项目", "item"), L("数量", "count")],
            [
                [L("本季度办结预警", "alerts closed this quarter"), c["total"]],
                [L("其中村级按时核实", "of which verified on time by the village"), c["village_on_time"]],
                [L("其中乡镇按时审核", "of which reviewed on time by the town"), c["town_on_time"]],
                [
                    L("新识别监测户（户）", "households newly identified"),
                    report["newly_identified"]["households"],
                ],
                [L("新识别监测户（人）", "people newly identified"), report["newly_identified"]["people"]],
            ],
        )
    )
    if report["education_subsidies"]:
        out.append(education_table(report["education_subsidies"], lang, ("四", "4")))
    lo, pa = report["loans"], report["projects_accepted"]
    out.append(
        Table(
            "loans_projects",
            L("五、小额信贷、贴息与项目验收", "5. Small loans, interest subsidy and projects accepted"),
            [L("项目", "item"), L("数量", "count"), L("金额（元）", "yuan")],
            [
                [
                    L("季末贷款余额", "outstanding at the quarter's end"),
                    lo["borrowers_at_end"],
                    Decimal(lo["outstanding_yuan_at_end"]),
                ],
                [
                    L("本季度贴息", "interest subsidy of the quarter"),
                    lo["interest_subsidy"]["people"],
                    Decimal(lo["interest_subsidy"]["yuan"]),
                ],
                [
                    L("本季度验收项目", "projects accepted this quarter"),
                    pa["count"],
                    Decimal(pa["investment_yuan"]),
                ],
            ],
        )
    )
    return out


def annual_title(report: dict[str, Any], lang: str) -> str:
    y, name = report["year"], report["town"]["name"]
    return (
        f"{name}{y}年度巩固拓展脱贫攻坚成果工作总结（数据）"
        if lang == "zh"
        else f"{name}: work report {y} (figures)"
    )


def quarter_title(report: dict[str, Any], lang: str) -> str:
    name, q = report["town"]["name"], report["quarter"]
    return (
        f"{name}{q[:4]}年第{q[-1]}季度防返贫监测帮扶工作报告（{report['from']} 至 {report['to']}）"
        if lang == "zh"
        else f"{name}: quarterly report {q} ({report['from']} to {report['to']})"
    )


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return f"{v:,.2f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def markdown(report: dict[str, Any], lang: str = "zh") -> str:
    return markdown_of(annual_title(report, lang), tables(report, lang))


def markdown_of(title: str, parts_: list[Table]) -> str:
    parts = [f"# {title}", ""]
    for t in parts_:
        parts += [f"## {t.title}", "", "| " + " | ".join(t.headers) + " |", "|" + "---|" * len(t.headers)]
        parts += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in t.rows]
        parts.append("")
    return "\n".join(parts)


def xlsx(report: dict[str, Any], lang: str = "zh") -> bytes:
    return xlsx_of(tables(report, lang))


def xlsx_of(parts: list[Table]) -> bytes:
    return write_workbook([(t.key, t.headers, t.rows) for t in parts])
