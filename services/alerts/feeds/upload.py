"""Feed files (CSV in UTF-8 or GB18030, XLSX, XLS; English or Chinese headers and values) → feed items.

Class and category words are mapped to codes by the validation (`validate.canonical_word`), for files
and JSON alike."""

from __future__ import annotations

from typing import Any

from services.alerts.feeds.validate import CATEGORY_WORDS, CLASS_WORDS, canonical_word
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


def _items(header: list[Any], rows: list[list[Any]]) -> list[dict[str, Any]]:
    items = normalise_rows(header, rows, header_aliases=HEADER_ALIASES, required_columns=("external_id",))
    for item in items:
        for key, words in (("class", CLASS_WORDS), ("category", CATEGORY_WORDS)):
            if key in item:
                item[key] = canonical_word(item[key], words)
    return items


def parse_csv(data: bytes) -> list[dict[str, Any]]:
    return _items(*read_table("feed.csv", data))


def parse_xlsx(data: bytes) -> list[dict[str, Any]]:
    return _items(*read_table("feed.xlsx", data))


def parse_feed_file(filename: str, data: bytes) -> list[dict[str, Any]]:
    """Items of a CSV, XLSX or XLS file; the format is told by the bytes."""
    return _items(*read_table(filename, data))
