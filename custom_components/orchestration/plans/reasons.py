"""The engine's English reasons for status changes, approvals and conflicts.

They go into plan histories, policy reasons, plan notes and events. They stay English
for now and live here together, so that moving all user text into one catalogue per
language later touches one module.
"""

from __future__ import annotations

from typing import Final

INTERRUPTED_BY_RESTART: Final = "Interrupted by a restart"
WINDOW_PASSED: Final = "Its time window passed while Home Assistant was not running"
APPROVAL_TIMED_OUT: Final = "Approval timed out"
STARTED: Final = "Started"
ALL_STEPS_DONE: Final = "All steps done"
STOPPED: Final = "Stopped"
CONSENT_REVOKED: Final = "Consent revoked"
REJECTED_FROM_NOTIFICATION: Final = "Rejected from a notification"
REJECTED_THROUGH_ASSIST: Final = "Rejected through Assist"


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


def reoptimised(trigger: str, plan_id: str) -> str:
    """A waiting plan the home planned again and moved (rolling re-optimisation)."""
    why = {
        "prices": "energy prices were published or revised",
        "presence": "who is home changed",
        "power": "the power available changed",
        "conflict": "another plan took a device it uses",
    }.get(trigger, trigger)
    return f"Re-optimised by the home because {why}: replaced by {plan_id}"
