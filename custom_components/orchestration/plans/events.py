"""The events of DESIGN §6 and §8, fired from this one place (names in ``core.events``).

A failed step is usually reported by its script itself (the handover adds the event
to the script); ``step_failed`` covers a step that failed without its script saying
so (a device that did not take effect, a call that raised).
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant

from ..core.events import (
    EVENT_APPROVAL_REQUESTED,
    EVENT_PLAN_CONFLICT,
    EVENT_PLAN_CREATED,
    EVENT_PLAN_STATUS_CHANGED,
    EVENT_RECOMMENDATION,
    EVENT_REPLANNED,
    EVENT_STEP_FAILED,
)
from ..core.models import PlanRecord, PlanStatus, Recommendation
from ..core.planning.arbiter import PlanConflict


class PlanEvents:
    """Fires the engine's events on Home Assistant's bus."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Fire on the bus of ``hass``."""
        self._hass = hass

    def plan_created(self, record: PlanRecord) -> None:
        """A plan came out of the pipeline."""
        self._hass.bus.async_fire(
            EVENT_PLAN_CREATED,
            {
                "plan_id": record.plan_id,
                "status": record.status.value,
                "intent": record.task_spec.intent,
                "trigger_type": record.task_spec.trigger_type.value,
                "user_id": record.user_id,
                "replaces": record.replaces,
            },
        )

    def status_changed(self, record: PlanRecord, old: PlanStatus, reason: str) -> None:
        """A plan went from ``old`` to its status now."""
        self._hass.bus.async_fire(
            EVENT_PLAN_STATUS_CHANGED,
            {
                "plan_id": record.plan_id,
                "old": old.value,
                "new": record.status.value,
                "reason": reason,
            },
        )

    def approval_requested(self, record: PlanRecord) -> None:
        """A plan waits for approval."""
        self._hass.bus.async_fire(
            EVENT_APPROVAL_REQUESTED,
            {
                "plan_id": record.plan_id,
                "required_scopes": list(record.policy.required_scopes),
                "missing_scopes": list(record.policy.missing_scopes),
                "reasons": list(record.policy.reasons),
                "summary": record.explanation.summary,
                "user_id": record.user_id,
            },
        )

    def step_failed(
        self,
        record: PlanRecord,
        step_id: str | None,
        error: str | None,
        entity_ids: list[str] | None = None,
    ) -> None:
        """A step failed and its script did not say so itself.

        ``entity_ids`` are the step's devices that did not take effect.
        """
        self._hass.bus.async_fire(
            EVENT_STEP_FAILED,
            {
                "plan_id": record.plan_id,
                "step_id": step_id,
                "entity_ids": list(entity_ids or []),
                "error": error,
            },
        )

    def replanned(
        self,
        old_plan_id: str,
        new_plan_id: str,
        reason: str,
        trigger: str | None = None,
    ) -> None:
        """A plan was replaced by a new one (``trigger``: what the home re-planned for)."""
        data = {
            "old_plan_id": old_plan_id,
            "new_plan_id": new_plan_id,
            "reason": reason,
        }
        if trigger is not None:
            data["trigger"] = trigger
        self._hass.bus.async_fire(EVENT_REPLANNED, data)

    def conflict(self, plan_id: str, found: PlanConflict) -> None:
        """The new plan ``plan_id`` and an active plan wanted the same devices."""
        winner, loser = (
            (plan_id, found.plan_id)
            if found.winner == "new"
            else (found.plan_id, plan_id)
        )
        self._hass.bus.async_fire(
            EVENT_PLAN_CONFLICT,
            {
                "plan_id": plan_id,
                "other_plan_id": found.plan_id,
                "entity_ids": list(found.entity_ids),
                "winner_plan_id": winner,
                "loser_plan_id": loser,
                "reason": found.why,
            },
        )

    def recommendation(
        self, record: PlanRecord, recommendation: Recommendation
    ) -> None:
        """The home proposes a plan itself; it waits for a person to accept it."""
        self._hass.bus.async_fire(
            EVENT_RECOMMENDATION,
            {
                "plan_id": record.plan_id,
                "rule": recommendation.rule,
                "summary": record.explanation.summary,
                "title": recommendation.title,
                "reason": recommendation.reason,
            },
        )
