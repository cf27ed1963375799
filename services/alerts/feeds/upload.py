"""CSV and XLSX feed files (UTF-8; English or Chinese headers and values) → feed items."""

from __future__ import annotations

from typing import Any

from services.common.tabular import TableFileError, normalise_rows, read_table

FeedFileError = TableFileError

HEADER_ALIASES: dict[str, str] = {
    "external_id": "external_id", "外部编号": "external_id", "预警编号": "external_id", "编号": "external_id",
    "class": "class", "预警类型": "class", "类型": "class", "风险类型": "class",
    "category": "category", "风险类别": "category", "类别": "category", "预警类别": "category",
    "village_code": "village_code", "村代码": "village_code", "行政区划代码": "village_code",
    "村级代码": "village_code",
    "household_code": "household_code", "户编号": "household_code", "户码": "household_code",
    "id_number": "id_number", "身份证号": "id_number", "身份证号码": "id_number", "证件号码": "id_number",
    "person_name": "person_name", "姓名": "person_name", "户主姓名": "person_name",
    "description": "description", "描述": "description", "预警内容": "description", "风险描述": "description",
    "detected_on": "detected_on", "发现日期": "detected_on", "预警日期": "detected_on",
}  # fmt: skip

VALUE_ALIASES: dict[str, dict[str, str]] = {
    "class": {"一般风险": "general_risk", "政策未落实": "policy_not_implemented"},
    "category": {
        "大病": "major_illness", "住房": "housing", "就业": "employment", "意外事故": "accident",
        "其他": "other", "养老金未发放": "pension_not_paid", "残疾人补贴未发放": "disability_subsidy_not_paid",
    },
}  # fmt: skip


def _items(header: list[Any], rows: list[list[Any]]) -> list[dict[str, Any]]:
    return normalise_rows(header, rows, header_aliases=HEADER_ALIASES, value_aliases=VALUE_ALIASES,
                          required_columns=("external_id",))  # fmt: skip


def parse_csv(data: bytes) -> list[dict[str, Any]]:
    return _items(*read_table("feed.csv", data))


def parse_xlsx(data: bytes) -> list[dict[str, Any]]:
    return _items(*read_table("feed.xlsx", data))


def parse_feed_file(filename: str, data: bytes) -> list[dict[str, Any]]:
    """Items of a CSV or XLSX file, chosen by content (XLSX is a zip) then by name."""
    return _items(*read_table(filename, data))
