"""CSV and XLSX feed files (UTF-8; English or Chinese headers and values) → feed items."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any

HEADER_ALIASES: dict[str, str] = {
    "external_id": "external_id",
    "外部编号": "external_id",
    "预警编号": "external_id",
    "编号": "external_id",
    "class": "class",
    "预警类型": "class",
    "类型": "class",
    "风险类型": "class",
    "category": "category",
    "风险类别": "category",
    "类别": "category",
    "预警类别": "category",
    "village_code": "village_code",
    "村代码": "village_code",
    "行政区划代码": "village_code",
    "村级代码": "village_code",
    "household_code": "household_code",
    "户编号": "household_code",
    "户码": "household_code",
    "id_number": "id_number",
    "身份证号": "id_number",
    "身份证号码": "id_number",
    "证件号码": "id_number",
    "person_name": "person_name",
    "姓名": "person_name",
    "户主姓名": "person_name",
    "description": "description",
    "描述": "description",
    "预警内容": "description",
    "风险描述": "description",
    "detected_on": "detected_on",
    "发现日期": "detected_on",
    "预警日期": "detected_on",
}

VALUE_ALIASES: dict[str, dict[str, str]] = {
    "class": {"一般风险": "general_risk", "政策未落实": "policy_not_implemented"},
    "category": {
        "大病": "major_illness",
        "住房": "housing",
        "就业": "employment",
        "意外事故": "accident",
        "其他": "other",
        "养老金未发放": "pension_not_paid",
        "残疾人补贴未发放": "disability_subsidy_not_paid",
    },
}


class FeedFileError(ValueError):
    """The file as a whole cannot be read; `errors` lists every reason."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


def _normalise_rows(header: list[Any], rows: list[list[Any]]) -> list[dict[str, Any]]:
    keys: list[str | None] = []
    unknown = []
    for h in header:
        name = str(h).strip().lstrip("\ufeff") if h is not None else ""
        key = HEADER_ALIASES.get(name) or HEADER_ALIASES.get(name.lower())
        if key is None and name:
            unknown.append(name)
        keys.append(key)
    if "external_id" not in keys:
        raise FeedFileError([f"no external_id column (headers seen: {', '.join(map(str, header))})"])
    items = []
    for row in rows:
        if all(c is None or str(c).strip() == "" for c in row):
            continue
        item: dict[str, Any] = {}
        for key, cell in zip(keys, row, strict=False):
            if key is None or cell is None:
                continue
            if isinstance(cell, datetime):
                value: Any = cell.date().isoformat()
            elif isinstance(cell, date):
                value = cell.isoformat()
            else:
                value = str(cell).strip()
                if key in VALUE_ALIASES:
                    value = VALUE_ALIASES[key].get(value, value)
            item[key] = value
        items.append(item)
    return items


def parse_csv(data: bytes) -> list[dict[str, Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FeedFileError([f"the file is not UTF-8 (byte {exc.start}); save it as UTF-8 CSV"]) from exc
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise FeedFileError(["the file is empty"])
    return _normalise_rows(rows[0], rows[1:])


def parse_xlsx(data: bytes) -> list[dict[str, Any]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise FeedFileError([f"the file is not a readable XLSX workbook: {exc}"]) from exc
    ws = wb.worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    wb.close()
    if not rows:
        raise FeedFileError(["the workbook's first sheet is empty"])
    return _normalise_rows(rows[0], rows[1:])


def parse_feed_file(filename: str, data: bytes) -> list[dict[str, Any]]:
    """Items of a CSV or XLSX file, chosen by content (XLSX is a zip) then by name."""
    if data[:2] == b"PK" or filename.lower().endswith((".xlsx", ".xlsm")):
        return parse_xlsx(data)
    return parse_csv(data)
