"""The demo town's loan book (小额信贷), planned so the engine's own computation gives the published figures.

The source document: by October 2022, 105 borrowers and 4,705,900 yuan outstanding; interest subsidies
(贴息) Q1 36 people 17,298.43, Q2 57 people 22,053.31, Q3 105 people 38,330.17, Q4 111 people
56,828.84 yuan. The plan lays out a plausible book (3-year loans at the PBoC 1-5-year benchmark
rate of 4.75%, most of 2020-2021, more through 2022, one borrower late with the first quarter's
interest) and then fits one loan per quarter (and one pair for the October total) so that
`schedule.subsidy_line` over the stored rows gives exactly those totals. Pure: `demo.py` plays it
through the service's own use cases.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from services.common.people import PersonRow
from services.loans import context
from services.loans.interest import PrincipalChange, RatePoint, RatioPoint, subsidy_for_period

D = Decimal
RATE = D("0.0475")  # pboc_benchmark_1_5y
FULL = [RatioPoint(date(2015, 1, 1), D("1"))]
QUARTERS = {
    1: (date(2021, 12, 21), date(2022, 3, 20)),
    2: (date(2022, 3, 21), date(2022, 6, 20)),
    3: (date(2022, 6, 21), date(2022, 9, 20)),
    4: (date(2022, 9, 21), date(2022, 12, 20)),
}
TARGETS = {1: D("17298.43"), 2: D("22053.31"), 3: D("38330.17"), 4: D("56828.84")}
OUTSTANDING_OCTOBER = D("4705900")
ELIGIBLE_GROUPS = ("unstable", "alleviated_other", "sudden_old", "marginal")
BANKS = ["沅江农商银行", "邮储银行沅江市支行", "农业银行沅江市支行"]
PURPOSES = ["水产养殖", "生猪养殖", "种植", "农机购置", "小商店经营", "家禽养殖"]


@dataclass
class PlannedLoan:
    principal: Decimal
    disbursed_on: date
    rate_series: str = "pboc_benchmark_1_5y"
    late: dict[date, date] = field(default_factory=dict)  # interest due date → the day it was paid
    unpaid_from: date | None = None  # dues from this day on stay unpaid (a current overdue loan)
    household_code: str = ""
    borrower: PersonRow | None = None


def quarter_subsidy(principal: Decimal, disbursed_on: date, q: int) -> Decimal:
    first, last = QUARTERS[q]
    first = max(first, disbursed_on)
    if first > last:
        return D("0.00")
    return subsidy_for_period(
        first=first,
        last=last,
        principal=[PrincipalChange(disbursed_on, principal)],
        rates=[RatePoint(disbursed_on, RATE)],
        ratios=FULL,
    )


def _total(loans: list[PlannedLoan], q: int, skip: PlannedLoan | None = None) -> Decimal:
    return sum((quarter_subsidy(x.principal, x.disbursed_on, q) for x in loans if x is not skip), D(0))


def _fit_one(target: Decimal, q: int, days_range: range) -> PlannedLoan:
    """One loan (whole yuan, 10,000-50,000) disbursed inside quarter q whose subsidy is exactly `target`."""
    last = QUARTERS[q][1]
    for days in days_range:
        disbursed = last - timedelta(days=days - 1)
        guess = int(target * 360 / (RATE * days))
        for p in range(guess - 4, guess + 5):
            if 10_000 <= p <= 50_000 and quarter_subsidy(D(p), disbursed, q) == target:
                return PlannedLoan(D(p), disbursed)
    raise RuntimeError(f"no loan fits {target} in Q{q}")


def _fit_pair(target: Decimal, total_principal: Decimal, q: int) -> tuple[PlannedLoan, PlannedLoan] | None:
    """Two loans inside quarter q with principals adding up to `total_principal`, subsidies to `target`."""
    last = QUARTERS[q][1]
    for d1 in range(15, 86):
        for delta in (1, -1, 2, -2, 3, -3):
            d2 = d1 + delta
            if not 1 <= d2 <= 90:
                continue
            # s(S - x, d1) + s(x, d2) ≈ (S·d1 + x·(d2 - d1)) · r / 360
            x0 = (target * 360 / RATE - total_principal * d1) / (d2 - d1)
            for x in range(int(x0) - 3, int(x0) + 4):
                y = total_principal - x
                if not (10_000 <= x <= 50_000 and 10_000 <= y <= 50_000):
                    continue
                one = PlannedLoan(D(y), last - timedelta(days=d1 - 1))
                two = PlannedLoan(D(x), last - timedelta(days=d2 - 1))
                if (
                    quarter_subsidy(one.principal, one.disbursed_on, q)
                    + quarter_subsidy(two.principal, two.disbursed_on, q)
                    == target
                ):
                    return one, two
    return None


def _amount(rng: random.Random, *, mostly_full: bool = False) -> Decimal:
    if mostly_full:  # most 2022 borrowers took the full 50,000
        return D(rng.choice([50_000] * 9 + [45_000]))
    return D(rng.choice([50_000] * 5 + [40_000, 45_000, 30_000, 35_000, 20_000, 25_000]))


def _nudge_amounts(loans: list[PlannedLoan], rng: random.Random, up: bool) -> None:
    candidates = [x for x in loans if (x.principal <= 49_000 if up else x.principal >= 11_000)]
    pick = rng.choice(candidates)
    pick.principal += D(1000) if up else D(-1000)


def _nudge_dates(loans: list[PlannedLoan], rng: random.Random, q: int, earlier: bool) -> None:
    first, last = QUARTERS[q]
    pick = rng.choice(loans)
    moved = pick.disbursed_on + timedelta(days=-3 if earlier else 3)
    if first <= moved <= last - timedelta(days=1):
        pick.disbursed_on = moved


def plan_2022_book(seed: int = 2022) -> list[PlannedLoan]:
    """105 loans live by October 2022 (4,705,900 yuan) and 6 more before the Q4 settlement.

    Each group is fitted to its quarter's published subsidy in turn, drawing from one generator, so
    the book is the same on every run."""
    rng = random.Random(seed)
    a, late = _group_a(rng)
    b = _group_b(rng, a, late)
    c = _group_c(rng, [*a, *b])
    book = [*a, *b, *c]
    return [*book, *_group_d(rng, book)]


def _group_a(rng: random.Random) -> tuple[list[PlannedLoan], PlannedLoan]:
    """36 loans from 2020-2021 (the first one pays its Q1 interest 19 days late) + one fitted in Q1."""
    a_free = [
        PlannedLoan(_amount(rng), date(2020, 2, 1) + timedelta(days=rng.randrange(0, 680))) for _ in range(36)
    ]
    late = a_free[0]
    late.late = {date(2022, 3, 20): date(2022, 4, 8)}
    while True:
        r1 = TARGETS[1] - _total(a_free, 1, skip=late)
        if r1 > 450:
            _nudge_amounts(a_free[1:], rng, up=True)
        elif r1 < 60:
            _nudge_amounts(a_free[1:], rng, up=False)
        else:
            break
    return [*a_free, _fit_one(r1, 1, range(30, 89))], late


def _group_b(rng: random.Random, a: list[PlannedLoan], late: PlannedLoan) -> list[PlannedLoan]:
    """21 loans disbursed in Q2."""
    b_free = [
        PlannedLoan(_amount(rng, mostly_full=True), date(2022, 3, 25) + timedelta(days=rng.randrange(0, 70)))
        for _ in range(20)
    ]
    while True:
        r2 = TARGETS[2] - _total(a, 2, skip=late) - _total(b_free, 2)
        if r2 > 450:
            _nudge_dates(b_free, rng, 2, earlier=True)
        elif r2 < 60:
            _nudge_dates(b_free, rng, 2, earlier=False)
        else:
            break
    return [*b_free, _fit_one(r2, 2, range(30, 89))]


def _group_c(rng: random.Random, before: list[PlannedLoan]) -> list[PlannedLoan]:
    """47 loans disbursed in Q3; two of them fitted to both the Q3 total and October's outstanding."""
    c_free = [
        PlannedLoan(_amount(rng, mostly_full=True), date(2022, 7, 10) + timedelta(days=rng.randrange(0, 70)))
        for _ in range(45)
    ]
    while True:
        rest = OUTSTANDING_OCTOBER - sum((x.principal for x in [*before, *c_free]), D(0))
        if rest > 90_000 or rest < 30_000:
            _nudge_amounts(c_free, rng, up=rest > 90_000)
            continue
        r3 = TARGETS[3] - _total(before, 3) - _total(c_free, 3)
        avg_days = r3 * 360 / (RATE * rest)
        if avg_days > 80 or avg_days < 20:
            _nudge_dates(c_free, rng, 3, earlier=avg_days > 80)
            continue
        pair = _fit_pair(r3, rest, 3)
        if pair is None:
            _nudge_dates(c_free, rng, 3, earlier=rng.random() < 0.5)
            continue
        return [*c_free, *pair]


