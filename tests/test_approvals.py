"""Tests of the pure approval check: one plan, one hash, once, in time, by tier."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.orchestration.core.approvals import (
    REPORT_KEY,
    SPENT_NONCE_RETENTION,
    ApprovalAttempt,
    ApprovalLedger,
    ApprovalRefusal,
    Lapse,
    action_id,
    approve,
    carry,
    covers,
    lapse,
    parse_action,
)
from custom_components.orchestration.core.models import (
    Approval,
    PlanRecord,
    PlanStatus,
    TrustTier,
)
from custom_components.orchestration.core.policy import (
    SCOPE_LOCK_UNLOCK,
    can_approve,
)

from .factories import make_plan, make_record

NOW = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)
TTL = timedelta(minutes=60)
UNLOCK_SCOPES = ("device.light.control", SCOPE_LOCK_UNLOCK)


def ledger_with(*plan_ids: str) -> ApprovalLedger:
    """A ledger with one request per plan; nonce ``n<plan>`` and hash ``h<plan>``."""
    ledger = ApprovalLedger()
    for plan_id in plan_ids:
        ledger.issue(
            plan_id=plan_id,
            policy_hash=f"h{plan_id}",
            scopes=UNLOCK_SCOPES,
            requested_by="kid",
            nonce=f"n{plan_id}",
            now=NOW,
            ttl=TTL,
        )
    return ledger


def attempt(
    plan_id: str = "p1",
    *,
    nonce: str | None = "np1",
    tier: TrustTier = TrustTier.TRUSTED,
    user_id: str | None = "mum",
    at: datetime = NOW + timedelta(minutes=5),
    policy_hash: str | None = None,
    approve: bool = True,
) -> ApprovalAttempt:
    """An attempt, by default a valid approval of p1 by a trusted user."""
    return ApprovalAttempt(
        plan_id=plan_id,
        user_id=user_id,
        tier=tier,
        at=at,
        policy_hash=f"h{plan_id}" if policy_hash is None else policy_hash,
        nonce=nonce,
        approve=approve,
    )


def test_valid_approval_is_accepted_once() -> None:
    """The right user approving the right plan in time succeeds, then never again."""
    ledger = ledger_with("p1")
    outcome = ledger.redeem(attempt())
    assert outcome.accepted
    assert outcome.reason == "Approved by mum."
    assert outcome.request is not None
    assert outcome.request.required_scopes == tuple(sorted(UNLOCK_SCOPES))
    replay = ledger.redeem(attempt())
    assert replay.refusal is ApprovalRefusal.REPLAYED
    by_service = ledger.redeem(attempt(nonce=None))
    assert by_service.refusal is ApprovalRefusal.NOT_PENDING


def test_service_call_approval_without_nonce() -> None:
    """approve_plan (no nonce) checks the pending request of the plan by id."""
    ledger = ledger_with("p1")
    assert ledger.redeem(attempt(nonce=None)).accepted
    assert not ledger.pending


def test_approval_for_another_plan_is_refused() -> None:
    """The nonce of p2's notification cannot approve p1."""
    ledger = ledger_with("p1", "p2")
    outcome = ledger.redeem(attempt("p1", nonce="np2"))
    assert outcome.refusal is ApprovalRefusal.WRONG_PLAN
    assert outcome.reason == "This approval belongs to another plan."
    assert set(ledger.pending) == {"p1", "p2"}


def test_unknown_nonce_and_unknown_plan_are_refused() -> None:
    """A guessed nonce or a plan without a request is not pending."""
    ledger = ledger_with("p1")
    assert ledger.check(attempt(nonce="guess")).refusal is ApprovalRefusal.NOT_PENDING
    assert (
        ledger.check(attempt("p9", nonce=None)).refusal is ApprovalRefusal.NOT_PENDING
    )


