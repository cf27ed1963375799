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
