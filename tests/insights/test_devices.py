"""What the rules read from entities, and what they never touch."""

from __future__ import annotations

import pytest

from custom_components.orchestration.core.insights.conditions import holds
from custom_components.orchestration.core.insights.devices import (
    conditioning,
    is_on,
    is_open,
    is_opening,
    may_act_on,
    switch_off_goals,
)
from custom_components.orchestration.core.insights.suggestion import (
    EndCondition,
    EndKind,
)
from custom_components.orchestration.core.models import (
    EntityInfo,
    GoalType,
)

from .home import T0, TV_FEATURES, Home, at_utc


def entity(entity_id: str, name: str = "Thing", **fields) -> EntityInfo:
    return EntityInfo(entity_id=entity_id, name=name, **fields)


@pytest.mark.parametrize(
    ("item", "allowed"),
    [
        (entity("light.kitchen"), True),
        (entity("cover.skylight", device_class="window"), True),
        (entity("cover.living_blinds", "Living blinds"), True),
        (entity("lock.front_door"), False),
        (entity("alarm_control_panel.home"), False),
        (entity("camera.porch"), False),
        (entity("siren.hall"), False),
        (entity("valve.water_main"), False),
        (entity("cover.garage", device_class="garage"), False),
        (entity("cover.drive", device_class="gate"), False),
        (entity("cover.front", device_class="door"), False),
        (entity("cover.left", "Garage door", device_class="window"), False),
        (entity("cover.hoftor", "Hof Tor"), False),
        (entity("cover.main_gate"), False),
        (None, False),
    ],
)
def test_may_act_on(item: EntityInfo | None, allowed: bool) -> None:
    assert may_act_on(item) is allowed


def test_openings() -> None:
    window = entity("binary_sensor.w", device_class="window", state="on")
    assert is_opening(window)
    assert is_open(window)
    assert not is_open(entity("binary_sensor.w", state="on", available=False))
    assert is_opening(entity("cover.w", device_class="window"))
    assert not is_opening(entity("cover.g", device_class="garage"))
    assert not is_opening(entity("binary_sensor.g", device_class="garage_door"))
    assert not is_opening(entity("sensor.w", device_class="window"))
    assert is_open(entity("cover.w", device_class="window", state="opening"))


@pytest.mark.parametrize(
    ("item", "on"),
    [
        (entity("light.a", state="on"), True),
        (entity("light.a", state="off"), False),
        (entity("media_player.tv", device_class="tv", state="idle"), True),
        (entity("media_player.speaker", state="idle"), False),
        (entity("media_player.speaker", state="playing"), True),
        (entity("climate.a", state="heat"), True),
        (entity("climate.a", state="off"), False),
        (entity("light.a", state="on", available=False), False),
    ],
)
def test_is_on(item: EntityInfo, on: bool) -> None:
    assert is_on(item) is on


def test_conditioning_without_a_reading_anywhere() -> None:
    home = Home()
    climate = home.climate("climate.a", "kitchen", "auto", current=None, action="idle")
    assert conditioning(climate, home.snapshot()) is None
    assert conditioning(entity("light.a", state="on"), home.snapshot()) is None


def test_switch_off_goals_leave_out_what_cannot_be_switched_off() -> None:
    goals = switch_off_goals(
        [
            entity("light.b"),
            entity("light.a"),
            entity("media_player.tv", supported_features=TV_FEATURES),
            entity("media_player.old", supported_features=0),
        ]
    )
    assert [(goal.type, goal.targets.entity_ids) for goal in goals] == [
        (GoalType.TURN_OFF, ["light.a", "light.b", "media_player.tv"])
    ]


def test_end_conditions_read_the_home() -> None:
    home = Home()
    home.person("person.anna", "Anna", "not_home")
    home.motion("binary_sensor.motion", "kitchen")
    observation = home.observe()
    assert not holds(EndCondition(EndKind.SOMEONE_HOME), observation)
    assert not holds(
        EndCondition(EndKind.AREA_OCCUPIED, area_id="kitchen"), observation
    )
    assert not holds(EndCondition(EndKind.AREA_OCCUPIED, area_id="attic"), observation)
    # Gone entities count as closed, off and idle: nothing says otherwise.
    for kind in (EndKind.CLOSED, EndKind.SWITCHED_OFF, EndKind.CLIMATE_IDLE):
        assert holds(EndCondition(kind, entity_ids=("light.gone",)), observation)
    assert holds(EndCondition(EndKind.SURPLUS_GONE, watts=100.0), observation)
    assert not holds(EndCondition(EndKind.TIME, at=at_utc(17)), observation)
    assert holds(EndCondition(EndKind.TIME, at=T0), observation)
    home.move("person.anna", "home")
    home.set("binary_sensor.motion", "on")
    observation = home.observe()
    assert holds(EndCondition(EndKind.SOMEONE_HOME), observation)
    assert holds(EndCondition(EndKind.AREA_OCCUPIED, area_id="kitchen"), observation)


def test_end_conditions_round_trip() -> None:
    conditions = [
        EndCondition(EndKind.CLOSED, entity_ids=("binary_sensor.w",)),
        EndCondition(EndKind.AREA_OCCUPIED, area_id="kitchen"),
        EndCondition(EndKind.LOAD_CHANGED, entity_ids=("switch.a",), status="waiting"),
        EndCondition(EndKind.SURPLUS_GONE, watts=900.0),
        EndCondition(EndKind.TIME, at=T0),
        EndCondition(EndKind.SOMEONE_HOME),
    ]
    for condition in conditions:
        assert EndCondition.from_dict(condition.as_dict()) == condition
    # A form that names only the kind's fields (as stored before) reads back the same.
    assert EndCondition.from_dict({"kind": "someone_home"}) == EndCondition(
        EndKind.SOMEONE_HOME
    )
    assert EndCondition.from_dict(
        {"kind": "load_changed", "entity_ids": ["switch.a"], "status": "waiting"}
    ) == EndCondition(EndKind.LOAD_CHANGED, entity_ids=("switch.a",), status="waiting")
