"""The demo town's villages (泗湖山镇, 沅江市, 湖南): 13 villages and 1 community, synthetic codes.

Until the households service owns the registry, the launcher and the tests announce these villages on
`households.household.v1` at the boundary, exactly as the households service will.
"""

from __future__ import annotations

from services.common.events.envelope import EventEnvelope, new_event

TOWN_CODE = "430981101"
TOWN_NAME = "泗湖山镇"

VILLAGES: list[tuple[str, str, str]] = [
    (f"{TOWN_CODE}{n:03d}", name, kind)
    for n, (name, kind) in enumerate(
        [
            ("泗湖山社区", "community"),
            ("北港村", "village"),  # provincial demonstration village
            ("华红村", "village"),  # key assisted village
            ("石子埂村", "village"),
            ("东河村", "village"),
            ("南湖村", "village"),
            ("西岭村", "village"),
            ("新民村", "village"),
            ("长兴村", "village"),
            ("永丰村", "village"),
            ("胜利村", "village"),
            ("红旗村", "village"),
            ("团结村", "village"),
            ("光明村", "village"),
        ],
        start=200,
    )
]


def village_events() -> list[EventEnvelope]:
    """`households.village.registered` for every demo village."""
    return [
        new_event(
            event_type="households.village.registered",
            source="households",
            aggregate_type="village",
            aggregate_id=code,
            data={"code": code, "name": name, "kind": kind},
            actor={"sub": "system:demo-seed"},
        )
        for code, name, kind in VILLAGES
    ]