def test_expired_approval_is_refused() -> None:
    """At or after the deadline an approval no longer counts."""
    ledger = ledger_with("p1")
    outcome = ledger.redeem(attempt(at=NOW + TTL))
    assert outcome.refusal is ApprovalRefusal.EXPIRED
    assert [request.plan_id for request in ledger.expired(NOW + TTL)] == ["p1"]
    assert ledger.expired(NOW + TTL - timedelta(seconds=1)) == []


def test_changed_policy_hash_is_refused() -> None:
    """If consents or rules changed since the request, the approval is stale."""
    ledger = ledger_with("p1")
    outcome = ledger.redeem(attempt(policy_hash="other"))
    assert outcome.refusal is ApprovalRefusal.POLICY_CHANGED


@pytest.mark.parametrize(
    "tier", [TrustTier.UNTRUSTED, TrustTier.BASIC, TrustTier.VERIFIED]
)
def test_approval_by_too_low_a_tier_is_refused(tier: TrustTier) -> None:
    """Unlocking needs a trusted approver; lower tiers are refused, nothing spent."""
    ledger = ledger_with("p1")
    outcome = ledger.redeem(attempt(tier=tier))
    assert outcome.refusal is ApprovalRefusal.INSUFFICIENT_TIER
    assert outcome.reason == (
        f"A {tier.value} user may not approve a plan that needs to "
        "control lights, unlock a lock."
    )
    assert "p1" in ledger.pending
    assert ledger.redeem(attempt(tier=TrustTier.PRIVILEGED)).accepted


def test_requester_may_reject_own_plan_but_not_approve_it() -> None:
    """The requester can always say no to their own plan, not yes."""
    ledger = ledger_with("p1")
    own = attempt(user_id="kid", tier=TrustTier.VERIFIED)
    assert ledger.check(own).refusal is ApprovalRefusal.INSUFFICIENT_TIER
    other = attempt(user_id="guest", tier=TrustTier.VERIFIED, approve=False)
    assert ledger.check(other).refusal is ApprovalRefusal.INSUFFICIENT_TIER
    anonymous = attempt(user_id=None, tier=TrustTier.BASIC, approve=False)
    assert ledger.check(anonymous).refusal is ApprovalRefusal.INSUFFICIENT_TIER
    outcome = ledger.redeem(
        attempt(user_id="kid", tier=TrustTier.VERIFIED, approve=False)
    )
    assert outcome.accepted
    assert outcome.reason == "Rejected by kid."


def test_reissuing_spends_the_old_nonce() -> None:
    """After a replan the old notification's buttons are dead."""
    ledger = ledger_with("p1")
    ledger.issue(
        plan_id="p1",
        policy_hash="hp1",
        scopes=UNLOCK_SCOPES,
        requested_by="kid",
        nonce="fresh",
        now=NOW,
        ttl=TTL,
    )
    assert ledger.check(attempt()).refusal is ApprovalRefusal.REPLAYED
    assert ledger.check(attempt(nonce="fresh")).accepted


def test_withdraw_and_forget_spent_nonces() -> None:
    """Withdrawing spends the nonce; spent nonces are forgotten after the retention."""
    ledger = ledger_with("p1", "p2")
    assert ledger.withdraw("p1", NOW) is not None
    assert ledger.withdraw("p1", NOW) is None
    assert "np1" in ledger.spent
    ledger.withdraw("p2", NOW + TTL + SPENT_NONCE_RETENTION + timedelta(seconds=1))
    assert "np1" not in ledger.spent
    assert "np2" in ledger.spent


def test_nonce_must_not_contain_separator() -> None:
    """Nonces are embedded after the last ``_`` of an action id."""
    with pytest.raises(ValueError, match="nonce"):
        ApprovalLedger().issue(
            plan_id="p",
            policy_hash="h",
            scopes=[],
            requested_by=None,
            nonce="a_b",
            now=NOW,
            ttl=TTL,
        )


def test_ledger_round_trips() -> None:
    """The stored form gives back an equal ledger."""
    ledger = ledger_with("p1", "p2")
    ledger.withdraw("p2", NOW)
    assert ApprovalLedger.from_dict(ledger.as_dict()) == ledger
    assert ApprovalLedger.from_dict({}) == ApprovalLedger()


