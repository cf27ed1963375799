"""The home verification's paper trail: evidence files (photos, scanned signed forms) kept by their
SHA-256 and served only within the caller's villages, and the filled 入户核查表 as a printable PDF in
Chinese. Each upload is an entry on the alert's audit trail."""

from __future__ import annotations

import io
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from services.alerts.context import AlertsContext
from services.alerts.models import Alert, EvidenceFile
from services.alerts.queries import scoped
from services.alerts.recording import record
from services.common.auth import Principal
from services.common.errors import APIError, not_found
from services.common.filestore import FileStore, FilesystemStore, check_upload
from services.common.filestore_s3 import S3Store
from services.common.i18n import t

KINDS = {"photo": "照片", "signed_form": "签字核查表", "other": "其他材料"}
CHECKS = (
    ("food_clothing", "不愁吃、不愁穿"),
    ("compulsory_education", "义务教育有保障"),
    ("basic_medical", "基本医疗有保障"),
    ("housing_safety", "住房安全有保障"),
    ("drinking_water", "饮水安全有保障"),
)
FINDINGS = {"no_risk": "无风险", "risk": "有风险", "policy_issue": "政策未落实"}


def store_of(ctx: AlertsContext) -> FileStore:
    """The store the settings choose: an S3-compatible bucket when an endpoint is set (made once per
    context, it keeps its HTTP connections), else the filesystem directory."""
    st = ctx.settings
    if not st.alerts_evidence_s3_endpoint:
        return FilesystemStore(Path(st.alerts_evidence_dir))
    if ctx.evidence_store is None:
        ctx.evidence_store = S3Store(
            endpoint=st.alerts_evidence_s3_endpoint,
            bucket=st.alerts_evidence_s3_bucket,
            access_key=st.alerts_evidence_s3_access_key,
            secret_key=st.alerts_evidence_s3_secret_key.get_secret_value(),
            region=st.alerts_evidence_s3_region,
            prefix=st.alerts_evidence_s3_prefix,
            addressing=st.alerts_evidence_s3_addressing,
        )
    store: FileStore = ctx.evidence_store
    return store


async def _alert(
    ctx: AlertsContext, s: Any, alert_id: uuid.UUID, principal: Principal, *, lock: bool
) -> Alert:
    query = scoped(select(Alert).where(col(Alert.id) == alert_id), principal)
    if lock:
        query = query.with_for_update(of=Alert)
    alert: Alert | None = (await s.scalars(query)).first()
    if alert is None:
        raise not_found("alert")
    return alert


async def upload(
    ctx: AlertsContext, *, principal: Principal, alert_id: uuid.UUID, kind: str, filename: str, data: bytes
) -> dict[str, Any]:
    """Keep a file with the alert's verification (once per content); 422 with every reason otherwise."""
    media, errors = check_upload(data, ctx.settings.alerts_evidence_max_bytes)
    if kind not in KINDS:
        errors.append(t("kind must be one of {k}", "材料类型应为：{k}", k=", ".join(KINDS)))
    if errors:
        raise APIError(422, "validation_failed", "the file is not taken", list(errors))
    assert media is not None
    async with ctx.db.transaction() as s:
        alert = await _alert(ctx, s, alert_id, principal, lock=True)
        digest = await store_of(ctx).put(data)  # content-addressed: a retry stores nothing new
        known = await s.get(EvidenceFile, (alert_id, digest))
        if known is None:
            s.add(
                EvidenceFile(
                    alert_id=alert_id,
                    sha256=digest,
                    kind=kind,
                    media_type=media,
                    size=len(data),
                    filename=filename[-200:] or "upload",
                    uploaded_by=principal.sub,
                )
            )
            await record(
                s,
                alert,
                key=ctx.audit_key,
                actor=principal.actor(),
                action="evidence_added",
                from_status=alert.status,
                details={"sha256": digest, "kind": kind, "media_type": media, "size": len(data)},
                event_type=None,
            )
    return {"sha256": digest, "kind": kind, "media_type": media, "size": len(data)}


