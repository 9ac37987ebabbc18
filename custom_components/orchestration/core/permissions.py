"""Who may do what on a plan: one table, per caller tier, requester versus others.

Pure Python: nothing here imports Home Assistant. The engine asks ``may`` before it
lets any caller, through any entry point, read, approve, reject, cancel or replan a
plan; the README's table "Who may do what on a plan" is ``markdown_table()``.

The requester is whoever asked for the plan: the same Home Assistant user, or —
for plans asked for without a user (automations, scripts, routines, satellites) —
every caller without a user. "Could approve" means the caller's tier may approve
every permission the plan needs (``policy.can_approve``: ``verified`` at least).

What a plan may *do* (run alone, or wait for approval) is the policy gate's
business (``policy.evaluate``), not this table's: anyone may ask, the gate decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from .models import TrustTier
from .policy import can_approve


class PlanAction(StrEnum):
    """What a caller does to a plan (or asks for one)."""

    CREATE = "create"
    PREVIEW = "preview"
    READ = "read"
    READ_THROUGH_LLM = "read through an LLM tool"
    APPROVE = "approve"
    REJECT = "reject"
    CANCEL = "cancel"
    REPLAN_ACTIVE = "replan an active plan"
    REPLAN_FINISHED = "replan a finished plan"


class Others(StrEnum):
    """Which callers other than the requester may do it."""

    ANYONE = "anyone"
    HOUSEHOLD = "basic and up"
    APPROVERS = "a user whose tier could approve it"
    NOBODY = "nobody"


@dataclass(frozen=True, slots=True)
class Right:
    """Who may do one thing to a plan.

    ``requester``: whether the plan's own requester may (None: there is no plan
    yet, the rule for others holds for everyone); ``needs_user``: only a Home
    Assistant user may, never a caller without one; ``why`` is the README's note.
    """

    requester: bool | None
    others: Others
    why: str
    needs_user: bool = False


RIGHTS: Mapping[PlanAction, Right] = {
    PlanAction.CREATE: Right(
        None, Others.ANYONE, "the policy gate decides what runs and what waits"
    ),
    PlanAction.PREVIEW: Right(None, Others.ANYONE, "never runs, never notifies"),
    PlanAction.READ: Right(
        True,
        Others.HOUSEHOLD,
        "services and the card; an untrusted caller reads only its own plans",
    ),
    PlanAction.READ_THROUGH_LLM: Right(
        True,
        Others.NOBODY,
        "an LLM sees the conversation user's plans only, none without a user",
        needs_user=True,
    ),
    PlanAction.APPROVE: Right(
        False,
        Others.APPROVERS,
        "never one's own plan: that is what the approval is for",
        needs_user=True,
    ),
    PlanAction.REJECT: Right(
        True, Others.APPROVERS, "a requester may always withdraw their request"
    ),
    PlanAction.CANCEL: Right(
        True, Others.APPROVERS, "who asked, or who could have allowed it"
    ),
    PlanAction.REPLAN_ACTIVE: Right(
        True,
        Others.APPROVERS,
        "it supersedes the plan: the right to cancel it",
    ),
    PlanAction.REPLAN_FINISHED: Right(
        True,
        Others.HOUSEHOLD,
        "a new request by the caller, with the caller's own rights",
    ),
}


def is_requester(caller_id: str | None, requester_id: str | None) -> bool:
    """Whether the caller asked for the plan (no user stands for every automation)."""
    return caller_id == requester_id


def may(
    action: PlanAction,
    *,
    tier: TrustTier,
    caller_id: str | None,
    requester_id: str | None,
    scopes: Iterable[str] = (),
) -> bool:
    """Whether a caller of ``tier`` may do ``action`` to a plan.

    ``requester_id`` is the user who asked for the plan (None: no user); ``scopes``
    the permissions the plan needs (for "could approve").
    """
    right = RIGHTS[action]
    if right.needs_user and caller_id is None:
        return False
    if right.requester is not None and is_requester(caller_id, requester_id):
        return right.requester
    if right.others is Others.ANYONE:
        return True
    if right.others is Others.HOUSEHOLD:
        return tier.rank >= TrustTier.BASIC.rank
    if right.others is Others.APPROVERS:
        return can_approve(tier, scopes)
    return False


def markdown_table() -> str:
    """The table of ``RIGHTS`` as the README shows it."""
    lines = [
        "| on a plan | whoever asked for it | other callers | why |",
        "|---|---|---|---|",
    ]
    for action, right in RIGHTS.items():
        requester = {None: "n/a", True: "yes", False: "no"}[right.requester]
        if right.needs_user and right.requester:
            requester += " (a user)"
        lines.append(
            f"| {action.value} | {requester} | {right.others.value} | {right.why} |"
        )
    return "\n".join(lines)
