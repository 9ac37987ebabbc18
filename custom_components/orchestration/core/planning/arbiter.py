"""One arbiter for shared devices: which plan holds a device when two want it.

Every active plan *claims* the devices its action steps act on, from the step's start
until the plan's last step is done (a running plan watches its devices that long):

* a running or scheduled plan claims every step;
* a plan waiting for approval claims only its timed steps (it may never run, and
  nobody knows when it would start otherwise);
* a device a plan gave up (``yielded``) is no longer claimed by it.

Two claims *contend* when they are on the same device, overlap in time and ask for
different things (two plans turning the same light off do not contend). The plan whose
``Claimant`` ranks higher keeps the device; between equal ranks the later request
wins (the latest wish about a device stands), and a plan that holds a device keeps it
from a request made at the very same moment. The rank is the priority of the plan's
origin in the options (see ``Origin``), never the caller's trigger type.

For the new plan, what it loses is left out (a timed load is moved around the other
plan's claim instead, see ``claimed_windows``); what it wins, the other plan must
give up: the engine replans it, or marks the device yielded while it runs.

Pure: no Home Assistant imports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Final

from ..models import (
    ExecutionPlan,
    ExecutionStep,
    Origin,
    PlanStatus,
    Priority,
    StepId,
    StepKind,
    TimeWindow,
)
from ..texts import Message, Reason, Term

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

#: The priority of each origin unless the options say otherwise.
DEFAULT_PRIORITIES: Final[Mapping[Origin, Priority]] = {
    Origin.USER_REQUEST: Priority.HIGH,
    Origin.AUTOMATION: Priority.NORMAL,
    Origin.SCHEDULED_ROUTINE: Priority.NORMAL,
    Origin.INSIGHT_RECOMMENDATION: Priority.LOW,
}

_LEAST_CLAIM: Final = timedelta(seconds=1)


@dataclass(frozen=True, slots=True)
class Claimant:
    """Who claims devices: the origin of the request, its priority and its time."""

    origin: Origin
    priority: Priority
    requested_at: datetime

    def outranks(self, other: Claimant) -> bool:
        """Whether this claim wins over ``other`` on a device both want."""
        if self.priority is not other.priority:
            return self.priority.rank > other.priority.rank
        return self.requested_at > other.requested_at

    def strictly_outranks(self, other: Claimant) -> bool:
        """Whether this claim's priority is higher (not just its request later)."""
        return self.priority.rank > other.priority.rank


@dataclass(slots=True)
class ActivePlan:
    """A plan that waits, is scheduled or runs, as far as its claims go."""

    plan_id: str
    claimant: Claimant
    steps: list[ExecutionStep]
    status: PlanStatus = PlanStatus.SCHEDULED
    yielded: frozenset[str] = frozenset()

    @property
    def draws_power(self) -> bool:
        """Whether its loads count against the power limit (it will run)."""
        return self.status in (PlanStatus.SCHEDULED, PlanStatus.RUNNING)


@dataclass(slots=True)
class PlanConflict:
    """The new plan and an active one want the same devices at the same time."""

    plan_id: str
    entity_ids: list[str]
    winner: str  # "new" (this plan) or "active"
    ours: Claimant
    theirs: Claimant

    def __str__(self) -> str:
        """Return the one-line form used in ``PlanningResult.conflicts``."""
        devices = ", ".join(self.entity_ids)
        if self.winner == "active":
            return f"{self.plan_id}: keeps {devices}; this plan yields ({self.why})"
        return f"{self.plan_id}: yields {devices} to this plan ({self.why})"

    @property
    def why(self) -> str:
        """Why the winner wins, in English (notes are rendered by the explainer)."""
        winner, loser = (
            (self.ours, self.theirs)
            if self.winner == "new"
            else (self.theirs, self.ours)
        )
        if winner.priority is loser.priority:
            return (
                f"{winner.origin.value} and {loser.origin.value} have the same "
                f"priority ({winner.priority.value}); the later request wins"
            )
        return (
            f"{winner.origin.value} ({winner.priority.value} priority) outranks "
            f"{loser.origin.value} ({loser.priority.value})"
        )


def _why(conflict: PlanConflict) -> Message:
    """Why the winner of a conflict wins, renderable in any language."""
    winner, loser = (
        (conflict.ours, conflict.theirs)
        if conflict.winner == "new"
        else (conflict.theirs, conflict.ours)
    )
    if winner.priority is loser.priority:
        return Message.of(
            "conflicts.why_later",
            priority=Term(f"priorities.{winner.priority.value}"),
        )
    return Message.of(
        "conflicts.why_outranks",
        winner=Term(f"origins.{winner.origin.value}"),
        winner_priority=Term(f"priorities.{winner.priority.value}"),
        loser=Term(f"origins.{loser.origin.value}"),
        loser_priority=Term(f"priorities.{loser.priority.value}"),
    )


def conflict_notes(
    conflict: PlanConflict, new_plan_id: str, devices: str
) -> tuple[Reason, Reason]:
    """What the new plan and the active plan of a conflict say about it."""
    why = _why(conflict)
    if conflict.winner == "new":
        return (
            Reason("conflicts.won", plan=conflict.plan_id, devices=devices, why=why),
            Reason("conflicts.gave_up", plan=new_plan_id, devices=devices, why=why),
        )
    return (
        Reason("conflicts.lost", plan=conflict.plan_id, devices=devices, why=why),
        Reason("conflicts.kept", plan=new_plan_id, devices=devices, why=why),
    )


