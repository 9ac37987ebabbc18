"""What an approval covers, and approval requests with the check of each answer.

Pure Python: nothing here imports Home Assistant.

**What an approval covers** (DESIGN §8, README "What an approval covers"): one plan
version — the digest ``covers`` of its steps, targets, data, permissions and the
approver — until ``expires_at`` (the plan's start plus the approval timeout), by a
user who is not the plan's requester and whose tier may still approve it. It is spent
when the plan ends: only a plan that is still active passes it on, to a replan that
needs no new permission and no new target. ``lapse`` is the one check of all that; the
engine asks it when a plan is approved, when it starts and when it is replanned.

**Approval requests**: a request is valid only for the plan it was requested for,
only while that plan's policy hash is unchanged, only once, only before the request
expires, and only from a user whose trust tier may approve every scope the plan
needs. A rejection follows the same rules, except that whoever asked for the plan
may always reject it. Each request carries a random nonce that the notification's
action ids embed (``ORCHESTRATION_APPROVE_<plan_id>_<nonce>``), so a tap on an old
notification, or on the notification of another plan, is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
import hashlib
import json
from typing import TYPE_CHECKING, Any

from .lifecycle import ACTIVE
from .models import Approval
from .policy import can_approve, describe_scope, target_selectors
from .serialisation import JsonModel, json_hooks

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .models import ExecutionPlan, ExecutionStep, PlanRecord, TrustTier

# --- What an approval covers ---------------------------------------------------------

# Step data that is what the plan read, not what it does: filled when the plan runs.
REPORT_KEY = "report"


class Lapse(StrEnum):
    """Why an approval does not (or no longer) cover a plan."""

    NONE = "no_approval"
    EXPIRED = "expired"
    CHANGED = "plan_changed"
    OWN_PLAN = "own_plan"
    APPROVER = "approver_may_not"
    SPENT = "spent"
    WIDER = "new_scope_or_target"


def _step_form(step: ExecutionStep) -> dict[str, Any]:
    """What a step does, as an approval covers it (not its cost or wording)."""
    return {
        "step_id": str(step.step_id),
        "kind": str(step.kind),
        "action": step.action,
        "target": {key: sorted(values) for key, values in step.target.items()},
        "data": {key: value for key, value in step.data.items() if key != REPORT_KEY},
        "depends_on": [str(item) for item in step.depends_on],
        "not_before": None if step.not_before is None else step.not_before.isoformat(),
        "guardrails": [str(item) for item in step.guardrails],
        "fallbacks": [_step_form(item) for item in step.fallbacks],
    }


def covers(plan: ExecutionPlan, scopes: Iterable[str], approver: str) -> str:
    """Digest of one plan version and its approver: what an approval is bound to.

    Equal for the same steps (actions, targets, data, timing, order, guardrails,
    fallbacks), permissions and approver; any change to one of them changes it.
    """
    payload = json.dumps(
        {
            "steps": [_step_form(step) for step in plan.steps],
            "scopes": sorted(set(scopes)),
            "approver": approver,
        },
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def plan_targets(plan: ExecutionPlan) -> frozenset[str]:
    """Every target of a plan's steps and fallbacks, as ``<selector>:<id>``."""
    found: set[str] = set()
    pending = list(plan.steps)
    while pending:
        step = pending.pop()
        pending.extend(step.fallbacks)
        for key, values in target_selectors(step).items():
            found.update(f"{key}:{value}" for value in values)
    return frozenset(found)


def approve(
    record: PlanRecord, *, by: str, at: datetime, starts_at: datetime, ttl: timedelta
) -> Approval:
    """The approval of ``record`` as it is now by ``by``, valid ``ttl`` past its start."""
    return Approval(
        by=by,
        at=at,
        expires_at=max(at, starts_at) + ttl,
        covers=covers(record.plan, record.policy.required_scopes, by),
        plan_id=record.plan_id,
    )


def lapse(
    approval: Approval | None,
    *,
    plan: ExecutionPlan,
    scopes: Iterable[str],
    requester: str | None,
    approver_tier: TrustTier,
    now: datetime,
) -> Lapse | None:
    """Why ``approval`` does not cover ``plan`` needing ``scopes`` now; None if it does.

    ``requester`` asked for the plan; ``approver_tier`` is the approver's tier now (a
    deactivated approver is untrusted, and approves nothing).
    """
    if approval is None:
        return Lapse.NONE
    if now >= approval.expires_at:
        return Lapse.EXPIRED
    if approval.by == requester:
        return Lapse.OWN_PLAN
    needed = list(scopes)
    if approval.covers != covers(plan, needed, approval.by):
        return Lapse.CHANGED
    if not can_approve(approver_tier, needed):
        return Lapse.APPROVER
    return None


