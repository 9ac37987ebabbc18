"""Which Home Assistant action achieves a device-level goal on an entity.

One table, one place: for every goal type of DESIGN §5 and every domain that can do it,
the action to call, the service data built from the goal's params, and the
``supported_features`` bits (or colour modes) the entity must have, exactly as Home
Assistant's entity services require them. Pure: nothing here imports Home Assistant;
the feature bits are copied from the ``*EntityFeature`` flags of Home Assistant's
components.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from ..models import EntityInfo, GoalType
from ..texts import Reason, Term, goal_term

# Feature bits of Home Assistant's ``*EntityFeature`` flags.
_COVER_OPEN: Final = 1
_COVER_CLOSE: Final = 2
_COVER_SET_POSITION: Final = 4
_VALVE_OPEN: Final = 1
_VALVE_CLOSE: Final = 2
_VALVE_SET_POSITION: Final = 4
_LOCK_OPEN: Final = 1
_MEDIA_PAUSE: Final = 1
_MEDIA_VOLUME_SET: Final = 4
_MEDIA_PREVIOUS_TRACK: Final = 16
_MEDIA_NEXT_TRACK: Final = 32
_MEDIA_TURN_ON: Final = 128
_MEDIA_TURN_OFF: Final = 256
_MEDIA_PLAY: Final = 16384
_VACUUM_RETURN_HOME: Final = 16
_VACUUM_START: Final = 8192
_ALARM_ARM_AWAY: Final = 2
_CLIMATE_TARGET_TEMPERATURE: Final = 1
_CLIMATE_TURN_OFF: Final = 128
_CLIMATE_TURN_ON: Final = 256
_FAN_SET_SPEED: Final = 1
_FAN_TURN_OFF: Final = 16
_FAN_TURN_ON: Final = 32
_WATER_HEATER_TARGET_TEMPERATURE: Final = 1
_WATER_HEATER_ON_OFF: Final = 8
_SIREN_TURN_ON: Final = 1
_SIREN_TURN_OFF: Final = 2
_LAWN_MOWER_START: Final = 1
_LAWN_MOWER_DOCK: Final = 4

_BRIGHTNESS_MODES: Final = frozenset(
    {"brightness", "color_temp", "hs", "xy", "rgb", "rgbw", "rgbww", "white"}
)
_COLOR_MODES: Final = frozenset({"hs", "xy", "rgb", "rgbw", "rgbww"})
_LIGHT_TURN_ON_PARAMS: Final = (
    "brightness_pct",
    "color_name",
    "color_temp_kelvin",
    "rgb_color",
    "transition",
)
_COLOR_PARAMS: Final = ("color_name", "rgb_color", "color_temp_kelvin")


class UnsupportedActionError(Exception):
    """The goal cannot be achieved on this entity; ``reason`` says why."""

    def __init__(self, reason: Reason) -> None:
        """Refuse for ``reason``."""
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ServiceCall:
    """A Home Assistant action with its service data, e.g. ``light.turn_on``."""

    action: str
    data: Mapping[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, tuple[tuple[str, str], ...]]:
        """A hashable identity: calls with equal keys can share one step."""
        return self.action, tuple(
            sorted((name, repr(value)) for name, value in self.data.items())
        )


_DataBuilder = Callable[[Mapping[str, Any]], dict[str, Any]]
_Check = Callable[[EntityInfo, Mapping[str, Any]], Reason | None]


def _no_data(params: Mapping[str, Any]) -> dict[str, Any]:
    return {}


def _param(
    name: str, *, divisor: float = 1.0, rename: str | None = None
) -> _DataBuilder:
    """Build service data from one required numeric param."""

    def build(params: Mapping[str, Any]) -> dict[str, Any]:
        if params.get(name) is None:
            raise UnsupportedActionError(
                Reason("cannot.no_value", what=Term(f"params.{name}"))
            )
        try:
            value = float(params[name])
        except (TypeError, ValueError) as err:
            raise UnsupportedActionError(
                Reason(
                    "cannot.not_a_number",
                    what=Term(f"params.{name}"),
                    value=str(params[name]),
                )
            ) from err
        scaled = value / divisor
        number: float | int = int(scaled) if scaled.is_integer() else scaled
        return {rename or name: number}

    return build


def _brightness(params: Mapping[str, Any]) -> dict[str, Any]:
    """An absolute brightness, or a step from the current one ("brighter")."""
    if params.get("brightness_pct") is None and params.get("brightness_step_pct"):
        return _param("brightness_step_pct")(params)
    return _param("brightness_pct")(params)


def absolute(entity: EntityInfo, params: Mapping[str, Any]) -> dict[str, Any]:
    """``params`` with relative steps turned into the values they lead to.

    ``temperature_step`` (degrees) moves the entity's target temperature, and
    ``volume_step_pct`` its volume, from where they are now; the step is dropped.
    ``brightness_step_pct`` stays: ``light.turn_on`` takes it as it is.
    """
    result = dict(params)
    step = result.pop("temperature_step", None)
    if step is not None and result.get("temperature") is None:
        current = _number(entity.attributes.get("temperature"))
        if current is None:
            current = _number(entity.attributes.get("current_temperature"))
        if current is None or _number(step) is None:
            raise UnsupportedActionError(
                Reason("cannot.no_temperature", entity=entity.name)
            )
        resolution = _number(entity.attributes.get("target_temp_step")) or 0.5
        wanted = current + float(step)
        result["temperature"] = _tidy(round(wanted / resolution) * resolution)
    step = result.pop("volume_step_pct", None)
    if step is not None and result.get("volume_pct") is None:
        level = _number(entity.attributes.get("volume_level"))
        if level is None or _number(step) is None:
            raise UnsupportedActionError(Reason("cannot.no_volume", entity=entity.name))
        result["volume_pct"] = min(100, max(0, round(level * 100 + float(step))))
    return result


def _number(value: Any) -> float | None:
    try:
        return None if value is None or value == "" else float(value)
    except (TypeError, ValueError):
        return None


def _tidy(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)


def _light_on(params: Mapping[str, Any]) -> dict[str, Any]:
    return {
        name: params[name]
        for name in _LIGHT_TURN_ON_PARAMS
        if params.get(name) is not None
    }


def _light_color(params: Mapping[str, Any]) -> dict[str, Any]:
    data = {
        name: params[name] for name in _COLOR_PARAMS if params.get(name) is not None
    }
    if not data:
        raise UnsupportedActionError(Reason("cannot.no_colour"))
    if params.get("brightness_pct") is not None:
        data["brightness_pct"] = params["brightness_pct"]
    return data


def _message(params: Mapping[str, Any]) -> dict[str, Any]:
    data = {"message": str(params.get("message") or "")}
    if params.get("title"):
        data["title"] = str(params["title"])
    return data


def _color_modes(entity: EntityInfo) -> set[str] | None:
    modes = entity.attributes.get("supported_color_modes")
    return None if modes is None else {str(mode) for mode in modes}


def _dims(entity: EntityInfo, params: Mapping[str, Any]) -> Reason | None:
    modes = _color_modes(entity)
    if modes is not None and not modes & _BRIGHTNESS_MODES:
        return Reason("cannot.dim", entity=entity.name)
    return None


def _arms_without_code(entity: EntityInfo, params: Mapping[str, Any]) -> Reason | None:
    # A plan holds no code: a panel that wants one to arm is armed at the panel.
    if entity.attributes.get("code_arm_required"):
        return Reason("cannot.arm_code", entity=entity.name)
    return None


def _colors(entity: EntityInfo, params: Mapping[str, Any]) -> Reason | None:
    modes = _color_modes(entity)
    if modes is None:
        return None
    if (
        params.get("color_temp_kelvin") is not None
        and not ({"color_temp"} | _COLOR_MODES) & modes
    ):
        return Reason("cannot.white", entity=entity.name)
    if params.get("color_temp_kelvin") is None and not modes & _COLOR_MODES:
        return Reason("cannot.colours", entity=entity.name)
    return None


@dataclass(frozen=True, slots=True)
class _Rule:
    action: str
    feature: int = 0
    data: _DataBuilder = _no_data
    check: _Check | None = None


def _on_off(
    domains: Mapping[str, tuple[int, int]],
) -> tuple[dict[str, _Rule], dict[str, _Rule]]:
    on = {
        domain: _Rule(f"{domain}.turn_on", bits[0]) for domain, bits in domains.items()
    }
    off = {
        domain: _Rule(f"{domain}.turn_off", bits[1]) for domain, bits in domains.items()
    }
    return on, off


_TURN_ON, _TURN_OFF = _on_off(
    {
        "switch": (0, 0),
        "input_boolean": (0, 0),
        "fan": (_FAN_TURN_ON, _FAN_TURN_OFF),
        "climate": (_CLIMATE_TURN_ON, _CLIMATE_TURN_OFF),
        "media_player": (_MEDIA_TURN_ON, _MEDIA_TURN_OFF),
        "humidifier": (0, 0),
        "water_heater": (_WATER_HEATER_ON_OFF, _WATER_HEATER_ON_OFF),
        "siren": (_SIREN_TURN_ON, _SIREN_TURN_OFF),
        "automation": (0, 0),
        "remote": (0, 0),
    }
)
_TURN_ON |= {
    "light": _Rule("light.turn_on", data=_light_on),
    "cover": _Rule("cover.open_cover", _COVER_OPEN),
    "valve": _Rule("valve.open_valve", _VALVE_OPEN),
    "lock": _Rule("lock.lock"),
    "alarm_control_panel": _Rule(
        "alarm_control_panel.alarm_arm_away", _ALARM_ARM_AWAY, check=_arms_without_code
    ),
    "scene": _Rule("scene.turn_on"),
    "script": _Rule("script.turn_on"),
    "vacuum": _Rule("vacuum.start", _VACUUM_START),
    "lawn_mower": _Rule("lawn_mower.start_mowing", _LAWN_MOWER_START),
    "button": _Rule("button.press"),
    "input_button": _Rule("input_button.press"),
}
_TURN_OFF |= {
    "light": _Rule("light.turn_off"),
    "cover": _Rule("cover.close_cover", _COVER_CLOSE),
    "valve": _Rule("valve.close_valve", _VALVE_CLOSE),
    "lock": _Rule("lock.unlock"),
    "alarm_control_panel": _Rule("alarm_control_panel.alarm_disarm"),
    "script": _Rule("script.turn_off"),
    "vacuum": _Rule("vacuum.return_to_base", _VACUUM_RETURN_HOME),
    "lawn_mower": _Rule("lawn_mower.dock", _LAWN_MOWER_DOCK),
}

_RULES: Final[dict[GoalType, dict[str, _Rule]]] = {
    GoalType.TURN_ON: _TURN_ON,
    GoalType.TURN_OFF: _TURN_OFF,
    GoalType.SET_BRIGHTNESS: {
        "light": _Rule("light.turn_on", data=_brightness, check=_dims),
    },
    GoalType.SET_COLOR: {
        "light": _Rule("light.turn_on", data=_light_color, check=_colors),
    },
    GoalType.SET_TEMPERATURE: {
        "climate": _Rule(
            "climate.set_temperature",
            _CLIMATE_TARGET_TEMPERATURE,
            _param("temperature"),
        ),
        "water_heater": _Rule(
            "water_heater.set_temperature",
            _WATER_HEATER_TARGET_TEMPERATURE,
            _param("temperature"),
        ),
    },
    GoalType.SET_POSITION: {
        "cover": _Rule(
            "cover.set_cover_position", _COVER_SET_POSITION, _param("position")
        ),
        "valve": _Rule(
            "valve.set_valve_position", _VALVE_SET_POSITION, _param("position")
        ),
        "fan": _Rule(
            "fan.set_percentage",
            _FAN_SET_SPEED,
            _param("position", rename="percentage"),
        ),
    },
    GoalType.OPEN: {
        "cover": _Rule("cover.open_cover", _COVER_OPEN),
        "valve": _Rule("valve.open_valve", _VALVE_OPEN),
        "lock": _Rule("lock.open", _LOCK_OPEN),
    },
    GoalType.CLOSE: {
        "cover": _Rule("cover.close_cover", _COVER_CLOSE),
        "valve": _Rule("valve.close_valve", _VALVE_CLOSE),
    },
    GoalType.LOCK: {"lock": _Rule("lock.lock")},
    GoalType.UNLOCK: {"lock": _Rule("lock.unlock")},
    GoalType.SET_VOLUME: {
        "media_player": _Rule(
            "media_player.volume_set",
            _MEDIA_VOLUME_SET,
            _param("volume_pct", divisor=100, rename="volume_level"),
        ),
    },
    GoalType.MEDIA_PLAY: {
        "media_player": _Rule("media_player.media_play", _MEDIA_PLAY)
    },
    GoalType.MEDIA_PAUSE: {
        "media_player": _Rule("media_player.media_pause", _MEDIA_PAUSE)
    },
    GoalType.MEDIA_NEXT: {
        "media_player": _Rule("media_player.media_next_track", _MEDIA_NEXT_TRACK)
    },
    GoalType.MEDIA_PREVIOUS: {
        "media_player": _Rule(
            "media_player.media_previous_track", _MEDIA_PREVIOUS_TRACK
        )
    },
    GoalType.ACTIVATE_SCENE: {"scene": _Rule("scene.turn_on")},
    GoalType.RUN_SCRIPT: {"script": _Rule("script.turn_on")},
    GoalType.VACUUM_START: {
        "vacuum": _Rule("vacuum.start", _VACUUM_START),
        "lawn_mower": _Rule("lawn_mower.start_mowing", _LAWN_MOWER_START),
    },
    GoalType.VACUUM_RETURN: {
        "vacuum": _Rule("vacuum.return_to_base", _VACUUM_RETURN_HOME),
        "lawn_mower": _Rule("lawn_mower.dock", _LAWN_MOWER_DOCK),
    },
    GoalType.NOTIFY: {"notify": _Rule("notify.send_message", data=_message)},
}

#: Goal types that change a device (everything in the table but ``notify``).
DEVICE_GOALS: Final = frozenset(_RULES) - {GoalType.NOTIFY}

#: Action used to tell the user something when no notify entity is targeted.
PERSISTENT_NOTIFICATION: Final = "persistent_notification.create"


def domains_for(goal_type: GoalType) -> frozenset[str]:
    """Domains that can achieve a goal type (empty for goal-level goals)."""
    return frozenset(_RULES.get(goal_type, {}))


def resolve(
    goal_type: GoalType, entity: EntityInfo, params: Mapping[str, Any]
) -> ServiceCall:
    """Return the action that achieves ``goal_type`` on ``entity``.

    Raises UnsupportedActionError with the reason when the entity's domain has no such
    action, the entity lacks the feature Home Assistant requires, or a param is missing.
    """
    rule = _RULES.get(goal_type, {}).get(entity.domain)
    if rule is None:
        raise UnsupportedActionError(
            Reason("cannot.do", entity=entity.name, action=goal_term(goal_type.value))
        )
    if rule.feature and not entity.supported_features & rule.feature:
        raise UnsupportedActionError(
            Reason("cannot.do", entity=entity.name, action=goal_term(goal_type.value))
        )
    settled = absolute(entity, params)
    if rule.check is not None and (reason := rule.check(entity, settled)) is not None:
        raise UnsupportedActionError(reason)
    return ServiceCall(rule.action, rule.data(settled))


def can_do(goal_type: GoalType, entity: EntityInfo, params: Mapping[str, Any]) -> bool:
    """Whether ``entity`` can achieve ``goal_type`` with these params."""
    try:
        resolve(goal_type, entity, params)
    except UnsupportedActionError:
        return False
    return True


def notification(message: str, title: str | None = None) -> ServiceCall:
    """Return the always-available local way to tell the user something."""
    data = {"message": message}
    if title:
        data["title"] = title
    return ServiceCall(PERSISTENT_NOTIFICATION, data)
