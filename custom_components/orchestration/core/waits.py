"""When a wait ends: one definition for the engine's triggers and the plan's script.

A wait (:class:`~.models.Wait`) ends at a moment (``time``, ``sun``), when a person
arrives or leaves (``arrival``, ``departure``), when an entity changes to a state
(``state``), or as soon as the home is in a state (``someone_home``,
``nobody_home``: if it already is, at once). The engine arms Home Assistant's state
and time tracking on :func:`watched` entities and asks :func:`ended_by` about each
change; the plan's script waits with :func:`script_wait`. Pure: no Home Assistant
imports.
"""

from __future__ import annotations

from typing import Any, Final

from .models import Wait, WaitKind

#: The zone whose state is the number of persons at home.
HOME_ZONE: Final = "zone.home"
HOME: Final = "home"


def watched(wait: Wait) -> list[str]:
    """Entities whose changes may end the wait (none for a time)."""
    match wait.kind:
        case WaitKind.ARRIVAL | WaitKind.DEPARTURE:
            return list(wait.entity_ids)
        case WaitKind.SOMEONE_HOME | WaitKind.NOBODY_HOME:
            return [HOME_ZONE, *wait.entity_ids]
        case WaitKind.STATE:
            return [wait.entity_id] if wait.entity_id else []
        case _:
            return []


def home_holds(wait: Wait, persons_home: int) -> bool:
    """Whether a wait for a state of the home is over with ``persons_home`` home."""
    if wait.kind is WaitKind.SOMEONE_HOME:
        return persons_home > 0
    if wait.kind is WaitKind.NOBODY_HOME:
        return persons_home == 0
    return False


def ended_by(wait: Wait, entity_id: str, old: str | None, new: str | None) -> bool:
    """Whether the change of ``entity_id`` from ``old`` to ``new`` ends the wait.

    States of the home are not judged here (see :func:`home_holds`).
    """
    if new is None or old == new:
        return False
    match wait.kind:
        case WaitKind.ARRIVAL:
            return entity_id in wait.entity_ids and new == HOME and old is not None
        case WaitKind.DEPARTURE:
            return entity_id in wait.entity_ids and old == HOME
        case WaitKind.STATE:
            return entity_id == wait.entity_id and new == wait.to
        case _:
            return False


def _persons_home_template() -> str:
    return f"states('{HOME_ZONE}') | int(0)"


def script_wait(wait: Wait, alias: str) -> dict[str, Any]:
    """The script action that waits like the engine does, until the wait expires.

    A wait that expires stops the script: what depends on it does not run.
    """
    action: dict[str, Any] = {"alias": alias}
    match wait.kind:
        case WaitKind.ARRIVAL:
            action["wait_for_trigger"] = [
                {"trigger": "state", "entity_id": list(wait.entity_ids), "to": HOME}
            ]
        case WaitKind.DEPARTURE:
            action["wait_for_trigger"] = [
                {"trigger": "state", "entity_id": list(wait.entity_ids), "from": HOME}
            ]
        case WaitKind.STATE:
            action["wait_for_trigger"] = [
                {"trigger": "state", "entity_id": wait.entity_id, "to": wait.to}
            ]
        case WaitKind.SOMEONE_HOME:
            action["wait_template"] = "{{ " + _persons_home_template() + " > 0 }}"
        case WaitKind.NOBODY_HOME:
            action["wait_template"] = "{{ " + _persons_home_template() + " == 0 }}"
        case _:
            moment = wait.at.isoformat() if wait.at else ""
            return {"alias": alias, "delay": seconds_until(moment)}
    if wait.expires_at is not None:
        action["timeout"] = seconds_until(wait.expires_at.isoformat())
        action["continue_on_timeout"] = False
    return action


def seconds_until(moment_iso: str) -> str:
    """A template of the whole seconds from now until a moment (0 once it passed)."""
    return (
        "{{ [0, (as_datetime('" + moment_iso + "') - now()).total_seconds()]"
        " | max | round(0, 'ceil') | int }}"
    )
