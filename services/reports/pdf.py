"""Reports as PDF with charts (reportlab): alerts by category and by outcome, alerts received vs closed
per month, the on-time rate of each stage by village; then every table of the report.

Chinese text uses the PDF standard CID font STSong-Light (Adobe-GB1; nothing to embed, every PDF reader
supplies it); English uses Helvetica. Every number comes from the report JSON and `chart_data`.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from services.reports.render import CATEGORY, OUTCOME, _cell
from services.reports.render import Table as ReportTable

CJK = "STSong-Light"
BLUE, ORANGE, GREEN, GREY = (
    colors.HexColor("#1565c0"),
    colors.HexColor("#ef6c00"),
    colors.HexColor("#2e7d32"),
    colors.HexColor("#dfe4ea"),
)
WIDTH = A4[0] - 30 * mm


def _font(lang: str) -> str:
    if lang == "zh":
        if CJK not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(CJK))
        return CJK
    return "Helvetica"


def _t(zh: str, en: str, lang: str) -> str:
    return zh if lang == "zh" else en


def _title(d: Drawing, text: str, font: str) -> None:
    d.add(String(0, d.height - 12, text, fontName=font, fontSize=10, fillColor=colors.HexColor("#1d2733")))


def _bars(
    title: str,
    labels: list[str],
    series: list[tuple[str, list[float], Any]],
    font: str,
    *,
    height: float = 170,
    percent: bool = False,
    horizontal: bool = False,
) -> Drawing:
    d = Drawing(WIDTH, height)
    _title(d, title, font)
    chart = HorizontalBarChart() if horizontal else VerticalBarChart()
    chart.x, chart.y = (90, 15) if horizontal else (35, 45)
    chart.width = WIDTH - chart.x - 20
    chart.height = height - chart.y - (40 if len(series) > 1 else 25)
    chart.data = [values or [0] for _, values, _ in series]
    for i, (_, _, color) in enumerate(series):
        chart.bars[i].fillColor = color
        chart.bars[i].strokeColor = None
    chart.categoryAxis.categoryNames = labels or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    if not horizontal and len(labels) > 6:
        chart.categoryAxis.labels.angle = 30
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.labels.fontName = "Helvetica"
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    top = max([max(v) for _, v, _ in series if v] + [1])
    chart.valueAxis.valueMax = 1 if percent else top * 1.15
    if percent:
        chart.valueAxis.valueStep = 0.25
        chart.valueAxis.labelTextFormat = lambda v: f"{v * 100:.0f}%"
    chart.barLabels.fontName = "Helvetica"
    chart.barLabels.fontSize = 6
    chart.barLabelFormat = (lambda v: f"{v * 100:.0f}%") if percent else "%d"
    chart.barLabels.nudge = 6
    d.add(chart)
    if len(series) > 1:
        legend = Legend()
        legend.x, legend.y = chart.x + chart.width - 150, height - 14
        legend.dx = legend.dy = 6
        legend.fontName, legend.fontSize = font, 7
        legend.alignment = "right"
        legend.colorNamePairs = [(color, name) for name, _, color in series]
        legend.deltax = 80
        legend.columnMaximum = 1
        d.add(legend)
    return d


def charts(alerts: dict[str, Any], data: dict[str, Any], lang: str) -> list[Drawing]:
    font = _font(lang)
    cats = {
        **alerts["general_risk"],
        **alerts["policy_not_implemented"],
        **alerts.get("other_categories", {}),
    }
    outcomes = {**alerts["outcomes"], "open": alerts["open"]}
    out = [
        _bars(
            _t("预警按类别（条）", "Alerts by category", lang),
            [_t(*CATEGORY[c], lang) if c in CATEGORY else c for c in cats],
            [("", [float(n) for n in cats.values()], BLUE)],
            font,
        ),
        _bars(
            _t("预警按处置结果（条）", "Alerts by outcome", lang),
            [_t(*OUTCOME[k], lang) if k in OUTCOME else _t("未办结", "still open", lang) for k in outcomes],
            [("", [float(n) for n in outcomes.values()], GREEN)],
            font,
            height=150,
        ),
        _bars(
            _t("每月受理与办结（条）", "Alerts received vs closed per month", lang),
            [m["month"][2:] for m in data["monthly"]],
            [
                (_t("受理", "received", lang), [float(m["received"]) for m in data["monthly"]], BLUE),
                (_t("办结", "closed", lang), [float(m["closed"]) for m in data["monthly"]], ORANGE),
            ],
            font,
        ),
    ]
    villages = data["on_time_by_village"]
    if villages:
        out.append(
            _bars(
                _t("各村按时率（村级核实、乡镇审核）", "On-time rate by village (village, town stage)", lang),
                [v["name"] for v in villages],
                [
                    (_t("村级核实", "village", lang), [v["village"] or 0.0 for v in villages], BLUE),
                    (_t("乡镇审核", "town", lang), [v["town"] or 0.0 for v in villages], ORANGE),
                ],
                font,
                height=40 + 22 * len(villages),
                percent=True,
                horizontal=True,
            )
        )
    return out


def table_of(headers: list[str], rows: list[list[Any]], font: str, *, size: int = 8) -> Table:
    """A table with its header row repeated on each page; numbers right-aligned."""
    table = Table([headers] + [[_cell(v) for v in row] for row in rows], repeatRows=1, hAlign="LEFT")
    numeric = [
        i for i in range(len(headers)) if any(isinstance(r[i], int | Decimal) for r in rows if i < len(r))
    ]
    style = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), size),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f0f3f6")),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, GREY),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    style += [("ALIGN", (i, 1), (i, -1), "RIGHT") for i in numeric]
    table.setStyle(TableStyle(style))
    return table


def document(buf: io.BytesIO, title: str, *, landscape_pages: bool = False) -> SimpleDocTemplate:
    """An A4 document with 15 mm margins and no timestamps (the same content gives the same bytes)."""
    return SimpleDocTemplate(
        buf,
        pagesize=landscape(A4) if landscape_pages else A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title,
        author="ruralwatch",
        invariant=True,
    )


def render(
    title: str,
    tables: list[ReportTable],
    alerts: dict[str, Any],
    data: dict[str, Any],
    lang: str = "zh",
) -> bytes:
    """The report as PDF: title, the charts, then every table."""
    font = _font(lang)
    h1 = ParagraphStyle("h1", fontName=font, fontSize=15, leading=20, spaceAfter=6)
    h2 = ParagraphStyle("h2", fontName=font, fontSize=11, leading=15, spaceBefore=8, spaceAfter=4)
    note = ParagraphStyle("note", fontName=font, fontSize=8, leading=11, textColor=colors.HexColor("#6b7785"))
    buf = io.BytesIO()
    doc = document(buf, title)
    story: list[Any] = [
        Paragraph(title, h1),
        Paragraph(
            _t(
                "数据均由事件流生成（ruralwatch reports）；金额单位：元。",
                "Built from the event topics by ruralwatch reports; money in yuan.",
                lang,
            ),
            note,
        ),
        Spacer(1, 4 * mm),
    ]
    for drawing in charts(alerts, data, lang):
        story += [drawing, Spacer(1, 3 * mm)]
    story.append(PageBreak())
    for t in tables:
        story += [Paragraph(t.title, h2), table_of(t.headers, t.rows, font)]
    doc.build(story)
    return buf.getvalue()
