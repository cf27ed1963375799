"""Issue 14: files as the office has them (Excel on Chinese Windows) and answers in Chinese.

The feed is uploaded the way a town office makes it: a CSV saved by Excel's "CSV (逗号分隔)" on Chinese
Windows (GBK bytes, CRLF, no byte-order mark), an Excel 97–2003 `.xls`, a "Unicode 文本" export
(UTF-16, tab-separated), each with the source document's own words for the classes and categories.
"""

from __future__ import annotations

import io
from typing import Any

import pytest

from tests.conftest import VILLAGE_CODES, feed_item
from tests.integration.alerts.test_api import VERIFY, _feed, _one_alert

V1 = VILLAGE_CODES[1]
HEADER = ["预警编号", "预警类型", "风险类别", "村代码", "户编号", "身份证号", "姓名", "发现日期"]


def _rows() -> list[list[str]]:
    """Two good rows in the 2022 work report's words, one bad (unknown village, bad date)."""
    a, b = feed_item(31, village=V1), feed_item(32, village=V1)
    return [
        HEADER,
        [a["external_id"], "一般风险类别", "大病风险", V1, a["household_code"], a["id_number"], "李志辉", "2022-02-20"],
        [b["external_id"], "政策未落实风险类别", "养老金未发放", V1, b["household_code"], b["id_number"], "张三", "2022-02-21"],
        ["BAD-9", "一般风险", "住房风险", "430981999999", "", "", "王五", "2022-13-40"],
    ]  # fmt: skip


def _gbk_csv(rows: list[list[str]]) -> bytes:
    """What Excel on Chinese Windows writes for 另存为 → CSV (逗号分隔): code page 936, CRLF, no BOM."""
    return "\r\n".join(",".join(r) for r in rows).encode("gbk") + b"\r\n"


def _xls(rows: list[list[str]]) -> bytes:
    """An Excel 97–2003 workbook (BIFF8), the format older county templates still use."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("预警数据")
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            ws.write(i, j, value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _unicode_text(rows: list[list[str]]) -> bytes:
    """Excel's 另存为 → Unicode 文本: UTF-16 LE with a byte-order mark, tab-separated."""
    return "\r\n".join("\t".join(r) for r in rows).encode("utf-16")


@pytest.mark.parametrize(
    ("name", "make"),
    [("预警.csv", _gbk_csv), ("预警.xls", _xls), ("预警.txt", _unicode_text)],
    ids=["gbk-csv", "xls", "utf16-text"],
)
async def test_office_files_load_with_the_documents_own_words(api: Any, name: str, make: Any) -> None:
    data = make(_rows())
    if name.endswith(".csv"):
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")  # really not UTF-8: the case that used to be refused
    r = await api.post(
        "/v1/feeds/upload",
        headers={**api.integration, "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"},
        data={"batch_id": f"OFFICE-{name[-3:]}", "issued_on": "2022-03-01"},
        files={"file": (name, data, "application/octet-stream")},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["accepted"] == 2, body
    [bad] = body["rejected"]
    assert bad["index"] == 2
    assert "村代码430981999999不在本镇的村名单中" in bad["errors"], bad
    assert "发现日期不是有效日期（格式 YYYY-MM-DD）" in bad["errors"], bad
    alerts = (await api.get("/v1/alerts", headers=api.officer, params={"village_code": V1})).json()["items"]
    assert sorted((a["class"], a["category"]) for a in alerts) == [
        ("general_risk", "major_illness"),
        ("policy_not_implemented", "pension_not_paid"),
    ]
    assert sorted(a["person_name"] for a in alerts) == ["张**", "李**"]  # decoded right (and masked)
    # the batch's stored rejections answer in the language asked, later too
    zh = await api.get(f"/v1/feeds/OFFICE-{name[-3:]}", headers={**api.integration, "Accept-Language": "zh"})
    en = await api.get(f"/v1/feeds/OFFICE-{name[-3:]}", headers={**api.integration, "Accept-Language": "en"})
    assert "村代码430981999999不在本镇的村名单中" in zh.json()["rejected"][0]["errors"]
    assert "unknown village 430981999999" in en.json()["rejected"][0]["errors"]
    assert zh.headers["content-language"] == "zh"


async def test_a_file_in_no_known_encoding_is_refused_with_every_reason_in_chinese(api: Any) -> None:
    r = await api.post(
        "/v1/feeds/upload",
        headers={**api.integration, "Accept-Language": "zh-CN"},
        data={"batch_id": "OFFICE-BAD", "issued_on": "2022-03-01"},
        files={"file": ("预警.csv", b"\x81\x30\xff\xfe\x00garbage\xff", "text/csv")},
    )
    assert r.status_code == 422, r.text
    err = r.json()["error"]
    assert err["code"] == "unreadable_file"
    assert err["message"] == err["message_zh"] and "文件无法读取" in err["message"]
    assert any("GB18030" in d for d in err["details"])


async def test_bad_feed_row_in_chinese_and_in_english(api: Any) -> None:
    bad = feed_item(41, village="430981999999", category="flood")
    zh = await api.post(
        "/v1/feeds",
        headers={**api.integration, "Accept-Language": "zh-CN"},
        json={"batch_id": "LANG-1", "issued_on": "2022-03-01", "items": [bad]},
    )
    reasons = zh.json()["rejected"][0]["errors"]
    assert "村代码430981999999不在本镇的村名单中" in reasons
    assert any(r.startswith("风险类别无法识别（一般风险可用：大病、") for r in reasons), reasons
    en = await api.post(
        "/v1/feeds",
        headers={**api.integration, "Accept-Language": "en-US,en;q=0.9"},
        json={"batch_id": "LANG-2", "issued_on": "2022-03-01", "items": [{**bad, "external_id": "X-2"}]},
    )
    assert "unknown village 430981999999" in en.json()["rejected"][0]["errors"]


async def test_illegal_transition_in_chinese_and_in_english(api: Any) -> None:
    alert = await _one_alert(api, n=42)
    url = f"/v1/alerts/{alert['id']}/close-out"
    zh = await api.post(url, headers={**api.officer, "Accept-Language": "zh-CN"}, json={"outcome": "no_risk"})
    assert zh.status_code == 409
    assert zh.json()["error"]["message"] == "预警当前为“待村级核实”，不能办理“办结销号”"
    en = await api.post(url, headers={**api.officer, "Accept-Language": "en"}, json={"outcome": "no_risk"})
    assert en.json()["error"]["message"] == "cannot close an alert in status pending_village"
    # a request's shape is refused in Chinese too (pydantic's own reasons, by type)
    r = await api.post(
        f"/v1/alerts/{alert['id']}/verification",
        headers={**api.officer, "Accept-Language": "zh"},
        json={**VERIFY, "visited_on": "not a date", "visitors": None},
    )
    assert r.status_code == 422
    msgs = {d["field"]: d["msg"] for d in r.json()["error"]["details"]}
    assert msgs["visited_on"] == "应为日期（YYYY-MM-DD）", msgs


async def test_feed_words_in_json_as_in_files(api: Any) -> None:
    r = await _feed(
        api,
        "WORDS-1",
        [feed_item(43, village=V1, alert_class="一般风险", category="意外事故风险"),
         feed_item(44, village=V1, alert_class="政策未落实", category="残疾人补贴未发放")],
    )  # fmt: skip
    assert r.json()["accepted"] == 2, r.text