def _group_d(rng: random.Random, book: list[PlannedLoan]) -> list[PlannedLoan]:
    """6 loans disbursed in December before the 20th."""
    known4 = _total(book, 4)
    d_free = [
        PlannedLoan(_amount(rng), date(2022, 12, 8) + timedelta(days=rng.randrange(0, 10))) for _ in range(5)
    ]
    while True:
        r4 = TARGETS[4] - known4 - _total(d_free, 4)
        if r4 > 120:
            _nudge_dates(d_free, rng, 4, earlier=True)
        elif r4 < 20:
            _nudge_dates(d_free, rng, 4, earlier=False)
        else:
            break
    return [*d_free, _fit_one(r4, 4, range(2, 40))]


def plan_current_loans(today: date, seed: int = 2026) -> list[PlannedLoan]:
    """A few loans live today at the 1-year LPR; the last one misses its latest settlement."""
    rng = random.Random(seed)
    out = [
        PlannedLoan(_amount(rng), today - timedelta(days=rng.randrange(120, 700)), rate_series="lpr_1y")
        for _ in range(8)
    ]
    latest = max(
        (d for d in (date(today.year - (m > today.month), m, 20) for m in (3, 6, 9, 12)) if d < today),
        default=None,
    )
    if latest is not None and latest > out[-1].disbursed_on:
        out[-1].unpaid_from = latest
    return out


def assign_borrowers(
    loans: list[PlannedLoan], people: list[PersonRow], groups: dict[str, list[str]], seed: int = 7
) -> None:
    """A different eligible household for each loan, and an adult of it aged 18-65 on application."""
    rng = random.Random(seed)
    eligible = [code for g in ELIGIBLE_GROUPS for code in groups[g]]
    rng.shuffle(eligible)
    adults: dict[str, list[PersonRow]] = {}
    for p in people:
        if p.relation in ("户主", "配偶"):
            adults.setdefault(p.household_code, []).append(p)
    pool = iter(eligible)
    for loan in loans:
        applied = loan.disbursed_on - timedelta(days=14)
        for code in pool:
            fits = [p for p in adults.get(code, []) if 18 <= context.age_on(p.birth_date, applied) <= 65]
            if fits:
                loan.household_code, loan.borrower = code, fits[0]
                break
        else:
            raise RuntimeError("not enough eligible households for the demo loan book")