async def download(
    ctx: AlertsContext, *, principal: Principal, alert_id: uuid.UUID, digest: str
) -> tuple[bytes, str]:
    """A file of an alert the caller may see; 404 for anything else (another village's, unknown)."""
    async with ctx.db.session() as s:
        await _alert(ctx, s, alert_id, principal, lock=False)
        meta = await s.get(EvidenceFile, (alert_id, digest)) if len(digest) == 64 else None
    data = await store_of(ctx).get(digest) if meta is not None else None
    if meta is None or data is None:
        raise not_found("evidence file")
    return data, meta.media_type


async def form_pdf(ctx: AlertsContext, *, principal: Principal, alert_id: uuid.UUID) -> bytes:
    """The filled home-verification form (入户核查表) as a PDF, in Chinese."""
    async with ctx.db.session() as s:
        alert = await _alert(ctx, s, alert_id, principal, lock=False)
        files = (
            await s.scalars(
                select(EvidenceFile)
                .where(col(EvidenceFile.alert_id) == alert_id)
                .order_by(col(EvidenceFile.uploaded_at))
            )
        ).all()
    if not alert.verification:
        raise APIError(409, "invalid_state", "the alert has no verification yet", [{"status": alert.status}])
    return render_form(alert, alert.verification, [(f.kind, f.sha256, f.size) for f in files])


def _yes(value: bool | None) -> str:
    return "是" if value else "否" if value is not None else "—"


def render_form(alert: Alert, v: dict[str, Any], files: list[tuple[str, str, int]]) -> bytes:
    """The form on one A4 page: the alert, the visit, the five checks, money, the risk, the evidence."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = "STSong-Light"  # a standard CID font (Adobe-GB1): nothing to embed, every reader has it
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=15)
    title = ParagraphStyle("title", fontName=font, fontSize=18, leading=24, alignment=1)
    form = v.get("form") or {}

    def p(text: Any) -> Paragraph:
        return Paragraph(str(text if text not in (None, "") else "—"), body)

    head = [
        [p("预警编号"), p(alert.external_id), p("村代码"), p(alert.village_code)],
        [p("户编号"), p(alert.household_code), p("预警类别"), p(f"{alert.alert_class} / {alert.category}")],
        [p("入户日期"), p(v.get("visited_on")), p("上报日期"), p(v.get("reported_on"))],
        [
            p("核查人员"),
            p("、".join(v.get("visitors") or [])),
            p("核查结论"),
            p(FINDINGS.get(v.get("finding", ""), v.get("finding"))),
        ],
    ]
    checks = [[p("核查项目"), p("是否有保障"), p("情况说明")]]
    for key, label in CHECKS:
        item = form.get(key) or {}
        checks.append([p(label), p(_yes(item.get("met"))), p(item.get("note"))])
    money = [
        [
            p("家庭年收入（元）"),
            p(form.get("household_income")),
            p("刚性支出（元）"),
            p(form.get("large_spending")),
        ],
        [p("发现的风险"), p(form.get("risk_found")), p("备注"), p(v.get("notes"))],
    ]
    evidence = [[p("佐证材料"), p("SHA-256"), p("大小（字节）")]] + [
        [p(KINDS.get(kind, kind)), p(digest), p(size)] for kind, digest, size in files
    ]
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, title="入户核查表", leftMargin=40, rightMargin=40, topMargin=40)
    story: list[Any] = [Paragraph("防止返贫监测 入户核查表", title), Spacer(1, 10)]
    for rows, widths in (
        (head, [70, 170, 70, 205]),
        (checks, [130, 80, 305]),
        (money, [100, 160, 80, 175]),
        (evidence, [100, 320, 95]),
    ):
        table = Table(rows, colWidths=widths)
        table.setStyle(grid)
        story += [table, Spacer(1, 8)]
    story.append(
        Paragraph("核查人员签字：____________　　户主签字：____________　　日期：____________", body)
    )
    doc.build(story)
    return out.getvalue()