def carry(
    old: PlanRecord,
    plan: ExecutionPlan,
    scopes: Iterable[str],
    *,
    requester: str | None,
    approver_tier: TrustTier,
    now: datetime,
) -> Approval | Lapse:
    """The approval of ``old`` bound to its replan ``plan``, or why it does not carry.

    Only an active plan passes its approval on (a finished one has spent it), only
    while the approval still covers ``old``, and only to a replan that needs no new
    permission and no new target; ``requester`` asks for the replan.
    """
    if old.status not in ACTIVE:
        return Lapse.SPENT
    approval = old.policy.approval
    if approval is None:
        return Lapse.NONE
    found = lapse(
        approval,
        plan=old.plan,
        scopes=old.policy.required_scopes,
        requester=requester,
        approver_tier=approver_tier,
        now=now,
    )
    if found is not None:
        return found
    needed = set(scopes)
    if not needed <= set(old.policy.required_scopes) or not plan_targets(
        plan
    ) <= plan_targets(old.plan):
        return Lapse.WIDER
    return Approval(
        by=approval.by,
        at=approval.at,
        expires_at=approval.expires_at,
        covers=covers(plan, needed, approval.by),
        plan_id=approval.plan_id,
    )


# --- Approval requests ---------------------------------------------------------------

ACTION_APPROVE_PREFIX = "ORCHESTRATION_APPROVE_"
ACTION_REJECT_PREFIX = "ORCHESTRATION_REJECT_"
# Spent nonces are remembered this long after their request would have expired, so a
# replay is refused as such rather than as unknown; older ones are forgotten.
SPENT_NONCE_RETENTION = timedelta(days=7)


class ApprovalRefusal(StrEnum):
    """Why an approval or rejection was refused."""

    NOT_PENDING = "not_pending"
    WRONG_PLAN = "wrong_plan"
    REPLAYED = "replayed"
    POLICY_CHANGED = "policy_changed"
    EXPIRED = "expired"
    INSUFFICIENT_TIER = "insufficient_tier"


@dataclass(slots=True, frozen=True)
class ApprovalRequest(JsonModel):
    """A pending request for someone to approve one plan."""

    plan_id: str
    policy_hash: str
    nonce: str
    required_scopes: tuple[str, ...]
    requested_by: str | None
    issued_at: datetime
    expires_at: datetime


@dataclass(slots=True, frozen=True)
class ApprovalAttempt:
    """Someone approving (or rejecting) a plan.

    ``nonce`` comes from a notification action; a service call, which Home Assistant
    authenticates itself, has none. ``policy_hash`` is the plan's hash as the engine
    holds it now.
    """

    plan_id: str
    user_id: str | None
    tier: TrustTier
    at: datetime
    policy_hash: str
    nonce: str | None = None
    approve: bool = True


@dataclass(slots=True, frozen=True)
class ApprovalOutcome:
    """Result of checking an attempt: accepted, or refused with a reason."""

    refusal: ApprovalRefusal | None
    reason: str
    request: ApprovalRequest | None = None

    @property
    def accepted(self) -> bool:
        """Whether the attempt was accepted."""
        return self.refusal is None


def action_id(plan_id: str, nonce: str, *, approve: bool) -> str:
    """Return the action id of a notification button for one request."""
    prefix = ACTION_APPROVE_PREFIX if approve else ACTION_REJECT_PREFIX
    return f"{prefix}{plan_id}_{nonce}"


def parse_action(action: object) -> tuple[bool, str, str] | None:
    """Split a notification action id into (approve, plan_id, nonce); None if foreign.

    Nonces never contain ``_``, plan ids may.
    """
    if not isinstance(action, str):
        return None
    for prefix, approve in (
        (ACTION_APPROVE_PREFIX, True),
        (ACTION_REJECT_PREFIX, False),
    ):
        if action.startswith(prefix):
            plan_id, _, nonce = action.removeprefix(prefix).rpartition("_")
            if plan_id and nonce:
                return approve, plan_id, nonce
    return None


def _requests_as_list(pending: dict[str, ApprovalRequest]) -> list[dict[str, Any]]:
    return [request.as_dict() for request in pending.values()]


