"""Found by schemathesis: one PUT /v1/villages naming a code twice reached the upsert and answered 500."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.households.schemas import VillagesIn


def test_a_code_given_twice_is_refused_naming_it() -> None:
    v = {"name": "甲", "kind": "village"}
    with pytest.raises(ValidationError, match="given more than once: 430981101201"):
        VillagesIn.model_validate(
            {
                "villages": [
                    {"code": "430981101201", **v},
                    {"code": "430981101202", **v},
                    {"code": "430981101201", **v},
                ]
            }
        )
    assert len(VillagesIn.model_validate({"villages": [{"code": "430981101201", **v}]}).villages) == 1


def test_the_village_family_validates_from_its_base() -> None:
    """VillageCreate and VillagePublic derive from VillageBase, as the table does: the rules live once.
    (SQLModel's own `Field(regex=…)` is silently ignored under pydantic 2 - the base uses a constraint.)"""
    from services.households.models import Village, VillageBase
    from services.households.schemas import VillageCreate, VillagePublic

    assert issubclass(VillageCreate, VillageBase) and issubclass(VillagePublic, VillageBase)
    assert issubclass(Village, VillageBase)
    with pytest.raises(ValidationError) as caught:
        VillageCreate.model_validate({"code": "4309811012", "name": "", "kind": "town", "extra": 1})
    assert {e["loc"][0] for e in caught.value.errors()} == {"code", "name", "kind", "extra"}
    made = VillageCreate.model_validate({"code": "430981101201", "name": " 泗湖山村 ", "kind": "village"})
    assert made.name == "泗湖山村"
    assert VillagePublic.model_json_schema()["properties"]["code"]["pattern"] == r"^\d{12}$"
