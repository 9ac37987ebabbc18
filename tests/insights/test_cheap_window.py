"""A waiting load, and a cheap window or solar surplus: run it then."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from custom_components.orchestration.core.insights.conditions import ended_by
from custom_components.orchestration.core.insights.observation import (
    DeferrableLoad,
    History,
    PowerSample,
)
from custom_components.orchestration.core.insights.options import (
    CheapWindowOptions,
    InsightOptions,
)
from custom_components.orchestration.core.insights.rules import cheap_window
from custom_components.orchestration.core.insights.rules.cheap_window import (
    surplus_since,
)
from custom_components.orchestration.core.insights.suggestion import EndKind
from custom_components.orchestration.core.models import (
    ConstraintType,
    StepKind,
    Strategy,
)
from custom_components.orchestration.core.planning.planner import (
    PlanningResult,
    build_plan,
)
from custom_components.orchestration.core.planning.steps import PlannerOptions

from .home import T0, Home, at_utc, running, scheduled, surplus, waiting

OPTIONS = InsightOptions()

#: From 16:00 UTC: 0.30, a peak 17-20, 0.25 until 23, cheap 23-05, then 0.20.
EVENING_PRICES = [0.30, 0.45, 0.45, 0.45, 0.25, 0.25, 0.25, *[0.12] * 6, *[0.20] * 11]


def kitchen() -> Home:
    home = Home()
    home.appliance("switch.dishwasher", "dishwasher", power_w=1800.0, name="Dishwasher")
    home.prices(EVENING_PRICES)
    return home


def suggest(
    home: Home,
    *loads: DeferrableLoad,
    history: History | None = None,
    options: InsightOptions = OPTIONS,
) -> list:
    return cheap_window.evaluate(home.observe(loads=loads, history=history), options)


def plan(home: Home, suggestion) -> PlanningResult:
    return build_plan(
        suggestion.task,
        home.snapshot(),
        strategy=Strategy.BALANCED,
        options=PlannerOptions(),
    )


def test_a_dishwasher_ready_for_half_an_hour_waits_for_the_night() -> None:
    home = kitchen()
    load = waiting("switch.dishwasher", T0)
    home.advance(29)
    assert suggest(home, load) == []
    home.advance(1)
    (suggestion,) = suggest(home, load)
    assert suggestion.key == "cheap_window:switch.dishwasher"
    # The mean from 16:30 to 16:00 tomorrow is 5.17 / 23.5 h = 0.22 per kWh.
    assert suggestion.figures == {
        "appliance": "Dishwasher",
        "source": "tariff",
        "waiting_minutes": 30,
        "price_now": 0.30,
        "cheap_start": "2026-01-12T23:00:00+00:00",
        "cheap_end": "2026-01-13T01:00:00+00:00",
        "cheap_price": 0.12,
        "average_price": 0.22,
        "until": "2026-01-13T16:00:00+00:00",
        "starts_now": False,
        "saving": 0.36,
        "currency": "EUR",
    }
    assert suggestion.saving == pytest.approx(0.36)
    assert [item.type for item in suggestion.task.constraints] == [
        ConstraintType.MINIMIZE_COST,
        ConstraintType.DEADLINE,
    ]
    assert suggestion.task.intent == "Run Dishwasher when power is cheapest"
    result = plan(home, suggestion)
    (run,) = [step for step in result.plan.steps if step.kind is StepKind.ACTION]
    assert run.not_before == at_utc(23)
    assert run.estimated_cost == pytest.approx(0.432)


def test_when_power_is_cheap_now_it_says_so() -> None:
    home = kitchen()
    home.at(at_utc(23, 10))
    (suggestion,) = suggest(home, waiting("switch.dishwasher", at_utc(22)))
    assert suggestion.figures["starts_now"] is True
    assert suggestion.figures["cheap_start"] == "2026-01-12T23:10:00+00:00"


def test_flat_prices_or_a_small_saving_suggest_nothing() -> None:
    home = kitchen()
    load = waiting("switch.dishwasher", T0)
    home.advance(30)
    lenient = replace(OPTIONS, cheap_window=CheapWindowOptions(min_saving=0.5))
    assert suggest(home, load, options=lenient) == []
    home.prices([0.2] * 24, start=T0)
    assert suggest(home, load) == []
    home.tariff = None
    assert suggest(home, load) == []


def test_no_room_for_the_run_before_its_deadline() -> None:
    home = kitchen()
    home.advance(30)
    tight = waiting("switch.dishwasher", T0, deadline=home.now + timedelta(hours=1))
    assert suggest(home, tight) == []
    passed = waiting("switch.dishwasher", T0, deadline=home.now)
    assert suggest(home, passed) == []


def test_only_waiting_loads_count() -> None:
    home = kitchen()
    home.advance(60)
    assert suggest(home, running("switch.dishwasher", T0)) == []
    assert suggest(home, scheduled("switch.dishwasher", T0, at_utc(23))) == []
    assert suggest(home, waiting("switch.unknown", T0)) == []
    excluded = replace(OPTIONS, excluded_entity_ids=frozenset({"switch.dishwasher"}))
    assert suggest(home, waiting("switch.dishwasher", T0), options=excluded) == []


def test_solar_surplus_for_a_quarter_of_an_hour_runs_it_now() -> None:
    home = kitchen()
    load = waiting("switch.dishwasher", T0 - timedelta(hours=1))
    home.advance(45)
    home.grid_power_w = -2500.0
    history = History(grid_power=surplus(2500, start=T0, end=home.now))
    (suggestion,) = suggest(home, load, history=history)
    assert suggestion.figures == {
        "appliance": "Dishwasher",
        "source": "solar",
        "waiting_minutes": 105,
        "surplus_w": 2500.0,
        "surplus_minutes": 45,
        "power_w": 1800.0,
        "solar_kwh": 3.6,
    }
    (constraint,) = suggestion.task.constraints
    assert constraint.fields == {"before": "2026-01-12T18:50:00+00:00"}
    assert suggestion.task.intent == "Run Dishwasher on solar power now"
    # The plan starts it at once, expensive grid prices or not.
    result = plan(home, suggestion)
    assert [(step.kind, step.action) for step in result.plan.steps] == [
        (StepKind.ACTION, "switch.turn_on")
    ]
    # Surplus falling under half the draw ends it; a cloud passing does not.
    home.grid_power_w = -1000.0
    assert ended_by(suggestion, home.observe(loads=[load])) is None
    home.grid_power_w = 300.0
    assert ended_by(suggestion, home.observe(loads=[load])).kind is (
        EndKind.SURPLUS_GONE
    )


def test_a_short_or_broken_surplus_is_not_enough() -> None:
    home = kitchen()
    home.tariff = None
    load = waiting("switch.dishwasher", T0 - timedelta(hours=1))
    home.advance(45)
    home.grid_power_w = -2500.0
    importing = [PowerSample(T0, home.now - timedelta(minutes=10), 800.0)]
    recent = surplus(2500, start=home.now - timedelta(minutes=10), end=home.now)
    assert suggest(home, load, history=History([], [*importing, *recent])) == []
    # Samples missing from 16:25 to 16:35: the surplus counts from 16:35.
    broken = [
        *surplus(2500, start=T0, end=T0 + timedelta(minutes=25)),
        *surplus(2500, start=T0 + timedelta(minutes=35), end=home.now),
    ]
    assert suggest(home, load, history=History({}, broken)) == []
    home.advance(5)
    broken += surplus(2500, start=home.now - timedelta(minutes=5), end=home.now)
    assert len(suggest(home, load, history=History({}, broken))) == 1


def test_surplus_since() -> None:
    samples = surplus(2000, start=T0, end=T0 + timedelta(minutes=30))
    now = T0 + timedelta(minutes=30)
    assert surplus_since(samples, -2000.0, 1800, now) == T0
    assert surplus_since(samples, -1000.0, 1800, now) is None
    assert surplus_since(samples, None, 1800, now) is None
    # Exporting enough only now: the surplus starts now.
    assert surplus_since(samples, -3000.0, 2500, now) == now
    assert surplus_since([], -2000.0, 1800, now) == now
    # The recorder compiles a 5-minute mean a few seconds after its period: the
    # newest may end over five minutes ago, and the reading now covers the rest.
    lagging = now + timedelta(minutes=5, seconds=10)
    assert surplus_since(samples, -2000.0, 1800, lagging) == T0
    assert surplus_since(samples, -2000.0, 1800, now + timedelta(minutes=7)) == (
        now + timedelta(minutes=7)
    )
    # A sample from after ``now`` (a clock ahead) is not evidence of the past.
    ahead = [*samples, PowerSample(now, now + timedelta(minutes=5), 500.0)]
    assert surplus_since(ahead, -2000.0, 1800, now) == T0


def test_ends_when_the_load_starts_or_the_window_passes() -> None:
    home = kitchen()
    load = waiting("switch.dishwasher", T0)
    home.advance(30)
    (suggestion,) = suggest(home, load)
    assert ended_by(suggestion, home.observe(loads=[load])) is None
    started = running("switch.dishwasher", home.now)
    assert ended_by(suggestion, home.observe(loads=[started])).kind is (
        EndKind.LOAD_CHANGED
    )
    assert ended_by(suggestion, home.observe()).kind is EndKind.LOAD_CHANGED
    home.at(at_utc(1, day=13))
    assert ended_by(suggestion, home.observe(loads=[load])).kind is EndKind.TIME
