"""The engine's reasons for status changes, approvals and conflicts, as catalogue messages.

They go into plan histories, policy reasons, plan notes and events. Each is a
:class:`~..core.texts.Reason` of the text catalogue (``history.*``, ``policy.*``,
``conflicts.*``), made in English here; the engine gives it the plan's language
(``Reason.localized``) before it stores it.
"""

from __future__ import annotations

from typing import Final

from ..core.approvals import Lapse
from ..core.insights.suggestion import EndCondition, EndKind
from ..core.planning.planner import TRIGGER_PRIORITY, PlanConflict
from ..core.texts import Duration, Listing, Reason, Term

INTERRUPTED_BY_RESTART: Final = Reason("history.interrupted_by_restart")
WINDOW_PASSED: Final = Reason("history.window_passed")
APPROVAL_TIMED_OUT: Final = Reason("history.approval_timed_out")
STARTED: Final = Reason("history.started")
ALL_STEPS_DONE: Final = Reason("history.all_steps_done")
STOPPED: Final = Reason("history.stopped")
CONSENT_REVOKED: Final = Reason("history.consent_revoked")
REJECTED_FROM_NOTIFICATION: Final = Reason("history.rejected_from_notification")
REJECTED_THROUGH_ASSIST: Final = Reason("history.rejected_through_assist")
REPLANNED: Final = Reason("history.replanned")
APPROVAL_COVERS: Final = Reason("policy.approval_covers")
SUGGESTIONS_TURNED_OFF: Final = Reason("history.suggestions_turned_off")
NO_LONGER_ON_OFFER: Final = Reason("history.no_longer_on_offer")
WAITS_FOR_ACCEPTANCE: Final = Reason("policy.waits_for_acceptance")

#: Who did something when no user did: an automation or a script.
AUTOMATION: Final = Term("words.automation")


def approved_by(name: str | Term) -> Reason:
    """A plan approved by the user called ``name``."""
    return Reason("history.approved_by", name=name)


def rejected_by(name: str | Term) -> Reason:
    """A plan rejected without a reason given."""
    return Reason("history.rejected_by", name=name)


def cancelled_by(name: str | Term) -> Reason:
    """A plan cancelled by a user (or an automation)."""
    return Reason("history.cancelled_by", name=name)


def lighter_alternative(summary: str) -> Reason:
    """An alternative plan that needs fewer permissions, by its summary."""
    return Reason("policy.lighter_alternative", summary=summary)


def approval_lapsed(lapse: Lapse) -> Reason:
    """A plan due to start asks for approval again, and why."""
    return Reason("history.approval_lapsed", why=Term(f"lapses.{lapse.value}"))


def denied_at_start(why: list[str]) -> Reason:
    """A plan due to start that the gate no longer allows."""
    return Reason("history.denied_at_start", why=" ".join(why))


def overridden(name: str) -> Reason:
    """Someone else changed a device of a running plan."""
    return Reason("history.overridden", entity=name)


def became_unavailable(name: str) -> Reason:
    """A device of a running plan became unavailable."""
    return Reason("history.became_unavailable", entity=name)


def _devices(found: PlanConflict) -> Listing:
    return Listing(tuple(found.names or found.entity_ids))


def conflict(found: PlanConflict) -> Reason:
    """The note on a new plan that wants devices an active plan wants too."""
    ours = Term(f"triggers.{found.ours.value}")
    theirs = Term(f"triggers.{found.theirs.value}")
    if found.winner == "active":
        return Reason(
            "conflicts.yields", devices=_devices(found), ours=ours, theirs=theirs
        )
    if TRIGGER_PRIORITY[found.ours] == TRIGGER_PRIORITY[found.theirs]:
        return Reason("conflicts.newer_goes_first", devices=_devices(found))
    return Reason(
        "conflicts.goes_first", devices=_devices(found), ours=ours, theirs=theirs
    )


def conflict_with(found: PlanConflict) -> Reason:
    """The note on the active plan of a conflict: whether it keeps the devices."""
    key = "conflicts.kept" if found.winner == "active" else "conflicts.lost"
    return Reason(
        key, devices=_devices(found), theirs=Term(f"triggers.{found.ours.value}")
    )


def accepted(name: str | Term) -> Reason:
    """A suggestion accepted: the plan made for the accepting user replaces it."""
    return Reason("history.accepted", name=name)


def dismissed(name: str | Term) -> Reason:
    """A suggestion dismissed."""
    return Reason("history.dismissed", name=name)


def snoozed(name: str | Term, minutes: int) -> Reason:
    """A suggestion put off; it may come back after ``minutes``."""
    return Reason("history.snoozed", name=name, duration=Duration(minutes * 60.0))


#: A scheduled plan superseded by an accepted suggestion that moves its load.
REPLACED_BY_SUGGESTION: Final = Reason("history.replaced_by_suggestion")


def suggestion_ended(condition: EndCondition | None) -> Reason:
    """Why a suggestion ended without an answer: its situation ended."""
    if condition is None:
        return SUGGESTIONS_TURNED_OFF
    ending = Term(f"endings.{condition.kind.value}")
    if condition.kind is EndKind.LOAD_CHANGED:
        return Reason(
            "history.suggestion_load_changed",
            status=Term(f"load_states.{condition.status}"),
        )
    if condition.entity_ids:
        return Reason(
            "history.suggestion_ended_for",
            ending=ending,
            devices=Listing(tuple(condition.entity_ids)),
        )
    return Reason("history.suggestion_ended", ending=ending)
