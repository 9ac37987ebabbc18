"""Tests of deferrable-load scheduling against price slots."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import product
import random

import pytest

from custom_components.orchestration.core.energy.scheduling import (
    Load,
    PriceCurve,
    cheapest_start,
    schedule_loads,
)
from custom_components.orchestration.core.models import PriceSlot, TimeWindow

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def at(minutes: float) -> datetime:
    """T0 plus minutes."""
    return T0 + timedelta(minutes=minutes)


def hourly(*prices: float) -> list[PriceSlot]:
    """Hourly slots from T0."""
    return [PriceSlot(at(60 * i), at(60 * (i + 1)), p) for i, p in enumerate(prices)]


def test_cheapest_window_of_one_load() -> None:
    """A two-hour run goes to the two cheapest consecutive hours."""
    slots = hourly(0.30, 0.10, 0.08, 0.25, 0.05, 0.40)
    result = cheapest_start(
        slots,
        duration=timedelta(hours=2),
        power_kw=1.0,
        earliest=T0,
        latest_end=at(360),
    )
    assert result is not None
    assert (result.start, result.end) == (at(60), at(180))
    assert result.cost == pytest.approx(0.18)
    assert result.energy_kwh == pytest.approx(2.0)
    assert result.average_price == pytest.approx(0.09)
    assert result.cost_at_earliest == pytest.approx(0.40)
    assert result.saving == pytest.approx(0.22)


def test_optimum_can_start_inside_a_slot() -> None:
    """A 90-minute run starts mid-slot: half the 0.20 hour, all the 0.10 hour."""
    slots = hourly(0.50, 0.20, 0.10, 0.60)
    result = cheapest_start(
        slots,
        duration=timedelta(minutes=90),
        power_kw=2.0,
        earliest=T0,
        latest_end=at(240),
    )
    assert result is not None
    assert result.start == at(90)
    assert result.cost == pytest.approx(2.0 * (0.20 * 0.5 + 0.10))


def test_deadline_not_before_and_forbidden_windows() -> None:
    """Windows and quiet hours push the run out of the cheapest hours."""
    slots = hourly(0.30, 0.10, 0.08, 0.25, 0.05, 0.40)
    quiet = [TimeWindow(at(60), at(180))]
    result = cheapest_start(
        slots,
        duration=timedelta(hours=1),
        power_kw=1.0,
        earliest=at(30),
        latest_end=at(240),
        forbidden=quiet,
    )
    assert result is not None
    assert result.start == at(180)
    assert result.cost == pytest.approx(0.25)
    assert result.cost_at_earliest is None  # starting at once would break quiet hours
    assert result.saving is None
    none = cheapest_start(
        slots,
        duration=timedelta(hours=3),
        power_kw=1.0,
        earliest=T0,
        latest_end=at(150),
    )
    assert none is None


def test_gaps_in_prices_are_not_used() -> None:
    """A run never spans time without a price."""
    slots = [PriceSlot(at(0), at(60), 0.1), PriceSlot(at(120), at(180), 0.9)]
    result = cheapest_start(
        slots,
        duration=timedelta(minutes=90),
        power_kw=1,
        earliest=T0,
        latest_end=at(180),
    )
    assert result is None
    curve = PriceCurve(slots)
    assert curve.covered() == [
        (at(0).timestamp(), at(60).timestamp()),
        (at(120).timestamp(), at(180).timestamp()),
    ]
    assert curve.energy_cost(at(-30).timestamp(), at(30).timestamp(), 1.0) == (
        pytest.approx(0.05)
    )


def _brute(
    prices: list[float], duration: int, earliest: int, latest_end: int
) -> float | None:
    """Cheapest run by trying every minute (prices per 15-minute slot)."""
    per_minute = [price for price in prices for _ in range(15)]
    costs = [
        sum(per_minute[start : start + duration]) / 60
        for start in range(earliest, min(latest_end, len(per_minute)) - duration + 1)
    ]
    return min(costs) if costs else None


def test_single_load_equals_brute_force_on_random_curves() -> None:
    """The exact optimum equals a brute force over every minute (1e-9)."""
    rng = random.Random(7)
    for _ in range(60):
        prices = [round(rng.uniform(-0.1, 0.6), 3) for _ in range(48)]
        slots = [
            PriceSlot(at(15 * i), at(15 * (i + 1)), price)
            for i, price in enumerate(prices)
        ]
        duration = rng.randrange(10, 200)
        earliest = rng.randrange(0, 300)
        latest_end = earliest + duration + rng.randrange(0, 500)
        result = cheapest_start(
            slots,
            duration=timedelta(minutes=duration),
            power_kw=1.0,
            earliest=at(earliest),
            latest_end=at(latest_end),
        )
        expected = _brute(prices, duration, earliest, latest_end)
        if expected is None:
            assert result is None
        else:
            assert result is not None
            assert abs(result.cost - expected) <= 1e-9


def _brute_multi(slots: list[PriceSlot], loads: list[Load], cap: float) -> float:
    options = []
    for load in loads:
        steps = int(load.duration / timedelta(minutes=30))
        first = int((load.earliest - T0) / timedelta(minutes=30))
        last = int((load.latest_end - T0) / timedelta(minutes=30)) - steps
        options.append(
            [
                (
                    start,
                    steps,
                    load.power_kw,
                    sum(s.price for s in slots[start : start + steps])
                    * load.power_kw
                    / 2,
                )
                for start in range(first, last + 1)
            ]
        )
    best = float("inf")
    for combo in product(*options):
        peak = max(
            sum(p for start, steps, p, _ in combo if start <= cell < start + steps)
            for cell in range(len(slots))
        )
        if peak <= cap + 1e-9:
            best = min(best, sum(item[3] for item in combo))
    return best


def test_multi_load_under_a_cap_is_optimal() -> None:
    """Loads that would clash in the cheapest slot are spread, at least total cost."""
    rng = random.Random(3)
    for _ in range(15):
        slots = [
            PriceSlot(at(30 * i), at(30 * (i + 1)), round(rng.uniform(0, 0.5), 3))
            for i in range(16)
        ]
        loads = [
            Load(
                f"l{i}",
                timedelta(minutes=30 * rng.randrange(1, 4)),
                round(rng.uniform(1, 3), 1),
                at(30 * rng.randrange(0, 4)),
                at(480),
            )
            for i in range(3)
        ]
        result = schedule_loads(loads, slots, power_limit_kw=4.0)
        assert result.optimal
        assert result.gap == 0.0
        assert result.grid_minutes == 30
        assert result.cost == pytest.approx(_brute_multi(slots, loads, 4.0), abs=1e-9)
        assert result.lower_bound == result.cost
        for load in loads:
            placed = result.results[load.key]
            assert placed.start >= load.earliest
            assert placed.end <= load.latest_end


def test_multi_load_budget_states_a_bound() -> None:
    """With the search cut short the result is feasible and above a true lower bound."""
    slots = hourly(0.1, 0.1, 0.5, 0.5, 0.5, 0.5)
    loads = [
        Load("washer", timedelta(hours=2), 2.0, T0, at(360)),
        Load("dryer", timedelta(hours=2), 2.5, T0, at(360)),
    ]
    result = schedule_loads(loads, slots, power_limit_kw=3.0, max_nodes=1)
    assert not result.optimal
    assert result.lower_bound == pytest.approx(0.4 + 0.5)
    optimum = schedule_loads(loads, slots, power_limit_kw=3.0)
    assert optimum.optimal
    assert optimum.cost == pytest.approx(2.5 * 0.2 + 2.0 * 1.0)  # dryer first
    assert result.lower_bound <= optimum.cost <= result.cost
    assert result.gap == pytest.approx(result.cost - result.lower_bound)
    expired = schedule_loads(loads, slots, power_limit_kw=3.0, deadline=0.0)
    assert expired.results  # greedy still placed both
    # Without a cap each runs in its own cheapest window.
    free = schedule_loads(loads, slots, power_limit_kw=None)
    assert free.cost == pytest.approx(0.9)
    assert free.results["washer"].start == T0
    assert free.results["washer"].cost_at_earliest == pytest.approx(0.4)


def test_multi_load_reports_what_cannot_fit() -> None:
    """A load above the cap, or with no allowed start, is unplaced."""
    slots = hourly(0.1, 0.2, 0.3)
    loads = [
        Load("oven", timedelta(hours=1), 5.0, T0, at(180)),
        Load("late", timedelta(hours=2), 1.0, at(120), at(180)),
        Load("kettle", timedelta(minutes=7), 2.0, at(3), at(180)),
    ]
    result = schedule_loads(loads, slots, power_limit_kw=3.0)
    assert result.unplaced == ["late", "oven"]
    assert result.grid_minutes == 1
    assert result.results["kettle"].start == at(3)
    assert result.results["kettle"].cost_at_earliest is not None


def test_jointly_infeasible_loads_keep_what_fits() -> None:
    """Two loads that can only run at the same time under a tight cap: one is kept."""
    slots = hourly(0.1)
    loads = [
        Load("a", timedelta(hours=1), 2.0, T0, at(60)),
        Load("b", timedelta(hours=1), 2.0, T0, at(60)),
    ]
    result = schedule_loads(loads, slots, power_limit_kw=3.0)
    assert list(result.results) == ["a"]
    assert result.unplaced == ["b"]
    assert not result.optimal
    assert result.lower_bound == pytest.approx(0.2)


def test_forbidden_windows_on_the_grid() -> None:
    """Forbidden windows are widened to the grid and respected."""
    slots = hourly(0.1, 0.5, 0.5)
    loads = [
        Load(
            "washer",
            timedelta(hours=1),
            2.0,
            T0,
            at(180),
            (TimeWindow(at(10), at(50)),),
        )
    ]
    result = schedule_loads(loads, slots, power_limit_kw=None)
    assert result.results["washer"].start == at(50)
