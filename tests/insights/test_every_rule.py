"""Every rule through the memory, with the clock moved along.

Each scenario starts a lasting situation at T0 that one rule reports once its
threshold has passed. The same timeline then holds for every rule: suggested once,
silent while dismissed, back after a snooze, deferred through quiet hours,
ended with the situation, and held back by its budget.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

import pytest

from custom_components.orchestration.core.insights.memory import InsightMemory
from custom_components.orchestration.core.insights.options import (
    DeliveryOptions,
    InsightOptions,
)
from custom_components.orchestration.core.insights.recommender import (
    PassResult,
    recommend,
    run_pass,
)
from custom_components.orchestration.core.models import TriggerType

from .home import (
    T0,
    Home,
    at_utc,
    hourly_history,
    running,
    scheduled,
    waiting,
)

MINUTE = timedelta(minutes=1)

#: From 16:00 UTC: 0.30 until 20, a peak 20-23, cheap 23-05, then 0.20.
PRICES = [*[0.30] * 4, *[0.45] * 3, *[0.12] * 6, *[0.20] * 11]


@dataclass(frozen=True)
class Scenario:
    """A situation one rule reports, begun at T0."""

    rule: str
    key: str
    build: Callable[[], Home]
    end: Callable[[Home], None]
    threshold: timedelta = timedelta(0)


def window_open() -> Home:
    home = Home()
    home.climate("climate.living_room", "living_room")
    home.window("binary_sensor.living_room_window", "living_room", "on")
    return home


def idle_area() -> Home:
    home = Home()
    home.person("person.anna", "Anna")
    home.light("light.lamp", "living_room", "on", since=T0 - timedelta(hours=1))
    home.motion("binary_sensor.motion", "living_room", "off")
    return home


def away() -> Home:
    home = Home()
    home.person("person.anna", "Anna", "not_home")
    home.add(
        "fan.bedroom", "on", "bedroom", supported_features=48,
        since=T0 - timedelta(hours=1),
    )  # fmt: skip
    return home


def kitchen() -> Home:
    home = Home()
    home.appliance("switch.dishwasher", "dishwasher", power_w=1800.0)
    home.prices(PRICES)
    return home


def price_peak() -> Home:
    home = kitchen()
    home.loads = [scheduled("switch.dishwasher", T0, at_utc(20, 30))]
    return home


def cheap_window() -> Home:
    home = kitchen()
    home.loads = [waiting("switch.dishwasher", T0)]
    return home


def unusual_consumption() -> Home:
    home = Home()
    home.add("sensor.heater_energy", "5", "garage", device_id="heater")
    home.light("light.heater_lamp", "garage", "on", device_id="heater")
    # Ten days of 0.1 kWh an hour, then 0.5 an hour from 10:00 UTC today on.
    base = hourly_history("sensor.heater_energy", end=at_utc(10), days=10, usual=0.1)
    later = hourly_history(
        "sensor.heater_energy", end=at_utc(22), days=1, usual=0.5
    ).energy["sensor.heater_energy"][-12:]
    home.history = replace(
        base,
        energy={"sensor.heater_energy": [*base.energy["sensor.heater_energy"], *later]},
    )
    return home


def _set(entity_id: str, state: str) -> Callable[[Home], None]:
    def end(home: Home) -> None:
        home.set(entity_id, state)

    return end


def _start_dishwasher(home: Home) -> None:
    home.loads = [running("switch.dishwasher", home.now)]


def _night_passes(home: Home) -> None:
    """The compared hours slide past the unusual ones (and the lamp goes off)."""
    home.set("light.heater_lamp", "off")
    home.at(at_utc(1, day=13))


def _return(home: Home) -> None:
    home.move("person.anna", "home")


SCENARIOS = [
    Scenario(
        "window_open",
        "window_open:living_room",
        window_open,
        _set("binary_sensor.living_room_window", "off"),
        timedelta(minutes=10),
    ),
    Scenario(
        "idle_area",
        "idle_area:living_room",
        idle_area,
        _set("binary_sensor.motion", "on"),
        timedelta(minutes=30),
    ),
    Scenario("away", "away:home", away, _return, timedelta(minutes=20)),
    Scenario(
        "price_peak", "price_peak:switch.dishwasher", price_peak, _start_dishwasher
    ),
    Scenario(
        "cheap_window",
        "cheap_window:switch.dishwasher",
        cheap_window,
        _start_dishwasher,
        timedelta(minutes=30),
    ),
    Scenario(
        "unusual_consumption",
        "unusual_consumption:sensor.heater_energy",
        unusual_consumption,
        _night_passes,
    ),
]

# No repeat wait, so each step shows only what it is about.
OPTIONS = replace(
    InsightOptions(), delivery=DeliveryOptions(repeat_minutes=0, per_rule=10)
)


def keys(result: PassResult) -> tuple[list[str], list[str]]:
    """What a pass offered, and what it would deliver."""
    return (
        [item.key for item in result.offered],
        [item.suggestion.key for item in result.deliver],
    )


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda item: item.rule)
def test_a_rule_over_time(scenario: Scenario) -> None:
    home = scenario.build()
    memory = InsightMemory()
    key = scenario.key

    def step(minutes: float = 0) -> PassResult:
        home.advance(minutes)
        result = run_pass(memory, home.observe(), OPTIONS)
        for offer in result.deliver:
            memory.delivered(offer.suggestion.key, home.now)
        return result

    if scenario.threshold:
        home.advance(scenario.threshold / MINUTE - 1)
        assert step().offered == []
        home.advance(1)
    # Once the threshold has passed: offered, and delivered at once.
    result = step()
    assert keys(result) == ([key], [key])
    (suggestion,) = result.offered
    assert suggestion.rule == scenario.rule
    assert suggestion.task.trigger_type is TriggerType.INSIGHT_RECOMMENDATION
    assert step(1).offered == []
    # Dismissed for an hour: silent, then back while the situation lasts.
    memory.dismiss(key, home.now, timedelta(hours=1))
    assert step(30).offered == []
    assert keys(step(30)) == ([key], [key])
    # Snoozed for half an hour.
    memory.snooze(key, home.now, timedelta(minutes=30))
    assert step(29).offered == []
    assert keys(step(1)) == ([key], [key])
    # Offered during quiet hours: delivered when they end, not dropped.
    memory.accept(key)
    home.quiet_hours(home.now, home.now + timedelta(minutes=30))
    assert keys(step(1)) == ([key], [])
    assert keys(step(15)) == ([], [])
    assert keys(step(15)) == ([], [key])
    # The situation ends: so does the suggestion.
    scenario.end(home)
    (ended,) = step(1).ended
    assert ended.offered.suggestion.key == key
    assert ended.condition is not None
    assert memory.active == {}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda item: item.rule)
def test_a_rule_within_its_budget(scenario: Scenario) -> None:
    home = scenario.build()
    home.advance(scenario.threshold / MINUTE)
    memory = InsightMemory()
    once_a_day = replace(
        OPTIONS, delivery=DeliveryOptions(repeat_minutes=0, per_rule=1)
    )
    assert keys(run_pass(memory, home.observe(), once_a_day))[0] == [scenario.key]
    memory.accept(scenario.key)
    home.advance(30)
    # The situation lasts and the rule still sees it, but its budget is spent.
    assert [item.key for item in recommend(home.observe(), once_a_day)] == [
        scenario.key
    ]
    assert run_pass(memory, home.observe(), once_a_day).offered == []
