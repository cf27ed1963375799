"""The report as PDF with charts: it opens, pdftoppm renders page 1 to a PNG that is not blank, and
the text layer carries the JSON's numbers (pure rendering; poppler-utils from Debian)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from PIL import Image

from services.reports import pdf, render
from tests.unit.test_report_render import _report

CHARTS = {
    "monthly": [{"month": f"2022-{m:02d}", "received": m * 3, "closed": m * 2} for m in range(1, 13)],
    "on_time_by_village": [
        {"village_code": "430981101201", "name": "东村", "village": 1.0, "town": 0.5},
        {"village_code": "430981101202", "name": "西村", "village": 0.75, "town": None},
    ],
}


def _pdftoppm() -> str:
    tool = shutil.which("pdftoppm")
    assert tool, "pdftoppm is missing: install Debian's poppler-utils (make sysdeps)"
    return tool


def _render_page1(body: bytes, tmp: Path) -> Image.Image:
    (tmp / "r.pdf").write_bytes(body)
    subprocess.run(
        [_pdftoppm(), "-png", "-r", "60", "-f", "1", "-l", "1", str(tmp / "r.pdf"), str(tmp / "p")],
        check=True,
    )
    pages = sorted(tmp.glob("p*.png"))
    assert len(pages) == 1, pages
    return Image.open(pages[0]).convert("L")


def _text(body: bytes, tmp: Path) -> str:
    (tmp / "t.pdf").write_bytes(body)
    tool = shutil.which("pdftotext")
    assert tool
    return subprocess.run(
        [tool, "-layout", str(tmp / "t.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout


def _annual(lang: str) -> bytes:
    report: dict[str, Any] = _report()
    return pdf.render(
        render.annual_title(report, lang), render.tables(report, lang), report["alerts_2022"], CHARTS, lang
    )


def test_annual_pdf_renders_with_charts_and_numbers(tmp_path: Path) -> None:
    for lang in ("en", "zh"):
        body = _annual(lang)
        assert body.startswith(b"%PDF-") and body.rstrip().endswith(b"%%EOF")
        out = tmp_path / lang
        out.mkdir()
        page = _render_page1(body, out)
        lo, hi = page.getextrema()
        assert lo < 100 and hi > 200, "page 1 is blank"
        dark = sum(page.histogram()[:128])
        assert dark > 2000, f"page 1 has almost nothing drawn ({dark} dark pixels)"
    text = _text(_annual("en"), tmp_path)
    assert (
        "work report 2022" in text
        and "4,705,900.00" in text
        and "Alerts received vs closed per month" in text
    )
    assert "492" in text  # employment table


def test_pdf_is_deterministic() -> None:
    assert _annual("en") == _annual("en")
