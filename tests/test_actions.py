"""Tests of the goal → Home Assistant action table."""

from __future__ import annotations

from typing import Any

import pytest

from custom_components.orchestration.core.models import EntityInfo, GoalType
from custom_components.orchestration.core.planning.actions import (
    DEVICE_GOALS,
    PERSISTENT_NOTIFICATION,
    ServiceCall,
    UnsupportedActionError,
    can_do,
    domains_for,
    notification,
    resolve,
)

ALL_FEATURES = 0xFFFFFFF


def ent(entity_id: str, features: int = ALL_FEATURES, **attributes: Any) -> EntityInfo:
    """An entity with the given features and attributes."""
    return EntityInfo(
        entity_id=entity_id,
        name=entity_id,
        supported_features=features,
        attributes=attributes,
    )


@pytest.mark.parametrize(
    ("goal_type", "entity_id", "params", "action", "data"),
    [
        (GoalType.TURN_ON, "light.a", {}, "light.turn_on", {}),
        (GoalType.TURN_ON, "light.a", {"brightness_pct": 40}, "light.turn_on",
         {"brightness_pct": 40}),
        (GoalType.TURN_ON, "switch.a", {}, "switch.turn_on", {}),
        (GoalType.TURN_ON, "fan.a", {}, "fan.turn_on", {}),
        (GoalType.TURN_ON, "input_boolean.a", {}, "input_boolean.turn_on", {}),
        (GoalType.TURN_ON, "climate.a", {}, "climate.turn_on", {}),
        (GoalType.TURN_ON, "media_player.a", {}, "media_player.turn_on", {}),
        (GoalType.TURN_ON, "humidifier.a", {}, "humidifier.turn_on", {}),
        (GoalType.TURN_ON, "water_heater.a", {}, "water_heater.turn_on", {}),
        (GoalType.TURN_ON, "cover.a", {}, "cover.open_cover", {}),
        (GoalType.TURN_ON, "valve.a", {}, "valve.open_valve", {}),
        (GoalType.TURN_ON, "lock.a", {}, "lock.lock", {}),
        (GoalType.TURN_ON, "scene.a", {}, "scene.turn_on", {}),
        (GoalType.TURN_ON, "script.a", {}, "script.turn_on", {}),
        (GoalType.TURN_ON, "vacuum.a", {}, "vacuum.start", {}),
        (GoalType.TURN_ON, "lawn_mower.a", {}, "lawn_mower.start_mowing", {}),
        (GoalType.TURN_ON, "button.a", {}, "button.press", {}),
        (GoalType.TURN_OFF, "light.a", {}, "light.turn_off", {}),
        (GoalType.TURN_OFF, "switch.a", {}, "switch.turn_off", {}),
        (GoalType.TURN_OFF, "cover.a", {}, "cover.close_cover", {}),
        (GoalType.TURN_OFF, "valve.a", {}, "valve.close_valve", {}),
        (GoalType.TURN_OFF, "lock.a", {}, "lock.unlock", {}),
        (GoalType.TURN_OFF, "vacuum.a", {}, "vacuum.return_to_base", {}),
        (GoalType.TURN_OFF, "script.a", {}, "script.turn_off", {}),
        (GoalType.SET_BRIGHTNESS, "light.a", {"brightness_pct": 30}, "light.turn_on",
         {"brightness_pct": 30}),
        (GoalType.SET_COLOR, "light.a", {"color_name": "red"}, "light.turn_on",
         {"color_name": "red"}),
        (GoalType.SET_COLOR, "light.a", {"color_name": "red", "brightness_pct": 50},
         "light.turn_on", {"color_name": "red", "brightness_pct": 50}),
        (GoalType.SET_TEMPERATURE, "climate.a", {"temperature": 21.5},
         "climate.set_temperature", {"temperature": 21.5}),
        (GoalType.SET_TEMPERATURE, "water_heater.a", {"temperature": "55"},
         "water_heater.set_temperature", {"temperature": 55}),
        (GoalType.SET_POSITION, "cover.a", {"position": 40},
         "cover.set_cover_position", {"position": 40}),
        (GoalType.SET_POSITION, "valve.a", {"position": 10},
         "valve.set_valve_position", {"position": 10}),
        (GoalType.SET_POSITION, "fan.a", {"position": 60}, "fan.set_percentage",
         {"percentage": 60}),
        (GoalType.OPEN, "cover.a", {}, "cover.open_cover", {}),
        (GoalType.OPEN, "valve.a", {}, "valve.open_valve", {}),
        (GoalType.OPEN, "lock.a", {}, "lock.open", {}),
        (GoalType.CLOSE, "cover.a", {}, "cover.close_cover", {}),
        (GoalType.CLOSE, "valve.a", {}, "valve.close_valve", {}),
        (GoalType.LOCK, "lock.a", {}, "lock.lock", {}),
        (GoalType.UNLOCK, "lock.a", {}, "lock.unlock", {}),
        (GoalType.SET_VOLUME, "media_player.a", {"volume_pct": 35},
         "media_player.volume_set", {"volume_level": 0.35}),
        (GoalType.SET_VOLUME, "media_player.a", {"volume_pct": 100},
         "media_player.volume_set", {"volume_level": 1}),
        (GoalType.MEDIA_PLAY, "media_player.a", {}, "media_player.media_play", {}),
        (GoalType.MEDIA_PAUSE, "media_player.a", {}, "media_player.media_pause", {}),
        (GoalType.MEDIA_NEXT, "media_player.a", {},
         "media_player.media_next_track", {}),
        (GoalType.MEDIA_PREVIOUS, "media_player.a", {},
         "media_player.media_previous_track", {}),
        (GoalType.ACTIVATE_SCENE, "scene.a", {}, "scene.turn_on", {}),
        (GoalType.RUN_SCRIPT, "script.a", {}, "script.turn_on", {}),
        (GoalType.VACUUM_START, "vacuum.a", {}, "vacuum.start", {}),
        (GoalType.VACUUM_RETURN, "vacuum.a", {}, "vacuum.return_to_base", {}),
        (GoalType.VACUUM_RETURN, "lawn_mower.a", {}, "lawn_mower.dock", {}),
        (GoalType.NOTIFY, "notify.a", {"message": "hi", "title": "T"},
         "notify.send_message", {"message": "hi", "title": "T"}),
    ],
)  # fmt: skip
def test_resolve(
    goal_type: GoalType,
    entity_id: str,
    params: dict[str, Any],
    action: str,
    data: dict[str, Any],
) -> None:
    """Each goal type maps to the Home Assistant action of the entity's domain."""
    call = resolve(goal_type, ent(entity_id), params)
    assert call == ServiceCall(action, data)
    assert can_do(goal_type, ent(entity_id), params)


