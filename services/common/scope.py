"""The object-level village scope as SQL text, for the queries written as text (the ORM queries scope
with `.where(column.in_(…))`). One place, so every service scopes a village cadre the same way."""

from __future__ import annotations

from typing import Any

from services.common.auth import Principal


def principal_scope(principal: Principal, column: str = "village_code") -> tuple[str, dict[str, Any]]:
    """`" AND <column> = ANY(:scope)"` and its parameter for a village-scoped caller; else nothing."""
    if principal.village_scoped:
        return f" AND {column} = ANY(CAST(:scope AS text[]))", {"scope": sorted(principal.villages)}
    return "", {}


def villages_clause(column: str, villages: list[str] | None) -> str:
    """`" AND <column> = ANY(:villages)"` when a list is given (even empty: it then matches nothing)."""
    return f" AND {column} = ANY(CAST(:villages AS text[]))" if villages is not None else ""
