"""What the rules read from entities: open, on, heating; and what they never touch.

One place for each predicate, so a rule and the condition that ends its suggestion
judge an entity the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
import re
from typing import Final, Literal

from ..models import ContextSnapshot, EntityInfo, Goal, GoalType, Targets
from ..planning.actions import can_do
from ..planning.devices import SECURITY_COVERS
from ..planning.steps import as_number

#: Domains no insight ever proposes to act on, whatever the rule.
NEVER_SUGGESTED_DOMAINS: Final = frozenset(
    {"lock", "alarm_control_panel", "camera", "siren", "valve"}
)
# Covers named like these are treated as garage doors or gates whatever their class.
_SECURITY_PARTS: Final = ("garage", "gate")
_SECURITY_WORDS: Final = frozenset({"tor", "einfahrt"})

#: Devices that waste energy when left on, and that any rule may switch off.
WASTEFUL_DOMAINS: Final = frozenset({"light", "media_player", "fan"})

OPENING_SENSOR_CLASSES: Final = frozenset({"window", "door", "opening"})
#: Openings a plan may close: motorised windows (never doors or gates).
CLOSABLE_OPENING_CLASSES: Final = frozenset({"window"})
_OPEN_STATES: Final = frozenset({"on", "open", "opening"})

_MEDIA_ON_STATES: Final = frozenset({"on", "playing", "buffering"})
# A screen is on while idle or paused; a speaker idling is as good as off.
_SCREEN_ON_STATES: Final = _MEDIA_ON_STATES | {"idle", "paused"}
_SCREEN_CLASSES: Final = frozenset({"tv", "receiver"})

_HEATING_ACTIONS: Final = frozenset({"heating", "preheating"})
_AUTO_MODES: Final = frozenset({"heat_cool", "auto"})


def may_act_on(entity: EntityInfo | None) -> bool:
    """Whether an insight may propose acting on ``entity`` at all.

    Never on locks, alarm panels, cameras, sirens or valves, nor on covers that
    are garage doors, gates or doors by device class, or by name (a class can be
    wrong; a cover named "Garage door" is not closed on a guess).
    """
    if entity is None or entity.domain in NEVER_SUGGESTED_DOMAINS:
        return False
    if entity.domain != "cover":
        return True
    if entity.device_class in SECURITY_COVERS:
        return False
    text = f"{entity.entity_id} {entity.name}".lower()
    words = set(re.split(r"\W+", text))
    return not (
        any(part in text for part in _SECURITY_PARTS) or words & _SECURITY_WORDS
    )


def is_opening(entity: EntityInfo) -> bool:
    """Whether the entity tells if a window or door is open."""
    if entity.domain == "binary_sensor":
        return entity.device_class in OPENING_SENSOR_CLASSES
    return entity.domain == "cover" and entity.device_class in CLOSABLE_OPENING_CLASSES


def is_open(entity: EntityInfo) -> bool:
    """Whether an opening is open now (unavailable counts as not known to be)."""
    return entity.available and entity.state in _OPEN_STATES


def is_on(entity: EntityInfo) -> bool:
    """Whether a device is on; a climate is on in any mode but off."""
    if not entity.available:
        return False
    if entity.domain == "media_player":
        on_states = (
            _SCREEN_ON_STATES
            if entity.device_class in _SCREEN_CLASSES
            else _MEDIA_ON_STATES
        )
        return entity.state in on_states
    if entity.domain == "climate":
        return entity.state not in ("off", "unknown")
    return entity.state == "on"


@dataclass(frozen=True, slots=True)
class Conditioning:
    """A climate heating or cooling its area, towards ``set_point``."""

    mode: Literal["heat", "cool"]
    set_point: float | None
    current: float | None


def conditioning(entity: EntityInfo, snapshot: ContextSnapshot) -> Conditioning | None:
    """How a climate conditions its area now, or None when it neither heats nor cools.

    A climate in ``heat`` (or ``cool``) mode counts even while idle at its set point:
    an open window soon makes it work. In ``auto``/``heat_cool`` it counts when the
    room is below the low or above the high set point.
    """
    if entity.domain != "climate" or not entity.available:
        return None
    attributes = entity.attributes
    action = attributes.get("hvac_action")
    if action == "off":
        return None
    current = as_number(attributes.get("current_temperature"))
    if current is None:
        area = snapshot.environment.areas.get(entity.area_id or "")
        current = area.temperature if area else None
    target = as_number(attributes.get("temperature"))
    low = as_number(attributes.get("target_temp_low"))
    high = as_number(attributes.get("target_temp_high"))
    if entity.state == "heat" or action in _HEATING_ACTIONS:
        return Conditioning("heat", target if target is not None else low, current)
    if entity.state == "cool" or action == "cooling":
        return Conditioning("cool", target if target is not None else high, current)
    if entity.state not in _AUTO_MODES or current is None:
        return None
    low = low if low is not None else target
    high = high if high is not None else target
    if low is not None and current < low:
        return Conditioning("heat", low, current)
    if high is not None and current > high:
        return Conditioning("cool", high, current)
    return None


def switch_off_goals(entities: Iterable[EntityInfo]) -> list[Goal]:
    """Goals that switch the entities off: turn_off, or pause a player that cannot.

    Entities that can do neither are left out.
    """
    by_type: dict[GoalType, list[str]] = {}
    for entity in entities:
        if can_do(GoalType.TURN_OFF, entity, {}):
            by_type.setdefault(GoalType.TURN_OFF, []).append(entity.entity_id)
        elif entity.domain == "media_player" and can_do(
            GoalType.MEDIA_PAUSE, entity, {}
        ):
            by_type.setdefault(GoalType.MEDIA_PAUSE, []).append(entity.entity_id)
    return [
        Goal(kind, Targets(entity_ids=sorted(entity_ids)))
        for kind, entity_ids in by_type.items()
    ]


def wasting(
    entities: Iterable[EntityInfo], *, domains: frozenset[str] = WASTEFUL_DOMAINS
) -> list[EntityInfo]:
    """Entities of ``domains`` that are on and can be switched off, by entity id."""
    found = [
        entity
        for entity in entities
        if entity.domain in domains
        and is_on(entity)
        and may_act_on(entity)
        and switch_off_goals([entity])
    ]
    return sorted(found, key=lambda entity: entity.entity_id)