@pytest.mark.parametrize(
    ("goal_type", "entity", "params", "why"),
    [
        (GoalType.SET_BRIGHTNESS, ent("switch.a"), {"brightness_pct": 3}, "cannot"),
        (GoalType.LOCK, ent("light.a"), {}, "light.a cannot lock"),
        (GoalType.SET_POSITION, ent("cover.a", 1 | 2), {"position": 3},
         "cannot set the position"),
        (GoalType.SET_VOLUME, ent("media_player.a", 1), {"volume_pct": 3},
         "cannot set the volume"),
        (GoalType.OPEN, ent("lock.a", 0), {}, "cannot open"),
        (GoalType.VACUUM_START, ent("vacuum.a", 16), {}, "cannot start cleaning"),
        (GoalType.TURN_ON, ent("climate.a", 1), {}, "cannot turn on"),
        (GoalType.SET_BRIGHTNESS, ent("light.a", supported_color_modes=["onoff"]),
         {"brightness_pct": 3}, "cannot be dimmed"),
        (GoalType.SET_COLOR, ent("light.a", supported_color_modes=["brightness"]),
         {"color_name": "red"}, "cannot show colours"),
        (GoalType.SET_COLOR, ent("light.a", supported_color_modes=["brightness"]),
         {"color_temp_kelvin": 2700}, "no adjustable white"),
        (GoalType.SET_COLOR, ent("light.a"), {}, "names no colour"),
        (GoalType.SET_BRIGHTNESS, ent("light.a"), {}, "gives no brightness"),
        (GoalType.SET_TEMPERATURE, ent("climate.a"), {"temperature": "warm"},
         "not a number"),
        (GoalType.RUN_APPLIANCE, ent("switch.a"), {}, "cannot run an appliance"),
    ],
)  # fmt: skip
def test_unsupported(
    goal_type: GoalType, entity: EntityInfo, params: dict[str, Any], why: str
) -> None:
    """An entity that cannot do the goal is refused with the reason."""
    with pytest.raises(UnsupportedActionError, match=why):
        resolve(goal_type, entity, params)
    assert not can_do(goal_type, entity, params)


