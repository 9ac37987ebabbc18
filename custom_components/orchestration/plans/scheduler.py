"""Per-plan triggers: a pending approval's expiry, a step's start, a wait's end.

A plan holds any number of armed triggers, each under its own key (``approval``, a
step id, a step's expiry); arming a key again replaces its old trigger. The triggers
live only in memory: after a restart the engine arms them again from the stored
plans (:meth:`PlanScheduler.resume` for approvals, the execution for steps).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Final

from homeassistant.core import CALLBACK_TYPE, HassJob, HomeAssistant, callback
from homeassistant.helpers.event import async_track_point_in_utc_time

from ..const import DOMAIN
from ..core.models import PlanRecord, PlanStatus
from . import reasons

type PlanCallback = Callable[[PlanRecord], None]

APPROVAL: Final = "approval"


def start_time(record: PlanRecord, now: datetime) -> datetime:
    """When the first step may start: the earliest not_before of the root steps.

    A plan whose first step waits for a condition (someone arriving) may start now.
    """
    roots = [step for step in record.plan.steps if not step.depends_on]
    starts = [step.not_before for step in roots if step.not_before is not None]
    if not roots or len(starts) < len(roots):
        return now
    return max(now, min(starts))


class PlanScheduler:
    """Arms and disarms the triggers of plans; calls back when one fires."""

    def __init__(
        self,
        hass: HomeAssistant,
        *,
        approval_timeout: timedelta,
        on_approval_expired: PlanCallback,
    ) -> None:
        """Arm triggers for ``hass``; ``on_approval_expired`` checks the status itself."""
        self._hass = hass
        self._approval_timeout = approval_timeout
        self._on_approval_expired = on_approval_expired
        self._armed: dict[str, dict[str, CALLBACK_TYPE]] = {}

    def approval_expiry(self, record: PlanRecord) -> datetime:
        """When the plan's current wait for approval runs out."""
        asked = next(
            (
                change.at
                for change in reversed(record.history)
                if change.new is PlanStatus.PENDING_APPROVAL
            ),
            record.created,
        )
        return asked + self._approval_timeout

    @callback
    def arm_approval_expiry(self, record: PlanRecord) -> None:
        """Arm the end of the plan's wait for approval."""
        self.arm_at(
            record.plan_id,
            APPROVAL,
            self.approval_expiry(record),
            lambda: self._on_approval_expired(record),
        )

    @callback
    def resume(self, record: PlanRecord, now: datetime) -> str | None:
        """Arm a stored pending plan's approval expiry again after a restart.

        Return why the plan expires instead, when its time passed meanwhile.
        """
        if record.status is not PlanStatus.PENDING_APPROVAL:
            return None
        expires = self.approval_expiry(record)
        if expires <= now:
            return reasons.APPROVAL_TIMED_OUT
        self.arm_at(
            record.plan_id,
            APPROVAL,
            expires,
            lambda: self._on_approval_expired(record),
        )
        return None

    @callback
    def arm_at(
        self, plan_id: str, key: str, when: datetime, then: Callable[[], None]
    ) -> None:
        """Call ``then`` at ``when`` (at once if it passed), under ``key``."""

        @callback
        def fire(_: datetime) -> None:
            self._release(plan_id, key)
            then()

        self.hold(
            plan_id,
            key,
            async_track_point_in_utc_time(
                self._hass,
                HassJob(
                    fire, f"{DOMAIN} plan {plan_id} {key}", cancel_on_shutdown=True
                ),
                when,
            ),
        )

    @callback
    def hold(self, plan_id: str, key: str, disarm: CALLBACK_TYPE) -> None:
        """Keep what disarms a trigger armed elsewhere; disarm the key's old one."""
        self.cancel(plan_id, key)
        self._armed.setdefault(plan_id, {})[key] = disarm

    def is_armed(self, plan_id: str, key: str) -> bool:
        """Whether the plan has a trigger under ``key``."""
        return key in self._armed.get(plan_id, {})

    @callback
    def cancel(self, plan_id: str, key: str | None = None) -> None:
        """Disarm the plan's trigger under ``key``, or every trigger of the plan."""
        armed = self._armed.get(plan_id)
        if armed is None:
            return
        keys = list(armed) if key is None else [key]
        for item in keys:
            if (disarm := armed.pop(item, None)) is not None:
                disarm()
        if not armed:
            self._armed.pop(plan_id, None)

    @callback
    def cancel_all(self) -> None:
        """Disarm every trigger (they are armed again from storage at the next start)."""
        for plan_id in list(self._armed):
            self.cancel(plan_id)

    def _release(self, plan_id: str, key: str) -> None:
        """Forget a trigger that fired (it disarmed itself)."""
        armed = self._armed.get(plan_id)
        if armed is not None:
            armed.pop(key, None)
            if not armed:
                self._armed.pop(plan_id, None)