def test_action_ids_round_trip() -> None:
    """Action ids carry verb, plan id (underscores allowed) and nonce."""
    assert (
        action_id("plan_1", "abc", approve=True) == "ORCHESTRATION_APPROVE_plan_1_abc"
    )
    assert parse_action(action_id("plan_1", "abc", approve=True)) == (
        True,
        "plan_1",
        "abc",
    )
    assert parse_action(action_id("p", "abc", approve=False)) == (False, "p", "abc")
    assert parse_action("ORCHESTRATION_APPROVE_") is None
    assert parse_action("ORCHESTRATION_APPROVE_nonceonly") is None
    assert parse_action("OTHER_ACTION") is None
    assert parse_action(None) is None


# --- Property: only valid approvals ever pass, each at most once --------------------

_PLANS = ["p1", "p2", "p3"]


@settings(max_examples=300, deadline=None)
@given(
    issued=st.lists(st.sampled_from(_PLANS), min_size=1, max_size=5),
    attempts=st.lists(
        st.builds(
            attempt,
            st.sampled_from(_PLANS),
            nonce=st.sampled_from([None, "np1", "np2", "np3", "np1x", "guess"]),
            tier=st.sampled_from(list(TrustTier)),
            user_id=st.sampled_from([None, "kid", "mum"]),
            at=st.sampled_from([NOW, NOW + TTL - timedelta(seconds=1), NOW + TTL]),
            policy_hash=st.sampled_from([None, "hp1", "stale"]),
            approve=st.booleans(),
        ),
        max_size=8,
    ),
)
def test_property_only_valid_approvals_pass(
    issued: list[str], attempts: list[ApprovalAttempt]
) -> None:
    """Over random requests and attempts.

    Every accepted attempt names its own plan's live nonce (or none), before expiry,
    with the plan's current hash, by a tier that may approve (or by the requester
    rejecting); no request is ever accepted twice.
    """
    ledger = ApprovalLedger()
    for index, plan_id in enumerate(issued):
        # Re-issuing a plan gets a new nonce; the first one is n<plan>.
        nonce = f"n{plan_id}" + ("x" * index if index else "")
        ledger.issue(
            plan_id=plan_id,
            policy_hash=f"h{plan_id}",
            scopes=UNLOCK_SCOPES,
            requested_by="kid",
            nonce=nonce,
            now=NOW,
            ttl=TTL,
        )
    accepted_nonces: list[str] = []
    for item in attempts:
        live = ledger.pending.get(item.plan_id)
        outcome = ledger.redeem(item)
        if not outcome.accepted:
            continue
        assert live is not None
        assert outcome.request == live
        assert item.nonce in (None, live.nonce)
        assert item.at < live.expires_at
        assert item.policy_hash == live.policy_hash
        own_rejection = not item.approve and item.user_id == "kid"
        assert own_rejection or can_approve(item.tier, live.required_scopes)
        assert item.tier.rank >= TrustTier.TRUSTED.rank or own_rejection
        accepted_nonces.append(live.nonce)
        assert item.plan_id not in ledger.pending
    assert len(accepted_nonces) == len(set(accepted_nonces))


# --- What an approval covers ---------------------------------------------------------


def _approved(**changes: object) -> PlanRecord:
    """The factory plan, waiting, approved by ``admin`` at NOW (start in 6 hours)."""
    record = make_record()
    record.status = PlanStatus.SCHEDULED
    record.user_id = "kid"
    record.policy.required_scopes = ["device.switch.control", "notify.send"]
    for name, value in changes.items():
        setattr(record, name, value)
    record.policy.approval = approve(
        record,
        by="admin",
        at=NOW,
        starts_at=NOW + timedelta(hours=6),
        ttl=TTL,
    )
    return record


