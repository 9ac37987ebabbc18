"""Devices left on after everyone left, as the minutes pass."""

from __future__ import annotations

from dataclasses import replace

from custom_components.orchestration.core.insights.conditions import ended_by
from custom_components.orchestration.core.insights.options import (
    AwayOptions,
    InsightOptions,
)
from custom_components.orchestration.core.insights.recommender import recommend
from custom_components.orchestration.core.insights.rules import away
from custom_components.orchestration.core.insights.suggestion import EndKind
from custom_components.orchestration.core.models import GoalType

from .home import FAN_FEATURES, TV_FEATURES, Home

OPTIONS = InsightOptions()


def leaving() -> Home:
    """Anna and Ben at home with lights, TV, a fan, a lock and a dishwasher on."""
    home = Home()
    home.person("person.anna", "Anna")
    home.person("person.ben", "Ben")
    home.light("light.kitchen", "kitchen", "on", name="Kitchen light")
    home.light("light.porch", None, "on", name="Porch light")
    home.add(
        "media_player.tv", "on", "living_room", name="TV", device_class="tv",
        supported_features=TV_FEATURES, power_w=100.0,
    )  # fmt: skip
    home.add(
        "fan.bedroom", "on", "bedroom", name="Bedroom fan",
        supported_features=FAN_FEATURES, power_w=40.0,
    )  # fmt: skip
    home.add("lock.front_door", "unlocked", "hallway")
    home.add("switch.fridge", "on", "kitchen", device_class="outlet")
    home.appliance("switch.dishwasher", "dishwasher", power_w=1800.0)
    home.prices([0.25] * 24)
    return home


def suggest(home: Home, options: InsightOptions = OPTIONS) -> list:
    return away.evaluate(home.observe(), options)


def test_fires_twenty_minutes_after_the_last_person_left() -> None:
    home = leaving()
    home.advance(2)
    home.move("person.anna", "not_home")
    home.advance(10)
    home.move("person.ben", "work")
    home.advance(19)
    assert suggest(home) == []
    home.advance(1)
    (suggestion,) = suggest(home)
    assert suggestion.key == "away:home"
    assert suggestion.figures == {
        "away_minutes": 20,
        "devices": ["Bedroom fan", "Kitchen light", "Porch light", "TV"],
        "power_w": 160.0,
        "cost_per_hour": 0.04,
        "currency": "EUR",
    }
    # Never the lock, the fridge, or a running dishwasher.
    assert [(goal.type, goal.targets.entity_ids) for goal in suggestion.task.goals] == [
        (
            GoalType.TURN_OFF,
            ["fan.bedroom", "light.kitchen", "light.porch", "media_player.tv"],
        )
    ]
    assert suggestion.task.intent == "Switch off what was left on"


def test_not_while_anyone_is_home_or_without_persons() -> None:
    home = leaving()
    home.move("person.anna", "not_home")
    home.advance(60)
    assert suggest(home) == []
    home.persons.clear()
    assert suggest(home) == []


def test_devices_switched_on_after_everyone_left_are_left_alone() -> None:
    home = leaving()
    for device in ("light.kitchen", "light.porch", "media_player.tv", "fan.bedroom"):
        home.set(device, "off")
    home.move("person.anna", "not_home")
    home.move("person.ben", "not_home")
    home.advance(5)
    home.set("light.porch", "on")  # a timer, or someone at the door
    home.advance(60)
    assert suggest(home) == []


def test_ends_when_someone_comes_back_or_everything_is_off() -> None:
    home = leaving()
    home.move("person.anna", "not_home")
    home.move("person.ben", "not_home")
    home.advance(20)
    (suggestion,) = suggest(home)
    home.advance(10)
    assert ended_by(suggestion, home.observe()) is None
    home.move("person.ben", "home")
    assert ended_by(suggestion, home.observe()).kind is EndKind.SOMEONE_HOME
    home.move("person.ben", "not_home")
    for device in ("light.kitchen", "light.porch", "media_player.tv", "fan.bedroom"):
        home.set(device, "off")
    assert ended_by(suggestion, home.observe()).kind is EndKind.SWITCHED_OFF


def test_the_threshold_is_an_option() -> None:
    home = leaving()
    home.move("person.anna", "not_home")
    home.move("person.ben", "not_home")
    home.advance(5)
    assert suggest(home) == []
    options = replace(OPTIONS, away=AwayOptions(minutes=5))
    assert len(suggest(home, options)) == 1


def test_away_covers_the_empty_rooms() -> None:
    """With everyone away, the room-by-room suggestions add nothing."""
    home = leaving()
    home.move("person.anna", "not_home")
    home.move("person.ben", "not_home")
    home.advance(30)
    assert [item.key for item in recommend(home.observe(), OPTIONS)] == ["away:home"]
    without_away = replace(OPTIONS, away=AwayOptions(enabled=False))
    assert [item.key for item in recommend(home.observe(), without_away)] == [
        "idle_area:kitchen",
        "idle_area:living_room",
    ]
