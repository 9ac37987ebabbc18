"""A window open for a while in a heated or cooled area, with the clock moving on."""

from __future__ import annotations

from dataclasses import replace

import pytest

from custom_components.orchestration.core.insights.conditions import ended_by
from custom_components.orchestration.core.insights.options import (
    InsightOptions,
    WindowOpenOptions,
)
from custom_components.orchestration.core.insights.rules import window_open
from custom_components.orchestration.core.insights.suggestion import EndKind
from custom_components.orchestration.core.models import (
    GoalType,
    Strategy,
    TriggerType,
)
from custom_components.orchestration.core.planning.planner import build_plan
from custom_components.orchestration.core.planning.steps import PlannerOptions

from .home import T0, WINDOW_COVER_FEATURES, Home

OPTIONS = InsightOptions()


def heated_living_room() -> Home:
    """The living room heated to 21 °C, a window closed, 4 °C outside."""
    home = Home()
    home.climate("climate.living_room", "living_room")
    home.window("binary_sensor.living_room_window", "living_room")
    home.outdoor = 4.0
    return home


def suggest(home: Home, options: InsightOptions = OPTIONS) -> list:
    return window_open.evaluate(home.observe(), options)


def test_fires_after_ten_minutes_with_the_figures() -> None:
    home = heated_living_room()
    home.set("binary_sensor.living_room_window", "on")
    home.advance(9)
    assert suggest(home) == []
    home.advance(1)
    (suggestion,) = suggest(home)
    assert suggestion.key == "window_open:living_room"
    assert suggestion.since == T0
    assert suggestion.figures == {
        "area": "Living room",
        "openings": ["Living room window"],
        "open_minutes": 10,
        "mode": "heat",
        "set_point": 21.0,
        "current": 19.5,
        "outdoor": 4.0,
        "unit": "°C",
        "climates": ["Living room"],
        "pauses": ["Living room"],
    }
    task = suggestion.task
    assert task.trigger_type is TriggerType.INSIGHT_RECOMMENDATION
    assert [(goal.type, goal.targets.entity_ids) for goal in task.goals] == [
        (GoalType.TURN_OFF, ["climate.living_room"])
    ]
    assert task.intent == "Stop heating while airing: Living room"
    assert suggestion.targets == [
        "binary_sensor.living_room_window",
        "climate.living_room",
    ]
    # Thirty minutes on, the same suggestion says thirty minutes.
    home.advance(20)
    (later,) = suggest(home)
    assert later.key == suggestion.key
    assert later.figures["open_minutes"] == 30


def test_a_short_airing_restarts_the_clock() -> None:
    """Open five minutes, closed, opened again: ten minutes from the second opening."""
    home = heated_living_room()
    home.set("binary_sensor.living_room_window", "on")
    home.advance(5)
    home.set("binary_sensor.living_room_window", "off")
    home.advance(1)
    home.set("binary_sensor.living_room_window", "on")
    home.advance(9)
    assert suggest(home) == []
    home.advance(1)
    (suggestion,) = suggest(home)
    assert suggestion.figures["open_minutes"] == 10


def test_the_threshold_is_an_option() -> None:
    home = heated_living_room()
    home.set("binary_sensor.living_room_window", "on")
    home.advance(3)
    quick = replace(OPTIONS, window_open=WindowOpenOptions(minutes=3))
    assert len(suggest(home, quick)) == 1
    assert suggest(home) == []


@pytest.mark.parametrize(
    ("state", "attributes"),
    [
        ("off", {"hvac_action": "off"}),
        ("fan_only", {"hvac_action": "fan"}),
        # heat_cool with the room inside its range: neither heats nor cools.
        ("heat_cool", {"hvac_action": "idle", "target_temp_low": 19.0,
                       "target_temp_high": 24.0}),
        ("heat", {"hvac_action": "off"}),
        ("unavailable", {}),
    ],
)  # fmt: skip
def test_not_while_the_area_is_neither_heated_nor_cooled(
    state: str, attributes: dict
) -> None:
    home = heated_living_room()
    home.set("climate.living_room", state, **attributes)
    home.set("binary_sensor.living_room_window", "on")
    home.advance(30)
    assert suggest(home) == []


def test_a_heater_idle_at_its_set_point_still_counts() -> None:
    """In heat mode it will heat as soon as the open window cools the room."""
    home = heated_living_room()
    home.set("climate.living_room", "heat", hvac_action="idle", current_temperature=21)
    home.set("binary_sensor.living_room_window", "on")
    home.advance(10)
    (suggestion,) = suggest(home)
    assert suggestion.figures["mode"] == "heat"


def test_auto_mode_below_its_low_set_point_heats() -> None:
    home = heated_living_room()
    home.update(
        "climate.living_room",
        state="heat_cool",
        attributes={
            "target_temp_low": 20.0,
            "target_temp_high": 24.0,
            "current_temperature": 18.0,
        },
    )
    home.set("binary_sensor.living_room_window", "on")
    home.advance(10)
    (suggestion,) = suggest(home)
    assert (suggestion.figures["mode"], suggestion.figures["set_point"]) == ("heat", 20)


