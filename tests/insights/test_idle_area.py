"""Lights or media on in an empty area, or with nobody home, as time goes by."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from custom_components.orchestration.core.insights.conditions import ended_by
from custom_components.orchestration.core.insights.options import (
    IdleAreaOptions,
    InsightOptions,
)
from custom_components.orchestration.core.insights.rules import idle_area
from custom_components.orchestration.core.insights.suggestion import EndKind
from custom_components.orchestration.core.models import GoalType

from .home import SPEAKER_FEATURES, T0, TV_FEATURES, Home

OPTIONS = InsightOptions()


def evening() -> Home:
    """Anna home; the living room lit, TV on; someone there until now."""
    home = Home()
    home.person("person.anna", "Anna")
    home.light("light.living_room_lamp", "living_room", "on", name="Lamp")
    home.add(
        "media_player.tv", "playing", "living_room", name="TV", device_class="tv",
        supported_features=TV_FEATURES, power_w=100.0,
    )  # fmt: skip
    home.motion("binary_sensor.living_room_motion", "living_room", "on")
    home.prices([0.30] * 24)
    return home


def suggest(home: Home, options: InsightOptions = OPTIONS) -> list:
    return idle_area.evaluate(home.observe(), options)


def test_fires_when_the_area_has_been_empty_for_half_an_hour() -> None:
    home = evening()
    home.advance(5)
    home.set("binary_sensor.living_room_motion", "off")
    home.advance(29)
    assert suggest(home) == []
    home.advance(1)
    (suggestion,) = suggest(home)
    assert suggestion.key == "idle_area:living_room"
    assert suggestion.since == T0 + timedelta(minutes=5)
    assert suggestion.figures == {
        "area": "Living room",
        "devices": ["Lamp", "TV"],
        "idle_minutes": 30,
        "nobody_home": False,
        "power_w": 110.0,
        "cost_per_hour": 0.033,
        "currency": "EUR",
    }
    assert [(goal.type, goal.targets.entity_ids) for goal in suggestion.task.goals] == [
        (GoalType.TURN_OFF, ["light.living_room_lamp", "media_player.tv"])
    ]
    assert suggestion.saving == 0.033


def test_someone_passing_through_restarts_the_clock() -> None:
    home = evening()
    home.set("binary_sensor.living_room_motion", "off")
    home.advance(20)
    home.set("binary_sensor.living_room_motion", "on")
    home.advance(1)
    home.set("binary_sensor.living_room_motion", "off")
    home.advance(29)
    assert suggest(home) == []
    home.advance(1)
    assert len(suggest(home)) == 1


def test_not_while_occupied_and_not_without_sensors_while_someone_is_home() -> None:
    home = evening()
    home.advance(60)
    assert suggest(home) == []
    home.light("light.kitchen", "kitchen", "on", since=T0)
    home.advance(60)
    assert suggest(home) == []


def test_a_light_switched_on_after_the_area_emptied_is_left_alone() -> None:
    home = evening()
    home.set("binary_sensor.living_room_motion", "off")
    home.advance(10)
    home.light("light.reading", "living_room", "on")
    home.advance(30)
    (suggestion,) = suggest(home)
    assert suggestion.figures["devices"] == ["Lamp", "TV"]


def test_an_idle_speaker_is_off_but_an_idle_tv_is_on() -> None:
    home = evening()
    home.set("light.living_room_lamp", "off")
    home.set("media_player.tv", "idle")
    home.add(
        "media_player.speaker", "idle", "living_room", name="Speaker",
        device_class="speaker", supported_features=SPEAKER_FEATURES,
    )  # fmt: skip
    home.set("binary_sensor.living_room_motion", "off")
    home.advance(30)
    (suggestion,) = suggest(home)
    assert suggestion.figures["devices"] == ["TV"]


def test_a_speaker_that_cannot_turn_off_is_paused() -> None:
    home = evening()
    home.set("media_player.tv", "off")
    home.add(
        "media_player.speaker", "playing", "living_room", name="Speaker",
        device_class="speaker", supported_features=SPEAKER_FEATURES,
    )  # fmt: skip
    home.set("binary_sensor.living_room_motion", "off")
    home.advance(30)
    (suggestion,) = suggest(home)
    assert [(goal.type, goal.targets.entity_ids) for goal in suggestion.task.goals] == [
        (GoalType.TURN_OFF, ["light.living_room_lamp"]),
        (GoalType.MEDIA_PAUSE, ["media_player.speaker"]),
    ]


def test_fans_and_switches_are_not_this_rules_business() -> None:
    home = evening()
    home.set("light.living_room_lamp", "off")
    home.set("media_player.tv", "off")
    home.add("fan.ceiling", "on", "living_room", supported_features=48)
    home.add("switch.aquarium", "on", "living_room")
    home.set("binary_sensor.living_room_motion", "off")
    home.advance(60)
    assert suggest(home) == []


def test_with_nobody_home_every_area_counts() -> None:
    home = evening()
    home.light("light.kitchen", "kitchen", "on", name="Kitchen light")
    home.advance(5)
    home.move("person.anna", "not_home")
    home.advance(29)
    assert suggest(home) == []
    home.advance(1)
    found = {item.subject: item for item in suggest(home)}
    assert set(found) == {"kitchen", "living_room"}
    kitchen = found["kitchen"]
    assert kitchen.figures["nobody_home"] is True
    assert kitchen.figures["idle_minutes"] == 30
    assert [condition.kind for condition in kitchen.ends_when] == [
        EndKind.SWITCHED_OFF,
        EndKind.SOMEONE_HOME,
    ]
    # With nobody home, motion in the living room (the cat) ends nothing.
    assert [condition.kind for condition in found["living_room"].ends_when] == [
        EndKind.SWITCHED_OFF,
        EndKind.SOMEONE_HOME,
    ]
    home.set("binary_sensor.living_room_motion", "on")
    assert ended_by(found["living_room"], home.observe()) is None


def test_not_when_a_persons_last_change_is_unknown() -> None:
    home = evening()
    home.light("light.kitchen", "kitchen", "on")
    home.move("person.anna", "not_home")
    home.persons["person.anna"] = replace(
        home.persons["person.anna"], last_changed=None
    )
    home.advance(60)
    assert suggest(home) == []


def test_ends_when_someone_comes_in_or_everything_is_off() -> None:
    home = evening()
    home.set("binary_sensor.living_room_motion", "off")
    home.advance(30)
    (suggestion,) = suggest(home)
    home.advance(2)
    home.set("light.living_room_lamp", "off")
    assert ended_by(suggestion, home.observe()) is None
    home.set("media_player.tv", "off")
    assert ended_by(suggestion, home.observe()).kind is EndKind.SWITCHED_OFF
    home.set("media_player.tv", "playing")
    home.set("binary_sensor.living_room_motion", "on")
    assert ended_by(suggestion, home.observe()).kind is EndKind.AREA_OCCUPIED


def test_the_threshold_is_an_option_and_without_prices_no_cost() -> None:
    home = evening()
    home.tariff = None
    home.set("binary_sensor.living_room_motion", "off")
    home.advance(5)
    options = replace(OPTIONS, idle_area=IdleAreaOptions(minutes=5))
    (suggestion,) = suggest(home, options)
    assert "cost_per_hour" not in suggestion.figures
    assert suggestion.saving is None
