"""Clauses that would leave one device in two states: settled or asked, never both.

"Turn on the bedside lamp and off the bedroom light": the bedside lamp is one of the
bedroom's lights, and a plan that switched it on and then off again would undo what
was asked. The narrower clause says what is meant for the device it names; the wider
one keeps the rest. When neither is narrower ("turn on the desk lamp and off the
office light" in an office with only that lamp, "the lights off and on again"),
nobody can tell which state is meant, so nothing is done and the note says why.
"""

from __future__ import annotations

from typing import Final

from ..models import ContextSnapshot, Goal, GoalType, Targets
from .clarify import opposite_note

# What a goal leaves a device in: (aspect, state). Two goals on one device with
# different states of the same aspect ask for opposite things.
_SWITCHED_ON: Final = ("power", "on")
_ENDS: Final = {
    GoalType.TURN_ON: _SWITCHED_ON,
    # A brightness or a colour is set by switching the light on.
    GoalType.SET_BRIGHTNESS: _SWITCHED_ON,
    GoalType.SET_COLOR: _SWITCHED_ON,
    GoalType.TURN_OFF: ("power", "off"),
    GoalType.OPEN: ("position", "100"),
    GoalType.CLOSE: ("position", "0"),
    GoalType.LOCK: ("lock", "locked"),
    GoalType.UNLOCK: ("lock", "unlocked"),
    GoalType.VACUUM_START: ("cleaning", "started"),
    GoalType.VACUUM_RETURN: ("cleaning", "docked"),
    GoalType.MEDIA_PLAY: ("playback", "playing"),
    GoalType.MEDIA_PAUSE: ("playback", "paused"),
}


def settle_opposites(
    goals: list[Goal], snapshot: ContextSnapshot
) -> tuple[list[Goal], list[str]]:
    """``goals`` with no device left in two states, or none and why.

    A device that a wider goal (more devices) and a narrower one would leave in
    opposite states is left out of the wider goal. Two goals over the same devices,
    or over devices that only partly overlap, are refused.
    """
    chosen = [_acted_on(goal, snapshot) for goal in goals]
    settled = list(goals)
    for later in range(len(goals)):
        for earlier in range(later):
            if not _opposite(settled[earlier], settled[later]):
                continue
            shared = chosen[earlier] & chosen[later]
            if not shared:
                continue
            if chosen[earlier] > chosen[later]:
                wider = earlier
            elif chosen[later] > chosen[earlier]:
                wider = later
            else:
                names = sorted(
                    snapshot.entities[entity_id].name for entity_id in shared
                )
                return [], [opposite_note(names)]
            chosen[wider] -= shared
            settled[wider] = Goal(
                settled[wider].type,
                Targets(entity_ids=sorted(chosen[wider])),
                dict(settled[wider].params),
            )
    return settled, []


def _acted_on(goal: Goal, snapshot: ContextSnapshot) -> set[str]:
    """The exposed entities ``goal`` acts on (none for goals of no device state)."""
    if _end(goal) is None or goal.targets.is_empty():
        return set()
    return {
        entity.entity_id for entity in snapshot.select(goal.targets) if entity.exposed
    }


def _opposite(first: Goal, second: Goal) -> bool:
    """Whether ``first`` and ``second`` leave a device in different states."""
    ends = _end(first), _end(second)
    if ends[0] is None or ends[1] is None:
        return False
    return ends[0][0] == ends[1][0] and ends[0][1] != ends[1][1]


def _end(goal: Goal) -> tuple[str, str] | None:
    """The state ``goal`` leaves its devices in, if it is one of :data:`_ENDS`."""
    if goal.type is GoalType.SET_POSITION:
        return "position", str(goal.params.get("position"))
    if goal.params.get("brightness_pct") == 0:
        return _ENDS[GoalType.TURN_OFF]
    return _ENDS.get(goal.type)
