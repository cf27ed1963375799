"""Per-village ledgers (台账) as the county files them: one workbook per village and year, one sheet per
ledger — monitoring objects, helpers' visits, alerts, small loans — with Chinese headers, built from the
read models only. No names or ID numbers: households are named by their codes."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.common.i18n import label
from services.common.tabular import write_workbook
from services.reports.pdf import _font, document, table_of

MONITORING_TYPE = {
    "unstable_alleviated": "脱贫不稳定户",
    "marginal": "边缘易致贫户",
    "sudden_hardship": "突发严重困难户",
}
LOAN_STATUS = {"applied": "已申请", "approved": "已审批", "rejected": "未通过", "disbursed": "已放款",
               "repaid": "已结清", "written_off": "已核销"}  # fmt: skip

VISIT_FORM = {"concern": "发现问题", "checked": "无异常"}  # the short form's verdict (none: not filled)

SHEETS = {
    "monitoring": (
        "监测对象台账",
        ["村代码", "户编号", "监测类型", "年末状态", "纳入日期", "风险消除日期", "风险类别", "家庭人口"],
    ),
    "visits": ("走访台账", ["村代码", "户编号", "走访日期", "帮扶责任人编号", "走访简表"]),
    "alerts": (
        "预警处置台账",
        [
            "村代码",
            "预警编号",
            "预警类型",
            "风险类别",
            "接收日期",
            "村级核实时限",
            "上报日期",
            "乡镇审核日期",
            "办结日期",
            "处置结果",
            "是否逾期",
        ],
    ),
    "loans": ("小额信贷台账", ["村代码", "户编号", "本金(元)", "放款日期", "到期日期", "结清日期", "状态"]),
}


async def ledger_rows(s: AsyncSession, village: str, year: int) -> dict[str, list[list[Any]]]:
    first, last = date(year, 1, 1), date(year, 12, 31)
    p = {"v": village, "first": first, "last": last}
    monitoring = [
        [r.village_code, r.household_code, MONITORING_TYPE.get(r.monitoring_type, r.monitoring_type),
         "风险已消除" if r.eliminated_on and r.eliminated_on <= last else "监测中", r.identified_on,
         r.eliminated_on if r.eliminated_on and r.eliminated_on <= last else None,
         label(r.risk_category) if r.risk_category else "", r.member_count]
        for r in await s.execute(
            # every span of the year (identified by its end, not ended before its start), as of its end
            text("SELECT sp.*, h.risk_category, h.member_count, e.eliminated_on FROM rm_monitoring_spans sp "
                 "JOIN rm_households h ON h.household_code = sp.household_code LEFT JOIN LATERAL (SELECT "
                 "min(x.eliminated_on) AS eliminated_on FROM rm_eliminations x WHERE x.household_code = "
                 "sp.household_code AND x.eliminated_on >= sp.identified_on) e ON true WHERE sp.village_code = :v "
                 "AND sp.identified_on <= :last AND (e.eliminated_on IS NULL OR e.eliminated_on >= :first) "
                 "ORDER BY sp.household_code, sp.identified_on"), p)
    ]  # fmt: skip
    visits = [
        [r.village_code, r.household_code, r.fact_on, r.helper_id or "", VISIT_FORM.get(r.category, "")]
        for r in await s.execute(
            text("SELECT * FROM rm_facts WHERE village_code = :v AND kind = 'visit_recorded' "
                 "AND fact_on BETWEEN :first AND :last ORDER BY fact_on, household_code, record_id"), p)
    ]  # fmt: skip
    alerts = [
        [r.village_code, r.external_id, label(r.alert_class), label(r.category), r.received_on, r.village_due_on,
         r.reported_on, r.reviewed_on, r.closed_on, label(r.final_outcome) if r.final_outcome else "",
         "是" if r.overdue else "否"]
        for r in await s.execute(
            text("SELECT * FROM rm_alerts WHERE village_code = :v AND received_on BETWEEN :first AND :last "
                 "ORDER BY received_on, external_id"), p)
    ]  # fmt: skip
    loans = [
        [r.village_code, r.household_code, r.principal, r.disbursed_on, r.maturity_on, r.closed_on,
         LOAN_STATUS.get(r.status, r.status)]
        for r in await s.execute(
            text("SELECT * FROM rm_loans WHERE village_code = :v AND (disbursed_on IS NULL OR disbursed_on <= :last) "
                 "AND (closed_on IS NULL OR closed_on >= :first) ORDER BY household_code, loan_id"), p)
    ]  # fmt: skip
    return {"monitoring": monitoring, "visits": visits, "alerts": alerts, "loans": loans}


def workbook(rows: dict[str, list[list[Any]]]) -> bytes:
    return write_workbook([(SHEETS[k][0], SHEETS[k][1], rows[k]) for k in SHEETS])


def pdf(rows: dict[str, list[list[Any]]], *, village: str, year: int) -> bytes:
    """The same ledgers as a printable PDF (A4 landscape, Chinese), one section per ledger, for filing."""
    font = _font("zh")
    h1 = ParagraphStyle("h1", fontName=font, fontSize=14, leading=19, spaceAfter=4)
    h2 = ParagraphStyle("h2", fontName=font, fontSize=11, leading=15, spaceBefore=8, spaceAfter=4)
    title = f"{village} {year}年台账"
    buf = io.BytesIO()
    story: list[Any] = [Paragraph(title, h1)]
    for key, (name, headers) in SHEETS.items():
        story += [Paragraph(f"{name}（{len(rows[key])}条）", h2)]
        story += [table_of(headers, rows[key], font, size=7) if rows[key] else Paragraph("无", h2)]
    document(buf, title, landscape_pages=True).build(story)
    return buf.getvalue()
