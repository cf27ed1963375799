"""Households as the loans service learns them: events published at the boundary, as households does."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.common.demo_town import VILLAGES, village_events
from services.common.events.envelope import new_event
from services.common.events.topics import Topic
from services.common.ids import PiiCipher, make_id_number
from services.common.settings import DEV_PII_HASH_KEY, DEV_PII_KEY

V1, V2 = VILLAGES[1][0], VILLAGES[2][0]
CIPHER = PiiCipher(DEV_PII_KEY, DEV_PII_HASH_KEY)

# members: a 40-year-old, a 66-year-old (in 2022), a 17-year-old
ADULT = make_id_number("430981", date(1982, 5, 1), 911)
OLD = make_id_number("430981", date(1955, 6, 1), 912)
YOUNG = make_id_number("430981", date(2005, 3, 3), 913)
HH_ALLEVIATED = f"{V1}800001"
HH_MARGINAL = f"{V1}800002"
HH_OTHER = f"{V2}800003"
MARGINAL_ADULT = make_id_number("430981", date(1975, 7, 7), 914)
OTHER_ADULT = make_id_number("430981", date(1980, 8, 8), 915)
HELPER = "7d7a1f2e-0000-4000-8000-000000000001"


def household_event(
    code: str, village: str, ids: list[str], *, alleviated: bool, monitoring: str | None
) -> Any:
    return new_event(
        event_type="households.household.registered",
        source="households",
        aggregate_type="household",
        aggregate_id=code,
        data={
            "household_code": code,
            "village_code": village,
            "alleviated": alleviated,
            "monitoring_type": monitoring,
            "member_id_hashes": sorted(CIPHER.lookup_hash(i) for i in ids),
            "member_count": len(ids),
            "change": "registered",
        },
        actor={"sub": "test"},
    )


async def announce_households(publish: Any) -> None:
    for env in village_events():
        await publish(Topic.HOUSEHOLDS.value, env)
    for env in [
        household_event(HH_ALLEVIATED, V1, [ADULT, OLD, YOUNG], alleviated=True, monitoring=None),
        household_event(HH_MARGINAL, V1, [MARGINAL_ADULT], alleviated=False, monitoring="marginal"),
        household_event(HH_OTHER, V2, [OTHER_ADULT], alleviated=False, monitoring=None),
        new_event(
            event_type="households.household.helper_assigned",
            source="households",
            aggregate_type="household",
            aggregate_id=HH_ALLEVIATED,
            data={
                "household_code": HH_ALLEVIATED,
                "village_code": V1,
                "kind": "helper_assigned",
                "helper_id": HELPER,
                "on": "2021-01-01",
                "record_id": "00000000-0000-4000-8000-000000000009",
            },
            actor={"sub": "test"},
        ),
    ]:
        await publish(Topic.HOUSEHOLDS.value, env)


def application(**overrides: Any) -> dict[str, Any]:
    body = {
        "household_code": HH_ALLEVIATED,
        "borrower_id_number": ADULT,
        "borrower_name": "王建国",
        "principal": "50000.00",
        "term_months": 36,
        "applied_on": "2022-01-05",
        "purpose": "养殖",
    }
    body.update(overrides)
    return body
