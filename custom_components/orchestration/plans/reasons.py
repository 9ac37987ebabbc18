"""The engine's English reasons for status changes, approvals and conflicts.

They go into plan histories, policy reasons, plan notes and events. They stay English
for now and live here together, so that moving all user text into one catalogue per
language later touches one module.
"""

from __future__ import annotations

from typing import Final

from ..core.insights.suggestion import EndCondition, EndKind
from ..core.planning.planner import PlanConflict

INTERRUPTED_BY_RESTART: Final = "Interrupted by a restart"
WINDOW_PASSED: Final = "Its time window passed while Home Assistant was not running"
APPROVAL_TIMED_OUT: Final = "Approval timed out"
STARTED: Final = "Started"
ALL_STEPS_DONE: Final = "All steps done"
STOPPED: Final = "Stopped"
CONSENT_REVOKED: Final = "Consent revoked"
REJECTED_FROM_NOTIFICATION: Final = "Rejected from a notification"
REJECTED_THROUGH_ASSIST: Final = "Rejected through Assist"
SUGGESTIONS_TURNED_OFF: Final = "Suggestions of this kind were turned off"
NO_LONGER_ON_OFFER: Final = "The suggestion is no longer on offer"
WAITS_FOR_ACCEPTANCE: Final = (
    "Suggested by Orchestration itself: nothing runs until a person accepts it"
)


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
    """Someone else changed a device of a running plan."""
    return f"{entity_id} was changed by someone else"


def became_unavailable(entity_id: str) -> str:
    """A device of a running plan became unavailable."""
    return f"{entity_id} became unavailable"


def conflict(found: PlanConflict) -> str:
    """The note on a new plan that wants devices an active plan wants too."""
    return f"Conflict with plan {found}"


def conflict_with(plan_id: str, trigger_type: str, found: PlanConflict) -> str:
    """The note on the active plan of a conflict: whether it keeps the devices."""
    outcome = "keeps" if found.winner == "active" else "yields"
    return (
        f"Conflict with plan {plan_id} ({trigger_type}): this plan {outcome} "
        f"{', '.join(found.entity_ids)}"
    )


def accepted(user_id: str | None, plan_id: str) -> str:
    """A suggestion accepted: the plan made for the accepting user replaces it."""
    return f"Accepted by {user_id} as plan {plan_id}"


def dismissed(user_id: str | None) -> str:
    """A suggestion dismissed."""
    return f"Dismissed by {user_id}"


def snoozed(user_id: str | None, minutes: int) -> str:
    """A suggestion put off; it may come back after ``minutes``."""
    return f"Snoozed by {user_id} for {minutes} min"


def replaced_by_suggestion(plan_id: str) -> str:
    """A scheduled plan superseded by an accepted suggestion that moves its load."""
    return f"Replaced by the accepted suggestion, plan {plan_id}"


_ENDINGS: Final = {
    EndKind.CLOSED: "Closed again",
    EndKind.SWITCHED_OFF: "Switched off",
    EndKind.CLIMATE_IDLE: "The heating or cooling stopped",
    EndKind.AREA_OCCUPIED: "Someone is in the room again",
    EndKind.SOMEONE_HOME: "Someone came home",
    EndKind.LOAD_CHANGED: "The appliance is no longer {status}",
    EndKind.SURPLUS_GONE: "The solar surplus is gone",
    EndKind.TIME: "Its time is over",
}


def suggestion_ended(condition: EndCondition | None) -> str:
    """Why a suggestion ended without an answer: its situation ended."""
    if condition is None:
        return SUGGESTIONS_TURNED_OFF
    text = _ENDINGS[condition.kind].format(status=condition.status)
    if condition.entity_ids and condition.kind is not EndKind.LOAD_CHANGED:
        text = f"{text}: {', '.join(condition.entity_ids)}"
    return text
