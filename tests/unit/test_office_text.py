"""Pure parts of issue 14's "Chinese first" and "files as offices have them": bilingual reasons, the
language a request asks for, the encodings Excel writes, and the feed's own words for its codes."""

from __future__ import annotations

import pickle

import pytest

from services.alerts.feeds.validate import CATEGORY_WORDS, CLASS_WORDS, canonical_word
from services.common.i18n import localise, parse_accept_language, restored, stored, t
from services.common.tabular import TableFileError, decode_text, read_table


def test_a_text_is_its_english_and_carries_its_chinese() -> None:
    reason = t("unknown village {v}", "村代码{v}不在本镇的村名单中", v="430981999999")
    assert reason == "unknown village 430981999999" and isinstance(reason, str)
    assert reason.zh == "村代码430981999999不在本镇的村名单中"
    assert localise([reason, {"k": reason}, 3], "zh") == [
        "村代码430981999999不在本镇的村名单中",
        {"k": reason.zh},
        3,
    ]
    assert localise([reason], "en") == ["unknown village 430981999999"]
    assert pickle.loads(pickle.dumps(reason)).zh == reason.zh
    assert restored(stored([reason, "plain"])) == [reason, "plain"]
    assert restored(stored([reason]))[0].zh == reason.zh


def test_codes_in_a_reason_are_named_in_chinese() -> None:
    reason = t(
        "cannot {a} an alert in status {s}", "预警当前为“{s}”，不能办理“{a}”", a="close", s="pending_village"
    )
    assert reason == "cannot close an alert in status pending_village"
    assert reason.zh == "预警当前为“待村级核实”，不能办理“办结销号”"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "en"),
        ("", "en"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("en-US,en;q=0.9,zh-CN;q=0.8", "en"),
        ("en;q=0.3, zh-Hans;q=0.7", "zh"),
        ("fr-FR", "en"),
        ("zh;q=0", "en"),
        ("zh;q=abc, en", "en"),
        ("ZH-tw", "zh"),
    ],
)
def test_accept_language_picks_by_q_value(header: str | None, expected: str) -> None:
    assert parse_accept_language(header) == expected


ROWS = "户编号,姓名,备注\r\n430981101201,李志辉,“两不愁三保障”已核实\r\n"


@pytest.mark.parametrize(
    "data",
    [
        ROWS.encode("gbk"),  # Excel "CSV (逗号分隔)" on Chinese Windows
        ROWS.encode("gb18030"),
        ROWS.encode("utf-8"),
        ROWS.encode("utf-8-sig"),  # Excel "CSV UTF-8"
        ROWS.replace(",", "\t").encode("utf-16"),  # Excel "Unicode 文本"
    ],
    ids=["gbk", "gb18030", "utf8", "utf8-bom", "utf16-tab"],
)
def test_office_encodings_read_the_same_table(data: bytes) -> None:
    header, rows = read_table("x.csv", data)
    assert header == ["户编号", "姓名", "备注"]
    assert rows == [["430981101201", "李志辉", "“两不愁三保障”已核实"]]


def test_a_rare_character_outside_gbk_survives_gb18030() -> None:
    text = "姓名\r\n𠮷野家\r\n"  # U+20BB7: not in GBK, in GB18030
    assert decode_text(text.encode("gb18030")) == text


def test_bytes_that_are_no_text_are_refused_with_the_reason() -> None:
    with pytest.raises(TableFileError) as exc:
        read_table("x.csv", b"\x81\x30\xff\xfe\x00\xff")
    assert "GB18030" in exc.value.errors[0]
    with pytest.raises(TableFileError) as exc:
        read_table("x.xls", b"not a workbook at all")
    assert "not an Excel file" in exc.value.errors[0]


@pytest.mark.parametrize(
    ("word", "words", "code"),
    [
        ("一般风险类别", CLASS_WORDS, "general_risk"),
        ("一般风险", CLASS_WORDS, "general_risk"),
        ("政策未落实风险类别", CLASS_WORDS, "policy_not_implemented"),
        ("大病风险", CATEGORY_WORDS, "major_illness"),
        (" 大病 ", CATEGORY_WORDS, "major_illness"),
        ("住房风险", CATEGORY_WORDS, "housing"),
        ("就业风险", CATEGORY_WORDS, "employment"),
        ("意外事故风险", CATEGORY_WORDS, "accident"),
        ("其他风险", CATEGORY_WORDS, "other"),
        ("养老金未发放", CATEGORY_WORDS, "pension_not_paid"),
        ("残疾人补贴未发放", CATEGORY_WORDS, "disability_subsidy_not_paid"),
        ("ｍａｊｏｒ＿ｉｌｌｎｅｓｓ", CATEGORY_WORDS, "major_illness"),  # full-width, from an IME
        ("洪水", CATEGORY_WORDS, "洪水"),  # unknown: left for the validation to name
        (None, CATEGORY_WORDS, None),
    ],
)
def test_the_source_documents_words_map_to_codes(word: str | None, words: dict[str, str], code: str) -> None:
    assert canonical_word(word, words) == code


def test_every_event_type_has_a_chinese_label_for_the_dashboard() -> None:
    from services.common.events.types import LABELS_ZH, EventType, label_zh

    assert set(LABELS_ZH) == set(EventType)
    assert label_zh("alerts.alert.verified") == "村级核实上报"
    assert label_zh("alerts.alert.from_a_newer_version") == "alerts.alert.from_a_newer_version"


def test_every_detector_and_withheld_subsidy_reads_in_chinese() -> None:
    """Issue 14: the older detectors' names and the interest-subsidy withholding reasons in Chinese too."""
    import re

    from services.loans.schedule import withheld_text
    from services.reports.findings import DETECTORS

    cjk = re.compile(r"[\u4e00-\u9fff]")
    assert all(cjk.search(text.zh) and not cjk.fullmatch(str(text)[:1]) for text in DETECTORS.values())
    why = withheld_text("interest due 2022-03-20 paid 2022-04-04; overdue 2022-03-21..2022-04-04")
    assert why is not None and str(why).startswith("interest due 2022-03-20")
    assert why.zh == "2022-03-20到期的利息于2022-04-04才归还；2022-03-21至2022-04-04逾期，不予贴息"
    assert withheld_text("written off 2022-05-01").zh == "已于2022-05-01核销，不予贴息"  # type: ignore[union-attr]
    assert withheld_text(None) is None


def test_a_refused_repayment_gives_every_reason_in_both_languages() -> None:
    from datetime import date
    from decimal import Decimal

    from services.loans.repayments import repayment_errors

    errors = repayment_errors(
        paid_on=date(2030, 1, 1),
        disbursed_on=date(2022, 1, 10),
        interest=Decimal("-1"),
        principal=Decimal("60000.001"),
        today=date(2026, 12, 3),
        outstanding=Decimal("50000"),
    )
    assert [localise(e, "zh") for e in errors] == [
        "还款日期2030-01-01晚于今天",
        "利息不能为负数",
        "本金最多保留两位小数",
        "归还本金60000.00元超过未还本金50000.00元",
    ]