def _effect(step: ExecutionStep) -> tuple[str | None, str]:
    """What a step asks of its devices; equal effects do not contend."""
    return step.action, repr(sorted(step.data.items()))


def plan_end(steps: Sequence[ExecutionStep], now: datetime) -> datetime:
    """When the last of the steps is done."""
    return max(
        (
            (step.not_before or now)
            + max(timedelta(seconds=step.estimated_duration_s), _LEAST_CLAIM)
            for step in steps
        ),
        default=now,
    )


@dataclass(frozen=True, slots=True)
class Claim:
    """One device held from ``start`` to ``end`` for one effect."""

    entity_id: str
    start: datetime
    end: datetime
    effect: tuple[str | None, str]
    step_id: StepId

    def contends(self, other: Claim) -> bool:
        """Whether the two claims want the same device differently at the same time."""
        return (
            self.entity_id == other.entity_id
            and self.start < other.end
            and other.start < self.end
            and self.effect != other.effect
        )


def claims(
    steps: Sequence[ExecutionStep],
    now: datetime,
    *,
    status: PlanStatus = PlanStatus.SCHEDULED,
    yielded: Iterable[str] = (),
) -> list[Claim]:
    """The devices a plan's action steps hold, and when."""
    end = plan_end(steps, now)
    given_up = set(yielded)
    held: list[Claim] = []
    for step in steps:
        if step.kind is not StepKind.ACTION:
            continue
        if status is PlanStatus.PENDING_APPROVAL and step.not_before is None:
            continue
        start = step.not_before or now
        held.extend(
            Claim(
                entity_id,
                start,
                max(end, start + _LEAST_CLAIM),
                _effect(step),
                step.step_id,
            )
            for entity_id in step.entity_ids
            if entity_id not in given_up
        )
    return held


def active_claims(plan: ActivePlan, now: datetime) -> list[Claim]:
    """The claims of an active plan."""
    return claims(plan.steps, now, status=plan.status, yielded=plan.yielded)


def claimed_windows(
    ours: Claimant, active_plans: Sequence[ActivePlan], now: datetime
) -> dict[str, list[TimeWindow]]:
    """When each device is held by a plan that outranks ours: a load avoids those."""
    windows: dict[str, list[TimeWindow]] = {}
    for plan in active_plans:
        if ours.outranks(plan.claimant):
            continue
        for claim in active_claims(plan, now):
            windows.setdefault(claim.entity_id, []).append(
                TimeWindow(claim.start, claim.end)
            )
    return windows


@dataclass(slots=True)
class Arbitration:
    """The contests the new plan is in, and the steps it must leave out."""

    conflicts: list[PlanConflict] = field(default_factory=list)
    #: The devices each step of the new plan gives up.
    yielded: dict[StepId, set[str]] = field(default_factory=dict)


def arbitrate(
    plan: ExecutionPlan,
    ours: Claimant,
    active_plans: Sequence[ActivePlan],
    now: datetime,
) -> Arbitration:
    """Who holds each contended device: the new plan ``plan`` or an active plan."""
    result = Arbitration()
    mine = claims(plan.steps, now)
    for active in active_plans:
        theirs = active_claims(active, now)
        contended = [
            (claim, other)
            for claim in mine
            for other in theirs
            if claim.contends(other)
        ]
        if not contended:
            continue
        entity_ids = list(dict.fromkeys(claim.entity_id for claim, _ in contended))
        if not ours.outranks(active.claimant):
            for claim, _ in contended:
                result.yielded.setdefault(claim.step_id, set()).add(claim.entity_id)
            winner = "active"
        else:
            winner = "new"
        result.conflicts.append(
            PlanConflict(active.plan_id, entity_ids, winner, ours, active.claimant)
        )
    return result


def give_up(plan: ExecutionPlan, yielded: Mapping[StepId, set[str]]) -> list[StepId]:
    """Take the yielded devices out of their steps; return the steps left with none.

    Those steps are removed, their dependents rewired to what they waited for.
    """
    emptied: set[StepId] = set()
    for step in plan.steps:
        lost = yielded.get(step.step_id)
        if not lost:
            continue
        kept = [entity_id for entity_id in step.entity_ids if entity_id not in lost]
        if kept:
            step.target = {**step.target, "entity_id": kept}
        else:
            emptied.add(step.step_id)
    if emptied:
        # A wait that nothing waits for any more goes with what it waited for.
        waited_for = {
            parent
            for step in plan.steps
            if step.step_id not in emptied
            for parent in step.depends_on
        }
        emptied |= {
            step.step_id
            for step in plan.steps
            if step.kind is StepKind.WAIT and step.step_id not in waited_for
        }
    _without(plan, emptied)
    return [step_id for step_id in yielded if step_id in emptied]


def _without(plan: ExecutionPlan, dropped: set[StepId]) -> None:
    """Remove steps, rewiring their dependents to what the removed steps waited for."""
    parents = {step.step_id: list(step.depends_on) for step in plan.steps}

    def resolved(step_id: StepId) -> list[StepId]:
        if step_id not in dropped:
            return [step_id]
        return [item for parent in parents[step_id] for item in resolved(parent)]

    kept = []
    for step in plan.steps:
        if step.step_id in dropped:
            continue
        step.depends_on = list(
            dict.fromkeys(
                item for parent in step.depends_on for item in resolved(parent)
            )
        )
        kept.append(step)
    plan.steps = kept