def _lapse(record: PlanRecord, **changes: Any) -> Lapse | None:
    values: dict[str, Any] = {
        "plan": record.plan,
        "scopes": record.policy.required_scopes,
        "requester": record.user_id,
        "approver_tier": TrustTier.TRUSTED,
        "now": NOW + timedelta(hours=6),
    }
    return lapse(record.policy.approval, **(values | changes))


def test_an_approval_holds_until_the_start_plus_the_timeout() -> None:
    record = _approved()
    approval = record.policy.approval
    assert approval is not None
    assert (approval.by, approval.at, approval.plan_id) == ("admin", NOW, "01JD")
    assert approval.expires_at == NOW + timedelta(hours=6) + TTL
    assert _lapse(record) is None
    assert _lapse(record, now=approval.expires_at) is Lapse.EXPIRED
    assert (
        lapse(
            None,
            plan=record.plan,
            scopes=[],
            requester=None,
            approver_tier=TrustTier.TRUSTED,
            now=NOW,
        )
        is Lapse.NONE
    )


@pytest.mark.parametrize(
    "change",
    [
        lambda step: step.target.update({"entity_id": ["switch.kettle"]}),
        lambda step: step.data.update({"brightness": 100}),
        lambda step: setattr(step, "not_before", NOW),
        lambda step: step.fallbacks.clear(),
        lambda step: setattr(step, "action", "switch.turn_off"),
    ],
    ids=["target", "data", "time", "fallbacks", "action"],
)
def test_an_approval_covers_one_plan_version(change: Any) -> None:
    """Another target, data, time, fallback or action is another version."""
    record = _approved()
    change(record.plan.steps[0])
    assert _lapse(record) is Lapse.CHANGED


def test_what_an_approval_covers_besides_the_steps() -> None:
    """Its permissions too; what the plan read (its report) is no part of it."""
    record = _approved()
    assert _lapse(record, scopes=["device.switch.control"]) is Lapse.CHANGED
    record.plan.steps[0].data[REPORT_KEY] = {"sensor.pin": "4711"}
    assert _lapse(record) is None


def test_an_approval_binds_its_approver() -> None:
    """Not the requester's own; not once the approver may no longer approve."""
    record = _approved()
    assert _lapse(record, requester="admin") is Lapse.OWN_PLAN
    assert _lapse(record, approver_tier=TrustTier.UNTRUSTED) is Lapse.APPROVER
    assert covers(record.plan, ["a"], "admin") != covers(record.plan, ["a"], "owner")


def test_a_replan_carries_an_approval_only_while_it_covers() -> None:
    old = _approved()
    same = make_plan()
    carried = carry(
        old,
        same,
        ["device.switch.control"],
        requester="kid",
        approver_tier=TrustTier.TRUSTED,
        now=NOW,
    )
    assert isinstance(carried, Approval)
    assert carried.plan_id == "01JD"
    assert carried.covers == covers(same, ["device.switch.control"], "admin")
    assert carried.expires_at == old.policy.approval.expires_at  # type: ignore[union-attr]

    def carry_to(plan: Any = same, scopes: Any = ("notify.send",), **kw: Any) -> Any:
        values = {"requester": "kid", "approver_tier": TrustTier.TRUSTED, "now": NOW}
        return carry(old, plan, scopes, **(values | kw))

    assert carry_to(scopes=["security.lock.unlock"]) is Lapse.WIDER
    wider = make_plan()
    wider.steps[0].target["entity_id"].append("switch.kettle")
    assert carry_to(plan=wider) is Lapse.WIDER
    assert carry_to(requester="admin") is Lapse.OWN_PLAN
    assert carry_to(now=NOW + timedelta(hours=8)) is Lapse.EXPIRED
    for finished in (PlanStatus.COMPLETED, PlanStatus.CANCELLED, PlanStatus.FAILED):
        old.status = finished
        assert carry_to() is Lapse.SPENT
    old.status = PlanStatus.RUNNING
    old.policy.approval = None
    assert carry_to() is Lapse.NONE
