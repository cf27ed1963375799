"""Issue 14, the home-verification form (入户核查表): a verification with the full form and two photos;
its PDF, rendered with pdftoppm and read with pdftotext, shows the Chinese form with the answers; a cadre
of another village gets 404 for the photos; a file is what its bytes say, not its name."""

from __future__ import annotations

import asyncio
import io
import subprocess
from pathlib import Path
from typing import Any

from PIL import Image

from tests.integration.alerts.test_api import VERIFY, _one_alert

FORM = {
    "food_clothing": {"met": True, "note": "口粮充足，四季衣被齐全"},
    "compulsory_education": {"met": True},
    "basic_medical": {"met": False, "note": "户主患重病，自付医疗费用高"},
    "housing_safety": {"met": True, "note": "住房为砖混结构，安全等级A级"},
    "drinking_water": {"met": True},
    "household_income": "18600.00",
    "large_spending": "42000.50",
    "risk_found": "因病致贫返贫风险",
}


def _image(fmt: str, colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, format=fmt)
    return out.getvalue()


async def test_the_full_form_two_photos_and_its_chinese_pdf(
    api: Any, alerts_app: Any, tmp_path: Path
) -> None:
    alerts_app[0].state.ctx.settings.alerts_evidence_dir = str(tmp_path / "evidence")
    alert = await _one_alert(api, n=71)
    aid = alert["id"]
    r = await api.post(
        f"/v1/alerts/{aid}/verification",
        headers=api.cadre1,
        json={**VERIFY, "finding": "risk", "visitors": ["村支书 李某", "驻村队员 王某"], "form": FORM},
    )
    assert r.status_code == 200, r.text

    photos = {"门前.jpg": _image("JPEG", (200, 30, 30)), "厨房.png": _image("PNG", (30, 200, 30))}
    digests = {}
    for name, data in photos.items():
        up = await api.post(
            f"/v1/alerts/{aid}/evidence",
            headers=api.cadre1,
            data={"kind": "photo"},
            files={"file": (name, data)},
        )
        assert up.status_code == 201, up.text
        digests[name] = up.json()["sha256"]
    # a renamed executable is refused by its bytes, whatever its name
    fake = await api.post(
        f"/v1/alerts/{aid}/evidence",
        headers={**api.cadre1, "Accept-Language": "zh"},
        data={"kind": "photo"},
        files={"file": ("照片.jpg", b"MZ\x90\x00 not a picture")},
    )
    assert fake.status_code == 422 and "文件内容不是 JPEG、PNG 或 PDF" in fake.json()["error"]["details"][0]

    # the photo comes back to the village's cadre, byte for byte; another village's cadre gets 404
    got = await api.get(f"/v1/alerts/{aid}/evidence/{digests['门前.jpg']}", headers=api.cadre1)
    assert (
        got.status_code == 200
        and got.content == photos["门前.jpg"]
        and got.headers["content-type"] == "image/jpeg"
    )
    for digest in digests.values():
        assert (await api.get(f"/v1/alerts/{aid}/evidence/{digest}", headers=api.cadre2)).status_code == 404
    assert (await api.get(f"/v1/alerts/{aid}/verification.pdf", headers=api.cadre2)).status_code == 404

    pdf = await api.get(f"/v1/alerts/{aid}/verification.pdf", headers=api.officer)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf.content)
    await asyncio.to_thread(
        subprocess.run, ["pdftoppm", "-r", "60", "-png", str(path), str(tmp_path / "page")], check=True
    )
    page = Image.open(next(tmp_path.glob("page*.png")))
    assert (
        page.size[0] > 400 and len(page.convert("L").getcolors(maxcolors=256 * 256) or []) > 2
    )  # drawn, not blank
    read = await asyncio.to_thread(
        subprocess.run, ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    )
    text = read.stdout
    compact = "".join(text.split())
    for expected in (
        "入户核查表",
        "不愁吃、不愁穿",
        "基本医疗有保障",
        "户主患重病，自付医疗费用高",
        "18600.00",
        "42000.50",
        "因病致贫返贫风险",
        "村支书李某、驻村队员王某",
        "有风险",
        digests["厨房.png"][:16],
    ):
        assert expected in compact, (expected, compact[:800])
    # the uploads are on the alert's audit trail
    audit = (await api.get(f"/v1/alerts/{aid}/audit", headers=api.officer)).json()["entries"]
    assert [e["action"] for e in audit].count("evidence_added") == 2
