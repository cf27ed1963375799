"""The demo town's villages (泗湖山镇, 沅江市, 湖南): 13 villages and 1 community, synthetic codes.

The households service owns the registry: the demo seed registers these villages through it, and
tests that run without households announce them on `households.household.v1` as households does.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from services.common.events.envelope import EventEnvelope, new_event
from services.common.events.types import EventType
from services.common.ids import make_id_number
from services.common.people import PersonRow

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
            event_type=EventType.HOUSEHOLDS_VILLAGE_REGISTERED,
            source="households",
            aggregate_type="village",
            aggregate_id=code,
            data={"code": code, "name": name, "kind": kind},
            actor={"sub": "system:demo-seed"},
        )
        for code, name, kind in VILLAGES
    ]


# ----------------------------------------------------------------------------- the town's people
# Shared by the households seed (the registry) and the loans seed (borrowers): both rebuild the same
# synthetic people from the same seed, so no service has to ask another for ID numbers.


FAMILY = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅志强春花建军玉兰海燕德明国华小红秋菊"
RELATIONS = ["户主", "配偶", "之子", "之女", "之孙子", "之孙女", "之父", "之母"]


@dataclass(frozen=True)
class Group:
    name: str
    households: int
    people: int


GROUPS = [
    Group("unstable", 150, 300),  # monitored unstable_alleviated, identified before 2022 (also alleviated)
    Group("alleviated_other", 949, 1872),  # the rest of the 1,099 alleviated households: 2,172 people in all
    Group("sudden_old", 74, 113),  # monitored sudden_hardship identified before 2022
    Group("new_2022", 73, 182),  # newly identified in 2022 (sudden_hardship): 297 monitored, 595 people
    Group("marginal", 28, 59),  # 边缘易致贫户 under special monitoring
    Group("other", 26444, 60473),  # everyone else: 27,718 households, 62,999 people
]


def sizes(households: int, people: int, rng: random.Random) -> list[int]:
    """Household sizes ≥ 1 that add up to `people`."""
    base, extra = divmod(people, households)
    out = [base] * households
    for i in rng.sample(range(households), extra):
        out[i] += 1
    # shuffle size between pairs without changing the total, for a realistic spread
    for _ in range(households // 2):
        a, b = rng.randrange(households), rng.randrange(households)
        if out[a] > 1 and out[b] < 6:
            out[a] -= 1
            out[b] += 1
    return out


def demo_name(rng: random.Random) -> str:
    return rng.choice(FAMILY) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def build_people(seed: int = 2022) -> tuple[list[PersonRow], dict[str, list[str]]]:
    """Every person of the town, and the household codes of each group (deterministic for a seed)."""
    rng = random.Random(seed)
    villages = [code for code, _, _ in VILLAGES]
    rows: list[PersonRow] = []
    groups: dict[str, list[str]] = {}
    serial = 0
    person = 0
    for group in GROUPS:
        codes = groups.setdefault(group.name, [])
        for size in sizes(group.households, group.people, rng):
            village = villages[serial % len(villages)]
            code = f"{village}{serial:06d}"
            serial += 1
            codes.append(code)
            alleviated = group.name in ("unstable", "alleviated_other")
            for k in range(size):
                # (birth date, order code) is unique per person: adults 900-902, children 950-959
                if k < 2:
                    born, order = (
                        date(1935, 1, 1) + timedelta(days=_spread(person, 25000)),
                        900 + person // 25000,
                    )
                else:  # children and grandchildren are younger
                    born, order = (
                        date(2004, 1, 1) + timedelta(days=_spread(person, 6500)),
                        950 + person // 6500,
                    )
                id_number = make_id_number(TOWN_CODE[:6], born, order)
                age_2022 = 2022 - born.year
                rows.append(
                    PersonRow(
                        index=person,
                        household_code=code,
                        village_code=village,
                        address=f"{code[-6:]}号",
                        alleviated=alleviated,
                        alleviated_year=2019 if alleviated else None,
                        name=demo_name(rng),
                        id_number=id_number,
                        birth_date=born,
                        relation=RELATIONS[min(k, len(RELATIONS) - 1)],
                        education_stage=education_stage(age_2022),
                        school=None,
                        disability=None,
                        pension_status="enrolled" if age_2022 >= 16 else None,
                        employment_status="employed" if 18 <= age_2022 <= 60 and rng.random() < 0.5 else None,
                        public_welfare_job=False,
                        can_work=16 <= age_2022 <= 65,
                        phone=None,
                    )
                )
                person += 1
    return rows, groups


def _spread(person: int, span: int) -> int:
    """A day offset in 0..span-1 that is a permutation of `person` within each block of `span` people
    (7919 is prime to every span used), so ages are spread over every group, not ordered by it."""
    return (person * 7919) % span


def education_stage(age: int) -> str | None:
    if 3 <= age <= 5:
        return "kindergarten"
    if 6 <= age <= 14:
        return "compulsory"
    if 15 <= age <= 17:
        return "senior_high"
    if 18 <= age <= 20:
        return "vocational"
    return None
