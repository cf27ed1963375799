"""Hole 3 (issue 11): crafted spreadsheets are refused fast, off the event loop, in bounded memory.

Before the fix openpyxl's read-only mode padded every row to the sheet's declared <dimension>, on
the event loop: a 1.4 KB XLSX declaring A1:XFD1048576 got no answer in 60 s and the service stopped
answering everything else.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Callable
from typing import Any

import asyncpg
import psutil
import pytest
from openpyxl import Workbook

from services.common.tabular import TableFileError, TableLimits, TableTooLarge, read_table

HEADERS = ["户编号", "村代码", "姓名", "身份证号", "与户主关系"]


def _xlsx(
    mutate_sheet: Callable[[str], str] | None = None, extra_part: tuple[str, bytes] | None = None
) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    ws.append(["4309811012010001", "430981101201", "测试", "430981196001010011", "户主"])
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml" and mutate_sheet:
                data = mutate_sheet(data.decode()).encode()
            dst.writestr(info.filename, data)
        if extra_part:
            dst.writestr(*extra_part)
    return out.getvalue()


def declared_huge_dimension(xml: str) -> str:
    return re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:XFD1048576"', xml)


def far_away_cell(xml: str) -> str:
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return xml.replace("</sheetData>", far + "</sheetData>")


def wide_row(xml: str) -> str:
    return xml.replace(
        "</row></sheetData>", '<c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    )


CRAFTED = {
    "declared A1:XFD1048576": (_xlsx(declared_huge_dimension), None),
    "cell at XFD1048576": (_xlsx(far_away_cell), TableTooLarge),
    "a row 16384 columns wide": (_xlsx(wide_row), TableTooLarge),
    "zip bomb part": (_xlsx(extra_part=("xl/bomb.xml", b" " * 300_000_000)), TableTooLarge),
}


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_crafted_workbooks_are_read_within_the_caps(name: str) -> None:
    data, refused = CRAFTED[name]
    assert len(data) < 400_000
    t0 = time.perf_counter()
    if refused is None:  # a lying <dimension> alone is harmless once ignored: the real rows come back
        header, rows = read_table("x.xlsx", data)
        assert header == HEADERS and len(rows) == 1
    else:
        with pytest.raises(refused) as exc:
            read_table("x.xlsx", data)
        assert exc.value.errors
    print(f"{name}: {len(data)} bytes, {time.perf_counter() - t0:.3f} s")


def test_csv_caps_and_broken_fields_are_file_errors_not_crashes() -> None:
    huge_field = ("a," + "x" * 200_000 + "\n").encode()
    with pytest.raises(TableFileError):
        read_table("x.csv", huge_field)
    many_rows = ("h\n" + "1\n" * 20).encode()
    with pytest.raises(TableTooLarge, match="more than 10 rows"):
        read_table("x.csv", many_rows, TableLimits(max_rows=10))
    wide = (",".join(["h"] * 300) + "\n").encode()
    with pytest.raises(TableTooLarge, match="300 columns"):
        read_table("x.csv", wide)


@pytest.mark.timeout(120)
async def test_import_of_a_crafted_xlsx_answers_413_quickly_and_writes_nothing(
    households_app: Any, alerts_app: Any, clean_households: str, clean_alerts: str, make_token: Any
) -> None:
    _, households = households_app
    _, alerts = alerts_app
    auth = {"Authorization": f"Bearer {make_token('town_officer')}"}
    proc = psutil.Process()
    data = CRAFTED["cell at XFD1048576"][0]
    rss0 = proc.memory_info().rss
    t0 = time.perf_counter()
    r = await households.post("/v1/imports", headers=auth, files={"file": ("m.xlsx", data)})
    took = time.perf_counter() - t0
    grew = (proc.memory_info().rss - rss0) / 2**20
    print(
        f"households /v1/imports crafted {len(data)} B XLSX: {r.status_code} in {took:.3f} s, RSS +{grew:.1f} MB"
    )
    assert r.status_code == 413, r.text
    assert r.json()["error"]["code"] == "file_too_large" and "1048576" not in r.json()["error"]["message"]
    assert grew < 50
    r = await households.post(
        "/v1/imports", headers=auth, files={"file": ("m.xlsx", CRAFTED["declared A1:XFD1048576"][0])}
    )
    assert r.status_code in (202, 413, 422), r.text  # read as the one real row it holds
    r = await alerts.post(
        "/v1/feeds/upload",
        headers=auth,
        data={"batch_id": "X-1", "issued_on": "2022-03-01"},
        files={"file": ("f.xlsx", CRAFTED["zip bomb part"][0])},
    )
    assert r.status_code == 413 and "zip bomb" in r.text
    conn = await asyncpg.connect(clean_alerts.replace("postgresql+asyncpg", "postgresql"))
    try:
        assert await conn.fetchval("SELECT count(*) FROM alerts") == 0
    finally:
        await conn.close()
