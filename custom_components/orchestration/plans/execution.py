"""Running plans as real DAGs, every wait armed on its own, re-armed after a restart.

Each step runs when its dependencies are done and its time or condition has come. A
step that waits (a time, a sun event, someone arriving, a device reaching a state)
is armed as Home Assistant time or state tracking (``PlanScheduler``); the steps that
do not depend on it go on meanwhile. A step runs as its own traced script
(``PlanRunner``) with a context of its own, so the plan knows its own changes. A step
whose dependency failed or was skipped is skipped, saying which; the plan ends when
every step has ended. Progress is stored with the plan after every change: after a
restart, done steps stay done, waits are armed again, and a step cut off mid-run is
settled from its devices' states (done, run again, or reported as not repeated).

The engine decides what the plan's status becomes (:class:`ExecutionHooks`); this
module only moves steps along.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.core import (
    Context,
    Event,
    EventStateChangedData,
    HomeAssistant,
    callback,
)
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.util import dt as dt_util

from ..const import DOMAIN
from ..core.models import (
    ConstraintType,
    ExecutionStep,
    PlanRecord,
    PlanStatus,
    StepId,
    StepKind,
    StepState,
    Wait,
    WaitKind,
)
from ..core.progress import (
    blocker,
    dependencies_done,
    has_ended,
    mark,
    without_left_devices,
)
from ..core.texts import Reason, step_numbers
from ..core.verification import expected_states
from ..core.waits import HOME, HOME_ZONE, ended_by, home_holds, watched
from ..executor import PlanRunner, StepOutcome
from ..runtime import OrchestrationConfigEntry
from . import reasons
from .scheduler import PlanScheduler

_EXPIRY = ":expiry"


@dataclass(slots=True, frozen=True)
class ExecutionHooks:
    """What the engine does when a plan moves along.

    ``begin``: the first step that acts is due in a scheduled plan; True when it
    may run now (the plan is ``running``). Else the engine checks the plan first (the
    consent gate, again at its start) and, when it starts, advances it again. ``changed``: progress changed (store, tell).
    ``finished``: every step has ended. ``expired``: a scheduled plan's wait ran out.
    ``step_failed``: a step failed without its script saying so. ``run_as``: the
    context and script variables a step runs with.
    """

    begin: Callable[[PlanRecord], bool]
    changed: Callable[[PlanRecord], None]
    finished: Callable[[PlanRecord], None]
    expired: Callable[[PlanRecord, str], None]
    step_failed: Callable[[PlanRecord, StepId, str, list[str]], None]
    run_as: Callable[[PlanRecord], Awaitable[tuple[Context, dict[str, Any]]]]


class PlanExecution:
    """Moves the steps of scheduled and running plans along."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: OrchestrationConfigEntry,
        scheduler: PlanScheduler,
        runner: PlanRunner,
        hooks: ExecutionHooks,
    ) -> None:
        """Arm with ``scheduler``, run with ``runner``, report through ``hooks``."""
        self._hass = hass
        self._entry = entry
        self._scheduler = scheduler
        self._runner = runner
        self._hooks = hooks
        # Steps whose time or condition came while they were armed.
        self._due: dict[str, set[StepId]] = {}
        # Context ids of every step run of a plan: its own changes.
        self._contexts: dict[str, set[str]] = {}
        # Home Assistant is stopping: what its shutdown stops is not a failure.
        self._stopping = False

    # --- the plan's own changes ------------------------------------------------

    def is_own(self, plan_id: str) -> Callable[[Context], bool]:
        """A test of whether a change's context is one of the plan's own runs."""
        own = self._contexts.setdefault(plan_id, set())

        def check(context: Context) -> bool:
            return context.id in own or (
                context.parent_id is not None and context.parent_id in own
            )

        return check

    # --- moving along ------------------------------------------------------------

    @callback
    def advance(self, record: PlanRecord) -> None:
        """Arm what now waits, run what is due, end the plan when all has ended."""
        changed = not record.progress
        if changed:
            now = dt_util.utcnow()
            for step in record.plan.steps:
                mark(record, step.step_id, StepState.PENDING, now)
        while record.status in (PlanStatus.SCHEDULED, PlanStatus.RUNNING):
            moved = [step for step in record.plan.steps if self._visit(record, step)]
            if not moved:
                break
            changed = True
        if changed:
            self._hooks.changed(record)
        if not has_ended(record):
            return
        # A replan of a plan that had done everything left has nothing to run.
        if record.status is PlanStatus.SCHEDULED and not self._hooks.begin(record):
            return
        if record.status is PlanStatus.RUNNING:
            self.disarm(record.plan_id)
            self._hooks.finished(record)

    def _visit(self, record: PlanRecord, step: ExecutionStep) -> bool:
        """Move one step along if it can; say whether it moved."""
        plan_id, step_id = record.plan_id, step.step_id
        state = record.step_state(step_id)
        due = step_id in self._due.get(plan_id, set())
        if state is not StepState.PENDING and not (state is StepState.WAITING and due):
            return False
        now = dt_util.utcnow()
        if (failed := blocker(record, step)) is not None:
            self._scheduler.cancel(plan_id, step_id)
            mark(
                record,
                step_id,
                StepState.SKIPPED,
                now,
                error=self._said(record, reasons.blocked(self._number(record, failed))),
            )
            return True
        if not dependencies_done(record, step):
            return False
        wait = step.wait
        if wait is not None and not due and not self._over(wait, now):
            if state is StepState.WAITING:
                return False
            self._arm(record, step, wait)
            mark(record, step_id, StepState.WAITING, now)
            return True
        self._due.get(plan_id, set()).discard(step_id)
        self._scheduler.cancel(plan_id, step_id)
        self._scheduler.cancel(plan_id, step_id + _EXPIRY)
        if step.kind is StepKind.WAIT:
            mark(record, step_id, StepState.DONE, now)
            return True
        acting = without_left_devices(record, step)
        if acting is None:
            mark(
                record,
                step_id,
                StepState.SKIPPED,
                now,
                error=self._left(record, step.entity_ids),
            )
            return True
        if record.status is PlanStatus.SCHEDULED and not self._hooks.begin(record):
            # The plan is checked before it starts: the step stays due meanwhile.
            self._due.setdefault(plan_id, set()).add(step_id)
            return False
        mark(record, step_id, StepState.RUNNING, now)
        self._entry.async_create_background_task(
            self._hass,
            self._async_run(record, acting),
            f"{DOMAIN} run {plan_id} {step_id}",
        )
        return True

    def _over(self, wait: Wait, now: datetime) -> bool:
        """Whether the wait is over already (its time passed, the home is so)."""
        if wait.kind in (WaitKind.TIME, WaitKind.SUN):
            return wait.at is None or wait.at <= now
        if wait.is_state_of_home:
            return home_holds(wait, self._persons_home(wait))
        return False

    def _persons_home(self, wait: Wait) -> int:
        """How many persons are home: the home zone's count, else the persons'."""
        zone = self._hass.states.get(HOME_ZONE)
        if zone is not None:
            try:
                return int(float(zone.state))
            except ValueError:
                pass
        return sum(
            1
            for entity_id in wait.entity_ids
            if (state := self._hass.states.get(entity_id)) is not None
            and state.state == HOME
        )

    def _arm(self, record: PlanRecord, step: ExecutionStep, wait: Wait) -> None:
        """Arm the step's time, or the tracking that ends its wait, and its expiry."""
        plan_id, step_id = record.plan_id, step.step_id
        if wait.kind in (WaitKind.TIME, WaitKind.SUN) and wait.at is not None:
            self._scheduler.arm_at(
                plan_id, step_id, wait.at, lambda: self._come(record, step_id)
            )
            return

        @callback
        def changed(event: Event[EventStateChangedData]) -> None:
            old, new = event.data["old_state"], event.data["new_state"]
            if wait.is_state_of_home:
                over = home_holds(wait, self._persons_home(wait))
            else:
                over = ended_by(
                    wait,
                    event.data["entity_id"],
                    None if old is None else old.state,
                    None if new is None else new.state,
                )
            if over:
                self._come(record, step_id)

        self._scheduler.hold(
            plan_id,
            step_id,
            async_track_state_change_event(self._hass, watched(wait), changed),
        )
        if wait.expires_at is not None:
            self._scheduler.arm_at(
                plan_id,
                step_id + _EXPIRY,
                wait.expires_at,
                lambda: self._expire(record, step, wait),
            )

    @callback
    def _come(self, record: PlanRecord, step_id: StepId) -> None:
        """A step's time or condition came."""
        if record.step_state(step_id) is not StepState.WAITING:
            return
        self._scheduler.cancel(record.plan_id, step_id)
        self._scheduler.cancel(record.plan_id, step_id + _EXPIRY)
        self._due.setdefault(record.plan_id, set()).add(step_id)
        self.advance(record)

    @callback
    def _expire(self, record: PlanRecord, step: ExecutionStep, wait: Wait) -> None:
        """A wait ran out before its condition came."""
        if record.step_state(step.step_id) is not StepState.WAITING:
            return
        self._scheduler.cancel(record.plan_id, step.step_id)
        if record.status is PlanStatus.SCHEDULED:
            self.disarm(record.plan_id)
            self._hooks.expired(
                record,
                self._said(record, reasons.wait_expired(wait, self._waited(wait))),
            )
            return
        mark(
            record,
            step.step_id,
            StepState.FAILED,
            dt_util.utcnow(),
            error=self._said(record, reasons.wait_expired(wait, self._waited(wait))),
        )
        self._hooks.changed(record)
        self.advance(record)

    # --- running a step ------------------------------------------------------------

    async def _async_run(self, record: PlanRecord, step: ExecutionStep) -> None:
        context, variables = await self._hooks.run_as(record)
        self._contexts.setdefault(record.plan_id, set()).add(context.id)
        outcome = await self._runner.async_run_step(record, step, context, variables)
        if (
            outcome.cancelled
            or self._stopping
            or record.status is not PlanStatus.RUNNING
        ):
            # A step cut off by a shutdown stays "running": it is settled at the start.
            return
        self._settle(record, step, outcome)
        self._hooks.changed(record)
        self.advance(record)

    def _settle(
        self, record: PlanRecord, step: ExecutionStep, outcome: StepOutcome
    ) -> None:
        """Record how a step's run ended; name only the devices that failed."""
        now = dt_util.utcnow()
        if outcome.success:
            mark(record, step.step_id, StepState.DONE, now, checked=outcome.checked)
            return
        missed = [
            entity_id
            for entity_id in self._not_reached(step)
            if entity_id not in record.left_to_others
        ]
        if outcome.guardrail is None and not missed and self._not_reached(step):
            # Only devices a person changed meanwhile are off target: theirs now.
            mark(
                record,
                step.step_id,
                StepState.DONE,
                now,
                error=self._left(record, self._not_reached(step)),
                checked=outcome.checked,
            )
            return
        error = outcome.error or self._said(record, reasons.STEP_FAILED)
        if missed and outcome.guardrail is None:
            error = self._said(
                record,
                reasons.not_reached(
                    self._number(record, step.step_id),
                    [self._name(entity_id) for entity_id in missed],
                    expected_states(step.action)[0],
                ),
            )
        mark(
            record,
            step.step_id,
            StepState.FAILED,
            now,
            error=error,
            entity_ids=missed,
            guardrail=outcome.guardrail,
            checked=outcome.checked,
        )
        if not outcome.reported:
            self._hooks.step_failed(record, step.step_id, error, missed)

    def _not_reached(self, step: ExecutionStep) -> list[str]:
        """The step's devices that are not in a state its action leads to."""
        states = expected_states(step.action)
        if not states:
            return []
        return [
            entity_id
            for entity_id in step.entity_ids
            if (state := self._hass.states.get(entity_id)) is None
            or state.state not in states
        ]

    def _name(self, entity_id: str) -> str:
        state = self._hass.states.get(entity_id)
        return entity_id if state is None else state.name

    def _waited(self, wait: Wait) -> str | None:
        """The name of the device a wait for a state waits for."""
        return None if wait.entity_id is None else self._name(wait.entity_id)

    def _left(self, record: PlanRecord, entity_ids: list[str]) -> str:
        """Why a step leaves devices be: a person's change, or a plan that came first."""
        taken = [entity_id for entity_id in entity_ids if entity_id in record.yielded]
        plans = (
            list(dict.fromkeys(record.yielded[entity_id] for entity_id in taken))
            if taken == entity_ids
            else []
        )
        names = [self._name(entity_id) for entity_id in entity_ids]
        return self._said(record, reasons.left_to_others(names, plans))

    @staticmethod
    def _number(record: PlanRecord, step_id: StepId) -> int:
        """A step's number in the plan's list (as the explanation numbers it)."""
        return step_numbers(record.plan).get(step_id, 0)

    @staticmethod
    def _said(record: PlanRecord, reason: Reason) -> Reason:
        """A reason in the plan's language, as it is stored."""
        return reason.localized(record.task_spec.language)

    # --- after a restart ----------------------------------------------------------

    @callback
    def resume(self, record: PlanRecord, now: datetime) -> str | None:
        """Pick up a stored scheduled or running plan after a restart.

        A scheduled plan whose wait expired meanwhile (or whose deadline passed) is
        not started: the reason is returned. In a running plan a step cut off by the
        restart is done when its devices show it, runs again when that can be told
        from them, and is reported as not repeated otherwise; a step whose time
        passed meanwhile fails; then the plan goes on.
        """
        if record.status is PlanStatus.SCHEDULED:
            if (reason := self._missed(record, now)) is not None:
                return reason
        elif record.status is PlanStatus.RUNNING:
            for step in record.plan.steps:
                state = record.step_state(step.step_id)
                if state is StepState.RUNNING:
                    self._cut_off(record, step, now)
                elif (
                    state is StepState.WAITING
                    and (wait := step.wait) is not None
                    and wait.expires_at is not None
                    and wait.expires_at <= now
                ):
                    mark(
                        record,
                        step.step_id,
                        StepState.FAILED,
                        now,
                        error=self._said(
                            record, reasons.missed_while_down(wait, self._waited(wait))
                        ),
                    )
        else:
            return None
        # What was armed before the restart is armed again from its stored state.
        for step in record.plan.steps:
            if record.step_state(step.step_id) is StepState.WAITING:
                mark(record, step.step_id, StepState.PENDING, now)
        self.advance(record)
        return None

    def _missed(self, record: PlanRecord, now: datetime) -> str | None:
        """Why a scheduled plan cannot start any more, if it cannot."""
        deadline = record.task_spec.constraint(ConstraintType.DEADLINE)
        before = None if deadline is None else deadline.fields.get("before")
        if isinstance(before, str):
            end = dt_util.parse_datetime(before)
            if end is not None and end <= now:
                return reasons.WINDOW_PASSED
        for step in record.plan.steps:
            if record.step_state(step.step_id) not in (
                StepState.PENDING,
                StepState.WAITING,
            ) or not dependencies_done(record, step):
                continue
            wait = step.wait
            if (
                wait is not None
                and wait.expires_at is not None
                and wait.expires_at <= now
            ):
                return self._said(
                    record, reasons.missed_while_down(wait, self._waited(wait))
                )
        return None

    def _cut_off(self, record: PlanRecord, step: ExecutionStep, now: datetime) -> None:
        acting = without_left_devices(record, step) or step
        if not expected_states(step.action) or not acting.entity_ids:
            mark(
                record,
                step.step_id,
                StepState.FAILED,
                now,
                error=self._said(record, reasons.CUT_OFF),
            )
        elif self._not_reached(acting):
            mark(record, step.step_id, StepState.PENDING, now)
        else:
            mark(record, step.step_id, StepState.DONE, now)

    # --- stopping -------------------------------------------------------------------

    @callback
    def stop_all(self) -> None:
        """Home Assistant is stopping: disarm everything, settle nothing more.

        Steps it cuts off are settled when it starts again (see ``resume``).
        """
        self._stopping = True
        self._scheduler.cancel_all()
        self._due.clear()

    @callback
    def disarm(self, plan_id: str) -> None:
        """Disarm every wait of the plan."""
        self._scheduler.cancel(plan_id)
        self._due.pop(plan_id, None)

    async def async_stop(self, plan_id: str) -> None:
        """Disarm the plan's waits and stop its running steps."""
        self.disarm(plan_id)
        await self._runner.async_stop(plan_id)
        self._contexts.pop(plan_id, None)
