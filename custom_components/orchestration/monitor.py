"""Watching active plans' devices: changes the plan did not make itself.

A change belongs to the plan when its context is one of the plan's own (each step
runs with a context of its own; a device that reports later under a fresh context is
judged by the engine, which knows what state the plan asked for). Anything else is a
person or another automation: an override, or the device becoming unavailable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import (
    CALLBACK_TYPE,
    Context,
    Event,
    EventStateChangedData,
    HomeAssistant,
    callback,
)
from homeassistant.helpers.event import async_track_state_change_event

from .core.models import PlanRecord


class DriftKind(StrEnum):
    """Why an active plan no longer matches the home."""

    OVERRIDE = "override"
    UNAVAILABLE = "unavailable"


@dataclass(slots=True, frozen=True)
class Drift:
    """One change to a device of a plan that the plan did not make."""

    plan_id: str
    entity_id: str
    kind: DriftKind
    state: str


class PlanMonitor:
    """Watches the entities of active plans and reports changes made by others."""

    def __init__(self, hass: HomeAssistant, on_drift: Callable[[Drift], None]) -> None:
        self._hass = hass
        self._on_drift = on_drift
        self._watches: dict[str, CALLBACK_TYPE] = {}

    def watch(self, record: PlanRecord, is_own: Callable[[Context], bool]) -> None:
        """Start watching the entities the plan acts on.

        ``is_own`` says whether a change's context is one of the plan's own.
        """
        self.unwatch(record.plan_id)
        entity_ids = record.plan.entity_ids
        if not entity_ids:
            return
        plan_id = record.plan_id

        @callback
        def changed(event: Event[EventStateChangedData]) -> None:
            new_state = event.data["new_state"]
            if new_state is None or is_own(event.context):
                return
            old_state = event.data["old_state"]
            if new_state.state == STATE_UNAVAILABLE:
                kind = DriftKind.UNAVAILABLE
            elif old_state is not None and old_state.state != new_state.state:
                kind = DriftKind.OVERRIDE
            else:
                # Attribute-only updates from the device itself are not drift.
                return
            self._on_drift(
                Drift(plan_id, event.data["entity_id"], kind, new_state.state)
            )

        self._watches[plan_id] = async_track_state_change_event(
            self._hass, entity_ids, changed
        )

    def unwatch(self, plan_id: str) -> None:
        """Stop watching a plan."""
        if (unsub := self._watches.pop(plan_id, None)) is not None:
            unsub()

    def unwatch_all(self) -> None:
        """Stop watching every plan."""
        for plan_id in list(self._watches):
            self.unwatch(plan_id)
