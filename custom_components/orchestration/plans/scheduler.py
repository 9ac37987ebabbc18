"""Per-plan timers: when a scheduled plan starts, when a pending approval expires.

A plan holds at most one armed trigger at a time; arming it again replaces the old
one. The triggers live only in memory: after a restart ``resume`` arms them again from
the stored plans, or says that the plan's time passed while Home Assistant was down.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from homeassistant.core import CALLBACK_TYPE, HassJob, HomeAssistant, callback
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.util import dt as dt_util

from ..const import DOMAIN
from ..core.models import ConstraintType, PlanRecord, PlanStatus
from . import reasons

# A scheduled plan whose start passed by more than this while Home Assistant was down
# is expired instead of run late.
MISSED_START_GRACE = timedelta(minutes=15)

type PlanCallback = Callable[[PlanRecord], Awaitable[None]]


def start_time(record: PlanRecord, now: datetime) -> datetime:
    """When the first step may start: the earliest not_before of the root steps."""
    roots = [step for step in record.plan.steps if not step.depends_on]
    starts = [step.not_before for step in roots if step.not_before is not None]
    if not roots or len(starts) < len(roots):
        return now
    return max(now, min(starts))


def _deadline_passed(record: PlanRecord, now: datetime) -> bool:
    deadline = record.task_spec.constraint(ConstraintType.DEADLINE)
    if deadline is None or not isinstance(deadline.fields.get("before"), str):
        return False
    before = dt_util.parse_datetime(deadline.fields["before"])
    return before is not None and before <= now


def _start_missed(record: PlanRecord, now: datetime) -> bool:
    """Whether a scheduled plan's window passed: too late to start it now."""
    last = max(
        (step.not_before for step in record.plan.steps if step.not_before),
        default=start_time(record, now),
    )
    return now - last > MISSED_START_GRACE or _deadline_passed(record, now)


class PlanScheduler:
    """Arms and disarms the triggers of plans; calls back when one fires."""

    def __init__(
        self,
        hass: HomeAssistant,
        *,
        approval_timeout: timedelta,
        on_start: PlanCallback,
        on_approval_expired: PlanCallback,
    ) -> None:
        """Arm triggers for ``hass``; say what to do when they fire.

        ``on_start`` runs when a plan's start is due (it checks policy again before
        anything runs), ``on_approval_expired`` when its approval request runs out;
        both check the plan's status themselves.
        """
        self._hass = hass
        self._approval_timeout = approval_timeout
        self._on_start = on_start
        self._on_approval_expired = on_approval_expired
        self._armed: dict[str, CALLBACK_TYPE] = {}

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

    async def async_start_or_arm(self, record: PlanRecord) -> None:
        """Start the plan now if its time has come, else arm its start."""
        now = dt_util.utcnow()
        start = start_time(record, now)
        if start <= now:
            await self._on_start(record)
        else:
            self._arm_at(record, start, self._on_start)

    @callback
    def arm_approval_expiry(self, record: PlanRecord) -> None:
        """Arm the end of the plan's wait for approval."""
        self._arm_at(record, self.approval_expiry(record), self._on_approval_expired)

    @callback
    def resume(self, record: PlanRecord, now: datetime) -> str | None:
        """Arm a stored plan's trigger again after a restart.

        Return why the plan expires instead, when its time passed meanwhile.
        """
        if record.status is PlanStatus.SCHEDULED:
            if _start_missed(record, now):
                return reasons.WINDOW_PASSED
            self._arm_at(record, start_time(record, now), self._on_start)
        elif record.status is PlanStatus.PENDING_APPROVAL:
            expires = self.approval_expiry(record)
            if expires <= now:
                return reasons.APPROVAL_TIMED_OUT
            self._arm_at(record, expires, self._on_approval_expired)
        return None

    @callback
    def cancel(self, plan_id: str) -> None:
        """Disarm the plan's trigger, if it has one."""
        if (disarm := self._armed.pop(plan_id, None)) is not None:
            disarm()

    @callback
    def cancel_all(self) -> None:
        """Disarm every trigger (they are armed again from storage at the next start)."""
        for disarm in self._armed.values():
            disarm()
        self._armed.clear()

    def _arm_at(self, record: PlanRecord, when: datetime, then: PlanCallback) -> None:
        plan_id = record.plan_id

        async def fire(_: datetime) -> None:
            self._armed.pop(plan_id, None)
            await then(record)

        self._hold(
            plan_id,
            async_track_point_in_utc_time(
                self._hass,
                HassJob(fire, f"{DOMAIN} plan {plan_id}", cancel_on_shutdown=True),
                when,
            ),
        )

    def _hold(self, plan_id: str, disarm: CALLBACK_TYPE) -> None:
        """Keep what disarms the plan's new trigger; disarm its old one."""
        self.cancel(plan_id)
        self._armed[plan_id] = disarm