def test_auto_mode_above_its_high_set_point_cools() -> None:
    home = heated_living_room()
    home.update(
        "climate.living_room",
        state="auto",
        attributes={"temperature": 22.0, "current_temperature": 25.0},
    )
    home.set("binary_sensor.living_room_window", "on")
    home.advance(10)
    (suggestion,) = suggest(home)
    assert (suggestion.figures["mode"], suggestion.figures["set_point"]) == ("cool", 22)


def test_cooling_with_the_area_temperature_when_the_climate_has_none() -> None:
    home = Home()
    home.climate(
        "climate.bedroom_ac", "bedroom", "cool", set_point=23.0, current=None,
        action="cooling",
    )  # fmt: skip
    home.area_temperatures["bedroom"] = 27.5
    home.add("binary_sensor.bedroom_door", "on", "bedroom", device_class="door")
    home.advance(15)
    (suggestion,) = suggest(home)
    assert suggestion.figures["mode"] == "cool"
    assert suggestion.figures["current"] == 27.5
    assert "outdoor" not in suggestion.figures
    assert suggestion.task.intent == "Stop cooling while airing: Bedroom"


def test_no_suggestion_for_another_area_or_an_unavailable_window() -> None:
    home = heated_living_room()
    home.window("binary_sensor.kitchen_window", "kitchen", "on")
    home.add("binary_sensor.hall_window", "on", None, device_class="window")
    home.advance(30)
    assert suggest(home) == []
    home.set("binary_sensor.living_room_window", "on")
    home.advance(10)
    home.set("binary_sensor.living_room_window", "unavailable")
    assert suggest(home) == []


def test_a_motorised_window_is_closed_instead() -> None:
    home = heated_living_room()
    home.add(
        "cover.skylight", "open", "living_room", device_class="window",
        supported_features=WINDOW_COVER_FEATURES,
    )  # fmt: skip
    home.advance(10)
    (suggestion,) = suggest(home)
    assert [(goal.type, goal.targets.entity_ids) for goal in suggestion.task.goals] == [
        (GoalType.CLOSE, ["cover.skylight"])
    ]
    assert suggestion.figures["closes"] == ["Skylight"]
    # A sensor window open too: close the skylight and pause the heating.
    home.set("binary_sensor.living_room_window", "on")
    home.advance(10)
    (suggestion,) = suggest(home)
    assert [goal.type for goal in suggestion.task.goals] == [
        GoalType.CLOSE,
        GoalType.TURN_OFF,
    ]


def test_a_climate_that_cannot_turn_off_goes_to_its_lowest_set_point() -> None:
    home = heated_living_room()
    home.update("climate.living_room", supported_features=1)
    home.set("binary_sensor.living_room_window", "on")
    home.advance(10)
    (suggestion,) = suggest(home)
    (goal,) = suggestion.task.goals
    assert (goal.type, goal.params) == (GoalType.SET_TEMPERATURE, {"temperature": 7.0})
    # Neither turn_off nor a set point: nothing to propose.
    home.update("climate.living_room", supported_features=0)
    assert suggest(home) == []


def test_excluded_entities_are_ignored() -> None:
    home = heated_living_room()
    home.set("binary_sensor.living_room_window", "on")
    home.advance(10)
    for excluded in ("binary_sensor.living_room_window", "climate.living_room"):
        options = replace(OPTIONS, excluded_entity_ids=frozenset({excluded}))
        assert suggest(home, options) == []


def test_ends_when_the_window_closes_or_the_heating_stops() -> None:
    home = heated_living_room()
    home.set("binary_sensor.living_room_window", "on")
    home.advance(10)
    (suggestion,) = suggest(home)
    assert ended_by(suggestion, home.observe()) is None
    home.advance(5)
    home.set("binary_sensor.living_room_window", "off")
    assert ended_by(suggestion, home.observe()).kind is EndKind.CLOSED
    home.set("binary_sensor.living_room_window", "on")
    home.set("climate.living_room", "off", hvac_action="off")
    assert ended_by(suggestion, home.observe()).kind is EndKind.CLIMATE_IDLE
    home.set("climate.living_room", "heat", hvac_action="heating")
    home.advance(hours=12)
    assert ended_by(suggestion, home.observe()).kind is EndKind.TIME


def test_the_planner_plans_the_proposal() -> None:
    home = heated_living_room()
    home.set("binary_sensor.living_room_window", "on")
    home.advance(10)
    (suggestion,) = suggest(home)
    result = build_plan(
        suggestion.task,
        home.snapshot(),
        strategy=Strategy.BALANCED,
        options=PlannerOptions(),
    )
    assert result.feasible
    assert [(step.action, step.entity_ids) for step in result.plan.steps] == [
        ("climate.turn_off", ["climate.living_room"])
    ]
