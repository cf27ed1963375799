"""Household/member rows from CSV/XLSX (Chinese headers accepted) and their row-level validation. Pure."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.common.i18n import t
from services.common.ids import birth_date_of, validate_id_number
from services.common.people import PersonRow
from services.common.tabular import normalise_rows, read_table

HEADER_ALIASES: dict[str, str] = {
    "household_code": "household_code", "户编号": "household_code", "户码": "household_code",
    "village_code": "village_code", "村代码": "village_code", "行政区划代码": "village_code",
    "address": "address", "住址": "address", "地址": "address",
    "alleviated": "alleviated", "是否脱贫户": "alleviated", "脱贫户": "alleviated",
    "alleviated_year": "alleviated_year", "脱贫年度": "alleviated_year",
    "name": "name", "姓名": "name",
    "id_number": "id_number", "身份证号": "id_number", "身份证号码": "id_number", "证件号码": "id_number",
    "relation": "relation", "与户主关系": "relation",
    "education_stage": "education_stage", "在校生状况": "education_stage", "文化程度": "education_stage",
    "school": "school", "就读学校": "school",
    "disability": "disability", "残疾情况": "disability",
    "pension_status": "pension_status", "养老保险": "pension_status",
    "employment_status": "employment_status", "务工状况": "employment_status",
    "public_welfare_job": "public_welfare_job", "公益岗位": "public_welfare_job",
    "can_work": "can_work", "劳动能力": "can_work",
    "phone": "phone", "联系电话": "phone", "电话": "phone",
}  # fmt: skip

REQUIRED = ("household_code", "village_code", "name", "id_number", "relation")
_TRUE = {"1", "true", "yes", "y", "是", "有", "有劳动能力", "普通劳动力", "弱劳动力"}
_FALSE = {"0", "false", "no", "n", "否", "无", "无劳动能力", "丧失劳动能力"}


@dataclass(frozen=True)
class RejectedRow:
    index: int
    household_code: str | None
    errors: list[str]


def read_member_file(filename: str, data: bytes) -> list[dict[str, Any]]:
    header, rows = read_table(filename, data)
    return normalise_rows(header, rows, header_aliases=HEADER_ALIASES, required_columns=REQUIRED)


def _bool(value: Any, field: str, errors: list[str], default: bool) -> bool:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    errors.append(
        t("{f} {v} is not yes/no (是/否)", "{f}应填“是”或“否”（填的是{v}）", f=field, v=repr(value))
    )
    return default


def _opt(row: Mapping[str, Any], key: str) -> str | None:
    value = row.get(key)
    return str(value).strip() or None if value is not None else None


def _village_errors(
    village_code: str | None, household_code: str | None, known: Collection[str], village_of: dict[str, str]
) -> list[str]:
    """A 12-digit known village, the same on every row of a household (`village_of` remembers)."""
    if not village_code:
        return []
    if not (len(village_code) == 12 and village_code.isdigit()):
        return [t("village_code {v} must be 12 digits", "村代码{v}应为12位数字", v=repr(village_code))]
    if village_code not in known:
        return [t("unknown village {v}", "村代码{v}不在本镇的村名单中", v=village_code)]
    if household_code and village_of.setdefault(household_code, village_code) != village_code:
        return [
            t(
                "household {h} is in village {a} on an earlier row, not {b}",
                "户编号{h}在前面的行中属于村{a}，与本行的村{b}不一致",
                h=household_code,
                a=village_of[household_code],
                b=village_code,
            )
        ]
    return []


def _id_number_errors(id_number: str, index: int, seen: dict[str, int], today: date) -> list[str]:
    """A valid ID number, once in the file (`seen` remembers the row of each)."""
    if not id_number:
        return []
    errors = validate_id_number(id_number, today=today)
    if id_number in seen:
        errors.append(
            t("duplicate id_number (also on row {n})", "身份证号重复（与第{n}行相同）", n=seen[id_number])
        )
    else:
        seen[id_number] = index
    return errors


def _year(text: str | None, errors: list[str], today: date) -> int | None:
    if not text:
        return None
    if text.isdigit() and 2013 <= int(text) <= today.year:
        return int(text)
    errors.append(
        t(
            "alleviated_year {v} is not a year between 2013 and {y}",
            "脱贫年度{v}应为2013至{y}之间的年份",
            v=repr(text),
            y=today.year,
        )
    )
    return None


def validate_rows(
    rows: Sequence[Mapping[str, Any]], *, known_villages: Collection[str], today: date
) -> tuple[list[PersonRow], list[RejectedRow]]:
    """Split rows into valid members and rejected rows (every reason each)."""
    valid: list[PersonRow] = []
    rejected: list[RejectedRow] = []
    seen_ids: dict[str, int] = {}
    village_of: dict[str, str] = {}
    for index, row in enumerate(rows):
        errors: list[str] = []
        for field in REQUIRED:
            if not _opt(row, field):
                errors.append(t("{f} is required", "{f}为必填项", f=field))
        household_code = _opt(row, "household_code")
        village_code = _opt(row, "village_code")
        errors += _village_errors(village_code, household_code, known_villages, village_of)
        id_number = (_opt(row, "id_number") or "").upper()
        errors += _id_number_errors(id_number, index, seen_ids, today)
        alleviated = _bool(row.get("alleviated"), "alleviated", errors, False)
        public_welfare_job = _bool(row.get("public_welfare_job"), "public_welfare_job", errors, False)
        can_work = _bool(row.get("can_work"), "can_work", errors, True)
        alleviated_year = _year(_opt(row, "alleviated_year"), errors, today)
        if errors:
            rejected.append(RejectedRow(index, household_code, errors))
            continue
        assert household_code and village_code
        valid.append(
            PersonRow(
                index=index,
                household_code=household_code,
                village_code=village_code,
                address=_opt(row, "address"),
                alleviated=alleviated,
                alleviated_year=alleviated_year,
                name=str(_opt(row, "name")),
                id_number=id_number,
                birth_date=birth_date_of(id_number),
                relation=str(_opt(row, "relation")),
                education_stage=_opt(row, "education_stage"),
                school=_opt(row, "school"),
                disability=_opt(row, "disability"),
                pension_status=_opt(row, "pension_status"),
                employment_status=_opt(row, "employment_status"),
                public_welfare_job=public_welfare_job,
                can_work=can_work,
                phone=_opt(row, "phone"),
            )
        )
    return valid, rejected
