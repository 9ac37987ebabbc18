"""The engine's English reasons for status changes, approvals and conflicts.

They go into plan histories, policy reasons, plan notes and events. They stay English
for now and live here together, so that moving all user text into one catalogue per
language later touches one module.
"""

from __future__ import annotations

from typing import Final

from ..core.models import StepId, Wait, WaitKind

INTERRUPTED_BY_RESTART: Final = "Interrupted by a restart"
WINDOW_PASSED: Final = "Its time window passed while Home Assistant was not running"
APPROVAL_TIMED_OUT: Final = "Approval timed out"
STARTED: Final = "Started"
ALL_STEPS_DONE: Final = "All steps done"
STOPPED: Final = "Stopped"
CONSENT_REVOKED: Final = "Consent revoked"
REJECTED_FROM_NOTIFICATION: Final = "Rejected from a notification"
REJECTED_THROUGH_ASSIST: Final = "Rejected through Assist"
STEP_FAILED: Final = "The step did not succeed"
CUT_OFF: Final = (
    "Cut off by a restart while running; not repeated, since its devices cannot "
    "show whether it took effect"
)

_WAITED_FOR: Final[dict[WaitKind, str]] = {
    WaitKind.TIME: "its start time",
    WaitKind.SUN: "the sun event",
    WaitKind.ARRIVAL: "someone to arrive",
    WaitKind.DEPARTURE: "someone to leave",
    WaitKind.SOMEONE_HOME: "someone to be home",
    WaitKind.NOBODY_HOME: "nobody to be home",
    WaitKind.STATE: "a device to change",
}


def _waited_for(wait: Wait) -> str:
    if wait.kind is WaitKind.STATE and wait.entity_id:
        return f"{wait.entity_id} to become {wait.to}"
    return _WAITED_FOR[wait.kind]


def wait_expired(wait: Wait) -> str:
    """A plan (or step) waited in vain until its wait expired."""
    return f"The wait for {_waited_for(wait)} expired"


def missed_while_down(wait: Wait) -> str:
    """A wait ran out while Home Assistant was not running."""
    if wait.kind is WaitKind.TIME:
        return WINDOW_PASSED
    return (
        f"The wait for {_waited_for(wait)} expired while Home Assistant was not running"
    )


def blocked(step_id: StepId) -> str:
    """A step that does not run because one it depends on did not succeed."""
    return f"Not run: {step_id} did not succeed"


def left_to_others(entity_ids: list[str], yielded: dict[str, str]) -> str:
    """A step that leaves devices to others.

    To a person who changed them after the plan acted, or to the plan that came
    first and took them over.
    """
    given = [entity_id for entity_id in entity_ids if entity_id in yielded]
    if given == entity_ids:
        plans = ", ".join(dict.fromkeys(yielded[entity_id] for entity_id in given))
        return f"Left to plan {plans}, which comes first: {', '.join(given)}"
    return f"Left as someone else set it: {', '.join(entity_ids)}"


def not_reached(step_id: StepId, names: list[str], state: str) -> str:
    """A step whose devices did not take effect (only those are named)."""
    return f"{step_id}: {', '.join(names)} did not become {state}"


def finished_with_failures(errors: list[str], left: list[StepId]) -> str:
    """Why a plan failed: every failed step, and what it left undone."""
    reason = "; ".join(errors)
    if left:
        reason += f". Not done: {', '.join(left)}"
    return reason


def approved_by(user_id: str | None) -> str:
    """A plan approved by a user."""
    return f"Approved by {user_id}"


def rejected_by(user_id: str | None) -> str:
    """A plan rejected without a reason given."""
    return f"Rejected by {user_id}"


def cancelled_by(user_id: str | None) -> str:
    """A plan cancelled by a user."""
    return f"Cancelled by {user_id}"


def replanned_as(plan_id: str) -> str:
    """A plan superseded by a replan without a reason given."""
    return f"Replanned as {plan_id}"


def approval_covers(plan_id: str) -> str:
    """A replan that needs no permission its approved predecessor did not have."""
    return f"Approval of plan {plan_id} covers these permissions"


def lighter_alternative(strategy: str, summary: str) -> str:
    """An alternative plan that needs fewer permissions."""
    return f"The {strategy} alternative needs fewer permissions: {summary}"


def overridden(entity_id: str) -> str:
    """Someone else changed a device of a running plan: the plan leaves it be."""
    return f"{entity_id} was changed by someone else; the plan leaves it as it is"


def became_unavailable(entity_id: str) -> str:
    """A device of a running plan became unavailable."""
    return f"{entity_id} became unavailable"


def reoptimised(trigger: str, plan_id: str) -> str:
    """A waiting plan the home planned again and moved (rolling re-optimisation)."""
    why = {
        "prices": "energy prices were published or revised",
        "presence": "who is home changed",
        "power": "the power available changed",
        "conflict": "another plan took a device it uses",
    }.get(trigger, trigger)
    return f"Re-optimised by the home because {why}: replaced by {plan_id}"
