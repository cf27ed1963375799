from datetime import date

from services.alerts.config import DEFAULT_CATEGORIES
from services.alerts.feeds.upload import parse_csv, parse_xlsx
from services.alerts.feeds.validate import validate_items
from tests.conftest import VILLAGE_CODES, feed_item

TODAY = date(2026, 11, 28)


def _validate(items: list) -> tuple[list, list]:
    return validate_items(
        items,
        categories=DEFAULT_CATEGORIES,
        known_villages=set(VILLAGE_CODES),
        today=TODAY,
        allowed_classes=["general_risk", "policy_not_implemented"],
    )


def test_bad_rows_listed_with_every_reason() -> None:
    good = feed_item(1)
    bad_check = feed_item(
        2, id_number=feed_item(2)["id_number"][:17] + ("0" if feed_item(2)["id_number"][17] != "0" else "1")
    )
    unknown_category = feed_item(3, category="flood")
    unknown_village = feed_item(4, village_code="430981999999")
    future = feed_item(5, detected_on=date(2030, 1, 1))
    dup = feed_item(1)
    many = feed_item(6, category="flood", village_code="12", detected_on=date(2030, 1, 1))
    valid, rejected = _validate([good, bad_check, unknown_category, unknown_village, future, dup, many, "x"])
    assert [v.external_id for v in valid] == [good["external_id"]]
    reasons = {r.index: r.errors for r in rejected}
    assert any("check digit" in e for e in reasons[1])
    assert any("unknown category" in e for e in reasons[2])
    assert reasons[3] == ["unknown village 430981999999"]
    assert any("in the future" in e for e in reasons[4])
    assert any("duplicate external_id" in e for e in reasons[5])
    assert len(reasons[6]) == 3  # category, village format, future date — all of them
    assert reasons[7] == ["item must be a JSON object"]


def test_internal_class_not_accepted_from_the_province() -> None:
    _, rejected = _validate([feed_item(1, alert_class="internal", category="loan_overdue")])
    assert "unknown class" in rejected[0].errors[0]


def test_csv_with_chinese_headers_and_values() -> None:
    code = VILLAGE_CODES[1]
    data = (
        "预警编号,预警类型,风险类别,村代码,身份证号,姓名,发现日期\n"
        f"HN-1,一般风险,大病,{code},11010519491231002X,张三,2022-02-26\n"
    ).encode("utf-8-sig")
    items = parse_csv(data)
    assert items == [
        {
            "external_id": "HN-1",
            "class": "general_risk",
            "category": "major_illness",
            "village_code": code,
            "id_number": "11010519491231002X",
            "person_name": "张三",
            "detected_on": "2022-02-26",
        }
    ]
    valid, rejected = _validate(items)
    assert len(valid) == 1 and not rejected


def test_xlsx_with_dates() -> None:
    import io
    from datetime import datetime

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["外部编号", "类型", "类别", "村代码", "发现日期"])
    ws.append(["HN-2", "政策未落实", "养老金未发放", VILLAGE_CODES[2], datetime(2022, 3, 1)])
    buf = io.BytesIO()
    wb.save(buf)
    items = parse_xlsx(buf.getvalue())
    assert items[0]["category"] == "pension_not_paid" and items[0]["detected_on"] == "2022-03-01"


def test_gbk_csv_is_read_and_bytes_of_no_known_encoding_are_refused_with_a_reason() -> None:
    """Issue 14: Excel on Chinese Windows saves CSV in GBK; that used to be refused ("not UTF-8")."""
    import pytest

    from services.alerts.feeds.upload import FeedFileError

    assert parse_csv("外部编号,风险类别\r\nA,大病风险\r\n".encode("gbk")) == [
        {"external_id": "A", "category": "major_illness"}
    ]
    with pytest.raises(FeedFileError) as exc:
        parse_csv(b"\x81\x30\xff\xfe\x00\xff")
    assert "neither UTF-8 nor GB18030" in exc.value.errors[0]
