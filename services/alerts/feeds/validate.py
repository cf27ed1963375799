"""Row-level validation of provincial feed items. Pure: the known villages are passed in."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.common.i18n import label, t
from services.common.ids import validate_id_number

MAX_TEXT = 2000


@dataclass(frozen=True)
class ValidItem:
    index: int
    external_id: str
    alert_class: str
    category: str
    village_code: str
    household_code: str | None
    id_number: str | None
    person_name: str | None
    description: str | None
    detected_on: date
    id_number_hash: str | None = None  # set instead of id_number by internal alerts (never the raw number)


# The words the provincial platform and the town's own documents use for the classes and categories
# ("一般风险类别", "大病风险", "政策未落实风险类别" in the 2022 work report), mapped to the codes. A
# value is first NFKC-normalised (full-width letters, stray spaces), then looked up as written, then
# without a trailing 类别/类/风险 (so "住房风险" and "住房" are the same category).
CLASS_WORDS: dict[str, str] = {"一般风险": "general_risk", "政策未落实": "policy_not_implemented",
                               "政策未落实问题": "policy_not_implemented", "内部": "internal"}  # fmt: skip
CATEGORY_WORDS: dict[str, str] = {
    "大病": "major_illness", "重病": "major_illness", "因病": "major_illness", "疾病": "major_illness",
    "住房": "housing", "住房安全": "housing", "就业": "employment", "务工就业": "employment",
    "意外事故": "accident", "意外": "accident", "其他": "other", "其它": "other",
    "养老金未发放": "pension_not_paid", "养老保险待遇未发放": "pension_not_paid",
    "残疾人补贴未发放": "disability_subsidy_not_paid", "残疾人两项补贴未发放": "disability_subsidy_not_paid",
}  # fmt: skip
_SUFFIXES = ("风险类别", "类别", "风险类", "类", "风险")


def canonical_word(value: Any, words: Mapping[str, str]) -> Any:
    """A class or category as written in a feed or file → its code (unknown words are left as they are,
    for the validation to name)."""
    if not isinstance(value, str):
        return value
    if value.isascii() and value.isidentifier():  # already a code (the usual case in a JSON feed)
        return words.get(value, value)
    text = unicodedata.normalize("NFKC", value).strip().replace(" ", "")
    if text in words:
        return words[text]
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and text[: -len(suffix)] in words:
            return words[text[: -len(suffix)]]
    return text if text.isascii() else value


# no provincial feed predates the monitoring system; earlier dates are typing errors (or fuzzing)
EARLIEST_DATE = date(2000, 1, 1)


@dataclass(frozen=True)
class RejectedItem:
    index: int
    external_id: str | None
    errors: list[str]


def _text(
    item: Mapping[str, Any], key: str, errors: list[str], *, required: bool, max_len: int
) -> str | None:
    value = item.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.append(t("{key} is required", "{key}为必填项", key=key))
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        errors.append(t("{key} must be a string", "{key}应为文本", key=key))
        return None
    value = value.strip()
    if len(value) > max_len:
        errors.append(t("{key} is longer than {n} characters", "{key}超过{n}个字符", key=key, n=max_len))
        return None
    return value


def _date(item: Mapping[str, Any], key: str, errors: list[str]) -> date | None:
    value = item.get(key)
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        errors.append(t("{key} is required (YYYY-MM-DD)", "{key}为必填项（格式 YYYY-MM-DD）", key=key))
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        # reasons name the field and the rule, never the submitted value (it may be personal data)
        errors.append(t("{key} is not a date (YYYY-MM-DD)", "{key}不是有效日期（格式 YYYY-MM-DD）", key=key))
        return None


def _classification_errors(
    alert_class: str | None,
    category: str | None,
    classes: set[str],
    categories: Mapping[str, Collection[str]],
) -> list[str]:
    if alert_class is not None and alert_class not in classes:
        known_classes = ", ".join(sorted(classes))
        return [
            t(
                "unknown class (known: {known})",
                "预警类型无法识别（可用：{zh}）",
                known=known_classes,
                zh="、".join(label(c) for c in sorted(classes)),
            )
        ]
    if alert_class is not None and category is not None and category not in categories[alert_class]:
        known = categories[alert_class]
        return [
            t(
                "unknown category for class {c} (known: {known})",
                "风险类别无法识别（{c}可用：{zh}）",
                c=alert_class,
                known=", ".join(known),
                zh="、".join(label(k) for k in known),
            )
        ]
    return []


def _village_errors(village_code: str | None, known_villages: Collection[str]) -> list[str]:
    if village_code is None:
        return []
    if not (len(village_code) == 12 and village_code.isdigit()):
        return [t("village_code must be 12 digits", "村代码应为12位数字")]
    if village_code not in known_villages:
        return [t("unknown village {v}", "村代码{v}不在本镇的村名单中", v=village_code)]
    return []


def _detected_on_errors(detected_on: date | None, today: date) -> list[str]:
    if detected_on is not None and detected_on > today:
        return [t("detected_on {d} is in the future", "发现日期{d}晚于今天", d=detected_on.isoformat())]
    if detected_on is not None and detected_on < EARLIEST_DATE:
        return [t("detected_on is before {d}", "发现日期早于{d}", d=EARLIEST_DATE.isoformat())]
    return []


def validate_items(
    items: Sequence[Any],
    *,
    categories: Mapping[str, Collection[str]],
    known_villages: Collection[str],
    today: date,
    allowed_classes: Collection[str] | None = None,
    seen: dict[str, int] | None = None,
    start: int = 0,
) -> tuple[list[ValidItem], list[RejectedItem]]:
    """Split a batch into valid items and rejected ones, each rejection with every reason.

    A batch read in chunks passes each chunk with the index of its first item (`start`) and one `seen`
    (external ids → index) for all of them, so a duplicate is found across chunks too.
    """
    valid: list[ValidItem] = []
    rejected: list[RejectedItem] = []
    seen = {} if seen is None else seen
    classes = set(allowed_classes) if allowed_classes is not None else set(categories)
    for index, item in enumerate(items, start):
        # a dict first: the ABC check alone was 3 % of a feed's CPU
        if type(item) is not dict and not isinstance(item, Mapping):
            rejected.append(
                RejectedItem(index, None, [t("item must be a JSON object", "该条目应为 JSON 对象")])
            )
            continue
        errors: list[str] = []
        external_id = _text(item, "external_id", errors, required=True, max_len=100)
        alert_class = canonical_word(_text(item, "class", errors, required=True, max_len=50), CLASS_WORDS)
        category = canonical_word(_text(item, "category", errors, required=True, max_len=50), CATEGORY_WORDS)
        errors += _classification_errors(alert_class, category, classes, categories)
        village_code = _text(item, "village_code", errors, required=True, max_len=12)
        errors += _village_errors(village_code, known_villages)
        household_code = _text(item, "household_code", errors, required=False, max_len=40)
        id_number = _text(item, "id_number", errors, required=False, max_len=18)
        if id_number is not None:
            id_number = id_number.upper()
            errors += validate_id_number(id_number, today=today)
        person_name = _text(item, "person_name", errors, required=False, max_len=100)
        description = _text(item, "description", errors, required=False, max_len=MAX_TEXT)
        detected_on = _date(item, "detected_on", errors)
        errors += _detected_on_errors(detected_on, today)
        if external_id is not None:
            if external_id in seen:
                errors.append(
                    t(
                        "duplicate external_id {e} (also at index {i})",
                        "外部编号{e}重复（与第{i}条相同）",
                        e=external_id,
                        i=seen[external_id],
                    )
                )
            else:
                seen[external_id] = index
        if errors or detected_on is None:
            rejected.append(RejectedItem(index, external_id, errors))
            continue
        assert external_id and alert_class and category and village_code
        valid.append(
            ValidItem(
                index,
                external_id,
                alert_class,
                category,
                village_code,
                household_code,
                id_number,
                person_name,
                description,
                detected_on,
            )
        )
    return valid, rejected
