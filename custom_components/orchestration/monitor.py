"""Monitoring of running plans: drift (someone else changed a device) and failures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import (
    CALLBACK_TYPE,
    Event,
    EventStateChangedData,
    HomeAssistant,
    callback,
)
from homeassistant.helpers.event import async_track_state_change_event

from .core.models import PlanRecord


class DriftKind(StrEnum):
    """Why a running plan no longer matches the home."""

    OVERRIDE = "override"
    UNAVAILABLE = "unavailable"


@dataclass(slots=True, frozen=True)
class Drift:
    """One observed drift of a plan."""

    plan_id: str
    entity_id: str
    kind: DriftKind


class PlanMonitor:
    """Watches the entities of running plans and reports changes made by others.

    A change belongs to the plan when its context is the plan's run context or a
    child of it; anything else is a person or another automation overriding the plan.
    """

    def __init__(self, hass: HomeAssistant, on_drift: Callable[[Drift], None]) -> None:
        self._hass = hass
        self._on_drift = on_drift
        self._watches: dict[str, CALLBACK_TYPE] = {}

    def watch(self, record: PlanRecord, context_id: str) -> None:
        """Start watching the entities the plan acts on."""
        self.unwatch(record.plan_id)
        entity_ids = record.plan.entity_ids
        if not entity_ids:
            return
        plan_id = record.plan_id

        @callback
        def changed(event: Event[EventStateChangedData]) -> None:
            new_state = event.data["new_state"]
            if new_state is None:
                return
            context = event.context
            if context_id in (context.id, context.parent_id):
                return
            old_state = event.data["old_state"]
            if new_state.state == STATE_UNAVAILABLE:
                kind = DriftKind.UNAVAILABLE
            elif old_state is not None and old_state.state != new_state.state:
                kind = DriftKind.OVERRIDE
            else:
                # Attribute-only updates from the device itself are not drift.
                return
            self.unwatch(plan_id)
            self._on_drift(Drift(plan_id, event.data["entity_id"], kind))

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