def _requests_by_plan(
    stored: list[dict[str, Any]] | None,
) -> dict[str, ApprovalRequest]:
    requests = [ApprovalRequest.from_dict(item) for item in stored or []]
    return {request.plan_id: request for request in requests}


@dataclass(slots=True)
class ApprovalLedger(JsonModel):
    """Pending approval requests, one per plan, and the nonces already spent.

    The stored form lists the pending requests (each names its plan).
    """

    pending: dict[str, ApprovalRequest] = field(
        default_factory=dict,
        metadata=json_hooks(encode=_requests_as_list, decode=_requests_by_plan),
    )
    spent: dict[str, tuple[str, datetime]] = field(default_factory=dict)

    def issue(
        self,
        *,
        plan_id: str,
        policy_hash: str,
        scopes: Iterable[str],
        requested_by: str | None,
        nonce: str,
        now: datetime,
        ttl: timedelta,
    ) -> ApprovalRequest:
        """Record a new request for a plan; an earlier one for that plan is spent."""
        if "_" in nonce or not nonce:
            raise ValueError("nonce must be non-empty and free of '_'")
        self.withdraw(plan_id, now)
        request = ApprovalRequest(
            plan_id=plan_id,
            policy_hash=policy_hash,
            nonce=nonce,
            required_scopes=tuple(sorted(set(scopes))),
            requested_by=requested_by,
            issued_at=now,
            expires_at=now + ttl,
        )
        self.pending[plan_id] = request
        return request

    def withdraw(self, plan_id: str, now: datetime) -> ApprovalRequest | None:
        """Drop a plan's pending request (decided, cancelled or replanned elsewhere)."""
        request = self.pending.pop(plan_id, None)
        if request is not None:
            self.spent[request.nonce] = (plan_id, max(now, request.expires_at))
        self._forget_old(now)
        return request

    def expired(self, now: datetime) -> list[ApprovalRequest]:
        """Pending requests whose time is up, oldest first."""
        return sorted(
            (request for request in self.pending.values() if request.expires_at <= now),
            key=lambda request: request.expires_at,
        )

    def check(self, attempt: ApprovalAttempt) -> ApprovalOutcome:
        """Check an attempt without changing anything."""
        if attempt.nonce is None:
            request = self.pending.get(attempt.plan_id)
        elif attempt.nonce in self.spent:
            return _refuse(ApprovalRefusal.REPLAYED, "This approval was already used.")
        else:
            request = next(
                (item for item in self.pending.values() if item.nonce == attempt.nonce),
                None,
            )
            if request is not None and request.plan_id != attempt.plan_id:
                return _refuse(
                    ApprovalRefusal.WRONG_PLAN, "This approval belongs to another plan."
                )
        if request is None:
            return _refuse(
                ApprovalRefusal.NOT_PENDING, "No approval is pending for this plan."
            )
        if attempt.at >= request.expires_at:
            return _refuse(ApprovalRefusal.EXPIRED, "The approval request has expired.")
        if attempt.policy_hash != request.policy_hash:
            return _refuse(
                ApprovalRefusal.POLICY_CHANGED,
                "The plan's permissions changed since approval was requested.",
            )
        own_rejection = (
            not attempt.approve
            and attempt.user_id is not None
            and (attempt.user_id == request.requested_by)
        )
        if not own_rejection and not can_approve(attempt.tier, request.required_scopes):
            wanted = ", ".join(
                describe_scope(scope) for scope in request.required_scopes
            )
            return _refuse(
                ApprovalRefusal.INSUFFICIENT_TIER,
                f"A {attempt.tier.value} user may not approve a plan that needs to "
                f"{wanted or 'act'}.",
            )
        verb = "Approved" if attempt.approve else "Rejected"
        return ApprovalOutcome(None, f"{verb} by {attempt.user_id}.", request)

    def redeem(self, attempt: ApprovalAttempt) -> ApprovalOutcome:
        """Check an attempt and, when accepted, spend its request so it works once."""
        outcome = self.check(attempt)
        if outcome.accepted:
            self.withdraw(attempt.plan_id, attempt.at)
        return outcome

    def _forget_old(self, now: datetime) -> None:
        cutoff = now - SPENT_NONCE_RETENTION
        for nonce in [key for key, (_, until) in self.spent.items() if until < cutoff]:
            del self.spent[nonce]


def _refuse(refusal: ApprovalRefusal, reason: str) -> ApprovalOutcome:
    return ApprovalOutcome(refusal, reason)
