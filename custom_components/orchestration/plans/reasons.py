"""The engine's reasons for status changes, approvals and conflicts, as catalogue messages.

They go into plan histories, policy reasons, plan notes and events. Each is a
:class:`~..core.texts.Reason` of the text catalogue (``history.*``, ``policy.*``,
``progress.*``), made in English here; the engine gives it the plan's language
(``Reason.localized``) before it stores it.
"""

from __future__ import annotations

from typing import Final

from ..core.approvals import Lapse
from ..core.insights.suggestion import EndCondition, EndKind
from ..core.models import Wait, WaitKind
from ..core.texts import Duration, Listing, Reason, Term, state_term

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
STEP_FAILED: Final = Reason("progress.step_failed")
CUT_OFF: Final = Reason("progress.cut_off")
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


def reoptimised(trigger: str) -> Reason:
    """A waiting plan the home planned again and moved (rolling re-optimisation)."""
    return Reason("history.reoptimised", why=Term(f"replan_triggers.{trigger}"))


def _waited_for(wait: Wait, name: str | None) -> Term | Reason:
    if wait.kind is WaitKind.STATE:
        if name:
            return Reason("waits.for_state", name=name, state=state_term(wait.to or ""))
        return Term("waits.for_device")
    return Term(f"waits.for_{wait.kind.value}")


def wait_expired(wait: Wait, name: str | None = None) -> Reason:
    """A plan (or step) waited in vain until its wait expired.

    ``name``: the name of the device a wait for a state waits for.
    """
    return Reason("history.wait_expired", what=_waited_for(wait, name))


def missed_while_down(wait: Wait, name: str | None = None) -> Reason:
    """A wait ran out while Home Assistant was not running."""
    if wait.kind is WaitKind.TIME:
        return WINDOW_PASSED
    return Reason("history.wait_missed", what=_waited_for(wait, name))


def blocked(number: int) -> Reason:
    """A step that does not run because the one numbered ``number`` did not succeed."""
    return Reason("progress.blocked", step=number)


def left_to_others(names: list[str], plans: list[str]) -> Reason:
    """A step that leaves devices to others.

    ``plans``: the plans that came first and took them over (by id), when it was
    those; else a person changed them after the plan acted.
    """
    if plans:
        return Reason(
            "progress.left_to_plan",
            plans=Listing(tuple(plans)),
            names=Listing(tuple(names)),
        )
    return Reason("progress.left_to_person", names=Listing(tuple(names)))


def not_reached(number: int, names: list[str], state: str) -> Reason:
    """A step whose devices did not take effect (only those are named)."""
    return Reason(
        "progress.not_reached",
        step=number,
        names=Listing(tuple(names)),
        state=state_term(state),
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


def finished_with_failures(errors: list[str], left: list[int]) -> Reason:
    """Why a plan failed: every failed step, and what it left undone."""
    said = "; ".join(error.rstrip(".") for error in errors)
    if left:
        return Reason(
            "progress.failed_leaving",
            errors=said,
            count=len(left),
            steps=Listing(tuple(str(number) for number in left)),
        )
    return Reason("progress.failed", errors=said)
