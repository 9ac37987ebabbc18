"""A price peak ahead of a running or scheduled load: shift it, and the plan agrees."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from custom_components.orchestration.core.insights.conditions import ended_by
from custom_components.orchestration.core.insights.observation import (
    DeferrableLoad,
)
from custom_components.orchestration.core.insights.options import (
    InsightOptions,
    PricePeakOptions,
)
from custom_components.orchestration.core.insights.rules import price_peak
from custom_components.orchestration.core.insights.suggestion import EndKind
from custom_components.orchestration.core.models import (
    ConstraintType,
    GoalType,
    StepKind,
    Strategy,
)
from custom_components.orchestration.core.planning.planner import (
    PlanningResult,
    build_plan,
)
from custom_components.orchestration.core.planning.steps import PlannerOptions

from .home import T0, Home, at_utc, running, scheduled, waiting

OPTIONS = InsightOptions()

#: From 16:00 UTC: 0.30, a peak 17-20, 0.25 until 23, cheap 23-05, then 0.20.
EVENING_PRICES = [0.30, 0.45, 0.45, 0.45, 0.25, 0.25, 0.25, *[0.12] * 6, *[0.20] * 11]


def kitchen() -> Home:
    home = Home()
    home.appliance("switch.dishwasher", "dishwasher", power_w=1800.0, name="Dishwasher")
    home.appliance("switch.washer", "washer", power_w=2000.0, name="Washer")
    home.appliance(
        "switch.wallbox", "wallbox", "garage", power_w=7400.0, name="Wallbox"
    )
    home.prices(EVENING_PRICES)
    return home


def suggest(
    home: Home, *loads: DeferrableLoad, options: InsightOptions = OPTIONS
) -> list:
    return price_peak.evaluate(home.observe(loads=loads), options)


def plan(home: Home, suggestion) -> PlanningResult:
    return build_plan(
        suggestion.task,
        home.snapshot(),
        strategy=Strategy.BALANCED,
        options=PlannerOptions(),
    )


def test_a_dishwasher_scheduled_into_the_peak_is_moved_to_the_night() -> None:
    home = kitchen()
    load = scheduled(
        "switch.dishwasher", T0 - timedelta(hours=1), at_utc(17, 30), plan_id="p-1"
    )
    (suggestion,) = suggest(home, load)
    assert suggestion.key == "price_peak:switch.dishwasher"
    assert suggestion.replaces == "p-1"
    assert suggestion.figures == {
        "appliance": "Dishwasher",
        "status": "scheduled",
        "start": "2026-01-12T17:30:00+00:00",
        "price_now": 0.30,
        "peak_price": 0.45,
        "peak_start": "2026-01-12T17:00:00+00:00",
        "peak_end": "2026-01-12T20:00:00+00:00",
        "cheap_start": "2026-01-12T23:00:00+00:00",
        "cheap_end": "2026-01-13T01:00:00+00:00",
        "cheap_price": 0.12,
        "saving": 1.188,
        "currency": "EUR",
    }
    (goal,) = suggestion.task.goals
    assert goal.type is GoalType.RUN_APPLIANCE
    assert goal.params == {"duration_min": 120.0, "energy_kwh": 3.6}
    assert [item.type for item in suggestion.task.constraints] == [
        ConstraintType.MINIMIZE_COST,
        ConstraintType.DEADLINE,
    ]
    assert suggestion.expires_at == at_utc(17, 30)
    # The planner schedules exactly the run the figures promise.
    result = plan(home, suggestion)
    assert result.feasible
    (run,) = [step for step in result.plan.steps if step.kind is StepKind.ACTION]
    assert run.not_before == at_utc(23)
    assert run.estimated_cost == pytest.approx(3.6 * 0.12)


def test_a_running_charger_is_paused_until_power_is_cheap() -> None:
    home = kitchen()
    load = running("switch.wallbox", T0 - timedelta(minutes=30))
    (suggestion,) = suggest(home, load)
    figures = suggestion.figures
    assert figures["status"] == "running"
    assert "start" not in figures
    assert (figures["peak_start"], figures["peak_end"]) == (
        "2026-01-12T17:00:00+00:00",
        "2026-01-12T20:00:00+00:00",
    )
    assert figures["cheap_start"] == "2026-01-12T23:00:00+00:00"
    # Four hours at 7.4 kW: 0.30 + 3 x 0.45 as it stands, 4 x 0.12 at night.
    assert figures["saving"] == pytest.approx(7.4 * (0.30 + 1.35 - 0.48))
    assert [goal.type for goal in suggestion.task.goals] == [
        GoalType.TURN_OFF,
        GoalType.RUN_APPLIANCE,
    ]
    assert [c.kind for c in suggestion.ends_when] == [
        EndKind.LOAD_CHANGED,
        EndKind.TIME,
    ]
    assert suggestion.expires_at == at_utc(20)
    result = plan(home, suggestion)
    assert result.feasible
    assert [
        (step.kind, step.action, step.not_before) for step in result.plan.steps
    ] == [
        (StepKind.ACTION, "switch.turn_off", None),
        (StepKind.WAIT, None, at_utc(23)),
        (StepKind.ACTION, "switch.turn_on", at_utc(23)),
    ]


def test_inside_the_peak_it_shows_the_whole_peak() -> None:
    home = kitchen()
    home.at(at_utc(18, 30))
    (suggestion,) = suggest(home, running("switch.wallbox", T0))
    figures = suggestion.figures
    assert (figures["price_now"], figures["peak_start"], figures["peak_end"]) == (
        0.45,
        "2026-01-12T17:00:00+00:00",
        "2026-01-12T20:00:00+00:00",
    )


def test_a_running_wash_is_never_interrupted() -> None:
    home = kitchen()
    assert suggest(home, running("switch.dishwasher", T0)) == []


def test_a_waiting_load_is_the_other_rules_business() -> None:
    home = kitchen()
    assert suggest(home, waiting("switch.dishwasher", T0 - timedelta(hours=3))) == []


def test_no_peak_no_suggestion() -> None:
    home = kitchen()
    home.prices([0.30] * 24)
    load = scheduled("switch.dishwasher", T0, at_utc(17, 30))
    assert suggest(home, load) == []


@pytest.mark.parametrize(
    "settings",
    [PricePeakOptions(min_saving=1.20), PricePeakOptions(ratio=4.0)],
)
def test_thresholds(settings: PricePeakOptions) -> None:
    home = kitchen()
    load = scheduled("switch.dishwasher", T0, at_utc(17, 30))
    assert len(suggest(home, load)) == 1
    assert suggest(home, load, options=replace(OPTIONS, price_peak=settings)) == []


def test_a_short_horizon_or_a_deadline_limits_the_search() -> None:
    home = kitchen()
    load = scheduled("switch.dishwasher", T0, at_utc(17, 30), deadline=at_utc(22, 0))
    (suggestion,) = suggest(home, load)
    # Before 22:00 the best is 20:00-22:00 at 0.25.
    assert suggestion.figures["cheap_start"] == "2026-01-12T20:00:00+00:00"
    assert suggestion.task.constraints[1].fields == {
        "before": "2026-01-12T22:00:00+00:00"
    }
    short = replace(OPTIONS, price_peak=PricePeakOptions(horizon_hours=2))
    assert suggest(home, load, options=short) == []


def test_quiet_hours_keep_a_noisy_washer_out_of_the_night() -> None:
    home = kitchen()
    home.quiet_hours(at_utc(21), at_utc(6, day=13))
    load = scheduled("switch.washer", T0, at_utc(17, 30))
    (suggestion,) = suggest(home, load)
    assert suggestion.figures["cheap_start"] == "2026-01-13T06:00:00+00:00"
    result = plan(home, suggestion)
    (run,) = [step for step in result.plan.steps if step.kind is StepKind.ACTION]
    assert run.not_before == at_utc(6, day=13)


def test_not_without_prices_for_the_run_nor_for_a_start_out_of_reach() -> None:
    home = kitchen()
    assert (
        suggest(home, scheduled("switch.dishwasher", T0, at_utc(17, 30, day=14))) == []
    )
    assert (
        suggest(home, scheduled("switch.dishwasher", T0, T0 - timedelta(minutes=1)))
        == []
    )
    home.tariff = None
    assert suggest(home, scheduled("switch.dishwasher", T0, at_utc(17, 30))) == []


def test_unknown_unavailable_or_excluded_loads_are_ignored() -> None:
    home = kitchen()
    load = scheduled("switch.dishwasher", T0, at_utc(17, 30))
    assert suggest(home, scheduled("switch.nothing", T0, at_utc(17, 30))) == []
    excluded = replace(OPTIONS, excluded_entity_ids=frozenset({"switch.dishwasher"}))
    assert suggest(home, load, options=excluded) == []
    home.set("switch.dishwasher", "unavailable")
    assert suggest(home, load) == []


def test_ends_when_the_load_starts_or_its_start_passes() -> None:
    home = kitchen()
    load = scheduled("switch.dishwasher", T0, at_utc(17, 30))
    (suggestion,) = suggest(home, load)
    assert ended_by(suggestion, home.observe(loads=[load])) is None
    started = running("switch.dishwasher", home.now)
    assert ended_by(suggestion, home.observe(loads=[started])).kind is (
        EndKind.LOAD_CHANGED
    )
    home.at(at_utc(17, 30))
    assert ended_by(suggestion, home.observe(loads=[load])).kind is EndKind.TIME