def test_colour_temperature_on_white_light() -> None:
    """A tunable-white light takes a colour temperature but no colour."""
    white = ent("light.a", supported_color_modes=["color_temp"])
    assert resolve(GoalType.SET_COLOR, white, {"color_temp_kelvin": 2700}).data == {
        "color_temp_kelvin": 2700
    }
    assert not can_do(GoalType.SET_COLOR, white, {"color_name": "red"})


def test_every_device_goal_has_a_domain() -> None:
    """Every device-level goal type of DESIGN §5 is mapped; goal-level ones are not."""
    device_level = {
        kind
        for kind in GoalType
        if kind
        not in {
            GoalType.RUN_APPLIANCE,
            GoalType.OPTIMIZE_ENERGY,
            GoalType.PRECONDITION,
            GoalType.SECURE_HOME,
            GoalType.ROUTINE,
            GoalType.QUERY_STATE,
            GoalType.NOTIFY,
        }
    }
    assert device_level == DEVICE_GOALS
    assert all(domains_for(kind) for kind in device_level)
    assert domains_for(GoalType.ROUTINE) == frozenset()


def test_notification_and_call_key() -> None:
    """The persistent notification is the local last resort; keys group equal calls."""
    call = notification("Could not", "Orchestration")
    assert call.action == PERSISTENT_NOTIFICATION
    assert call.data == {"message": "Could not", "title": "Orchestration"}
    assert notification("x").data == {"message": "x"}
    assert (
        ServiceCall("light.turn_on", {"a": 1}).key
        == ServiceCall("light.turn_on", {"a": 1}).key
    )
    assert (
        ServiceCall("light.turn_on", {"a": 1}).key
        != ServiceCall("light.turn_on", {"a": 2}).key
    )


@pytest.mark.parametrize(
    ("goal_type", "entity", "params", "action", "data"),
    [
        # "Brighter": Home Assistant steps the brightness itself.
        (GoalType.SET_BRIGHTNESS, ent("light.a"), {"brightness_step_pct": -20},
         "light.turn_on", {"brightness_step_pct": -20}),
        # "Warmer": one step from the current target, on the device's grid.
        (GoalType.SET_TEMPERATURE,
         ent("climate.a", 1, temperature=20, target_temp_step=0.5),
         {"temperature_step": 1.2}, "climate.set_temperature", {"temperature": 21}),
        (GoalType.SET_TEMPERATURE, ent("climate.a", 1, current_temperature=19.5),
         {"temperature_step": -1}, "climate.set_temperature", {"temperature": 18.5}),
        # "Louder": from the current volume, never past 100 %.
        (GoalType.SET_VOLUME, ent("media_player.a", 4, volume_level=0.95),
         {"volume_step_pct": 10}, "media_player.volume_set", {"volume_level": 1}),
        (GoalType.SET_VOLUME, ent("media_player.a", 4, volume_level=0.3),
         {"volume_step_pct": -10}, "media_player.volume_set", {"volume_level": 0.2}),
        (GoalType.TURN_OFF, ent("alarm_control_panel.a"), {},
         "alarm_control_panel.alarm_disarm", {}),
    ],
)  # fmt: skip
def test_relative_changes(
    goal_type: GoalType,
    entity: EntityInfo,
    params: dict[str, Any],
    action: str,
    data: dict[str, Any],
) -> None:
    """Relative params become what the entity's services take."""
    assert resolve(goal_type, entity, params) == ServiceCall(action, data)


@pytest.mark.parametrize(
    ("goal_type", "entity", "params", "why"),
    [
        (GoalType.SET_TEMPERATURE, ent("climate.a", 1), {"temperature_step": 1},
         "no temperature to change from"),
        (GoalType.SET_VOLUME, ent("media_player.a", 4), {"volume_step_pct": 10},
         "no volume to change from"),
    ],
)  # fmt: skip
def test_relative_change_needs_a_current_value(
    goal_type: GoalType, entity: EntityInfo, params: dict[str, Any], why: str
) -> None:
    """Without the current setpoint or volume a step has nothing to start from."""
    with pytest.raises(UnsupportedActionError, match=why):
        resolve(goal_type, entity, params)
