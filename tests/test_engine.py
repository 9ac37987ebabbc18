"""Plan lifecycle through the engine: approval, cancel, replan, consent, restart."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from homeassistant.auth.models import User
from homeassistant.components.homeassistant.exposed_entities import (
    async_expose_entity,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er, label_registry as lr
from homeassistant.loader import async_get_integration
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)

from custom_components.orchestration.core.events import (
    EVENT_APPROVAL_REQUESTED,
    EVENT_PLAN_STATUS_CHANGED,
    EVENT_REPLANNED,
)
from custom_components.orchestration.core.models import (
    Alternative,
    PlanScores,
    PlanStatus,
    Strategy,
)
from custom_components.orchestration.engine import async_get_engine
from custom_components.orchestration.plans.pipeline import offer_lighter_alternative
from custom_components.orchestration.request import PlanRequest

from .helpers import call

pytestmark = pytest.mark.usefixtures("orchestration_entry")

UNLOCK = "unlock the front door"


async def pending_unlock(hass: HomeAssistant) -> dict[str, Any]:
    response = await call(hass, "create_plan", {"intent": UNLOCK})
    await hass.async_block_till_done(wait_background_tasks=True)
    assert response["status"] == "pending_approval", response["policy"]
    assert hass.states.get("lock.front_door").state == "locked"
    return response


async def test_security_step_waits_for_approval_then_runs(
    hass: HomeAssistant, hass_admin_user: User
) -> None:
    requested = async_capture_events(hass, EVENT_APPROVAL_REQUESTED)
    pending = await pending_unlock(hass)
    assert pending["policy"]["approval_required"] is True
    assert "security.lock.unlock" in pending["policy"]["required_scopes"]
    assert requested[0].data["plan_id"] == pending["plan_id"]
    approved = await call(
        hass,
        "approve_plan",
        {"plan_id": pending["plan_id"]},
        user_id=hass_admin_user.id,
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    assert approved["status"] in ("running", "completed")
    assert hass.states.get("lock.front_door").state == "unlocked"
    final = await call(hass, "get_plan", {"plan_id": pending["plan_id"]})
    assert final["status"] == "completed"
    assert final["metrics"]["approval_rate"] == 100.0


async def test_low_tier_cannot_approve_and_replay_is_refused(
    hass: HomeAssistant, hass_read_only_user: User, hass_admin_user: User
) -> None:
    pending = await pending_unlock(hass)
    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass,
            "approve_plan",
            {"plan_id": pending["plan_id"]},
            user_id=hass_read_only_user.id,
        )
    assert err.value.translation_key == "approval_not_allowed"
    with pytest.raises(ServiceValidationError):
        await call(hass, "approve_plan", {"plan_id": pending["plan_id"]})
    assert hass.states.get("lock.front_door").state == "locked"
    await call(
        hass,
        "approve_plan",
        {"plan_id": pending["plan_id"]},
        user_id=hass_admin_user.id,
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass,
            "approve_plan",
            {"plan_id": pending["plan_id"]},
            user_id=hass_admin_user.id,
        )
    assert err.value.translation_key == "plan_not_pending"


async def test_reject_and_cancel(hass: HomeAssistant, hass_admin_user: User) -> None:
    first = await pending_unlock(hass)
    rejected = await call(
        hass,
        "reject_plan",
        {"plan_id": first["plan_id"], "reason": "not now"},
        user_id=hass_admin_user.id,
    )
    assert rejected["status"] == "rejected"
    assert rejected["history"][-1]["reason"] == "not now"
    second = await pending_unlock(hass)
    cancelled = await call(hass, "cancel_plan", {"plan_id": second["plan_id"]})
    assert cancelled["status"] == "cancelled"
    await hass.async_block_till_done(wait_background_tasks=True)
    assert hass.states.get("lock.front_door").state == "locked"


async def test_approval_expires(hass: HomeAssistant, hass_admin_user: User) -> None:
    changes = async_capture_events(hass, EVENT_PLAN_STATUS_CHANGED)
    pending = await pending_unlock(hass)
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=61))
    await hass.async_block_till_done(wait_background_tasks=True)
    final = await call(hass, "get_plan", {"plan_id": pending["plan_id"]})
    assert final["status"] == "expired"
    assert changes[-1].data == {
        "plan_id": pending["plan_id"],
        "old": "pending_approval",
        "new": "expired",
        "reason": "Nobody approved it in time",
    }
    with pytest.raises(ServiceValidationError):
        await call(
            hass,
            "approve_plan",
            {"plan_id": pending["plan_id"]},
            user_id=hass_admin_user.id,
        )
    assert hass.states.get("lock.front_door").state == "locked"


async def test_replan_supersedes_active_plan(hass: HomeAssistant) -> None:
    replanned = async_capture_events(hass, EVENT_REPLANNED)
    pending = await pending_unlock(hass)
    new = await call(hass, "replan", {"plan_id": pending["plan_id"], "reason": "drift"})
    old = await call(hass, "get_plan", {"plan_id": pending["plan_id"]})
    assert old["status"] == "superseded"
    assert old["superseded_by"] == new["plan_id"]
    assert new["replaces"] == pending["plan_id"]
    assert new["task_spec"]["trigger_type"] == "replan"
    assert replanned[0].data == {
        "old_plan_id": pending["plan_id"],
        "new_plan_id": new["plan_id"],
        "reason": "drift",
    }
    assert new["metrics"]["replans"] == 1


async def test_consent_grant_and_revoke(
    hass: HomeAssistant, hass_admin_user: User, hass_read_only_user: User
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "grant_consent", {"scope": "security.lock.unlock"})
    assert err.value.translation_key == "consent_not_allowed"
    with pytest.raises(ServiceValidationError):
        await call(
            hass,
            "grant_consent",
            {"scope": "security.lock.unlock"},
            user_id=hass_read_only_user.id,
        )
    consent = await call(
        hass,
        "grant_consent",
        {"scope": "security.lock.unlock", "user_id": hass_read_only_user.id},
        user_id=hass_admin_user.id,
    )
    assert consent["scope"] == "security.lock.unlock"
    assert consent["granted_by"] == hass_admin_user.id
    result = await call(
        hass,
        "revoke_consent",
        {"scope": "security.lock.unlock", "user_id": hass_read_only_user.id},
        user_id=hass_admin_user.id,
    )
    assert [item["consent_id"] for item in result["revoked"]] == [consent["consent_id"]]
    assert result["revoked"][0]["revoked_at"] is not None
    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass,
            "revoke_consent",
            {"scope": "security.lock.unlock", "user_id": hass_read_only_user.id},
            user_id=hass_admin_user.id,
        )
    assert err.value.translation_key == "consent_not_found"
    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass,
            "grant_consent",
            {"scope": "x", "expires": "2000-01-01T00:00:00+00:00"},
            user_id=hass_admin_user.id,
        )
    assert err.value.translation_key == "consent_expiry_past"


async def test_preview_can_be_disabled(
    hass: HomeAssistant, orchestration_entry: MockConfigEntry
) -> None:
    hass.config_entries.async_update_entry(
        orchestration_entry,
        options={**orchestration_entry.options, "enable_preview_mode": False},
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "preview_plan", {"intent": "turn on the bed light"})
    assert err.value.translation_key == "preview_disabled"


async def test_listener_sees_every_change(hass: HomeAssistant) -> None:
    engine = async_get_engine(hass)
    seen: list[tuple[str, PlanStatus]] = []
    remove = engine.async_add_listener(
        lambda record: seen.append((record.plan_id, record.status))
    )
    record = await engine.async_create_plan(
        PlanRequest(intent="turn off the bed light")
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    remove()
    await engine.async_preview_plan(PlanRequest(intent="turn on the bed light"))
    # Every change is seen: each status, and each step's progress in between.
    statuses = [status for plan_id, status in seen if plan_id == record.plan_id]
    assert list(dict.fromkeys(statuses)) == [
        PlanStatus.SCHEDULED,
        PlanStatus.RUNNING,
        PlanStatus.COMPLETED,
    ]
    assert statuses.count(PlanStatus.RUNNING) > 1, seen
    assert len(seen) == len(statuses)


async def test_can_approve(
    hass: HomeAssistant, hass_admin_user: User, hass_read_only_user: User
) -> None:
    pending = await pending_unlock(hass)
    engine = async_get_engine(hass)
    assert engine.can_approve(pending["plan_id"], hass_admin_user)
    assert not engine.can_approve(pending["plan_id"], hass_read_only_user)
    assert not engine.can_approve(pending["plan_id"], None)
    assert not engine.can_approve("missing", hass_admin_user)
    assert await engine.async_can_approve(pending["plan_id"], hass_admin_user.id)
    assert not await engine.async_can_approve(pending["plan_id"], "ghost")
    assert not await engine.async_can_approve(pending["plan_id"], None)


async def test_unknown_user_is_untrusted(hass: HomeAssistant) -> None:
    pending = await pending_unlock(hass)
    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass, "cancel_plan", {"plan_id": pending["plan_id"]}, user_id="ghost"
        )
    assert err.value.translation_key == "cancel_not_allowed"


async def test_entry_reload_keeps_plans(
    hass: HomeAssistant, orchestration_entry: MockConfigEntry
) -> None:
    pending = await pending_unlock(hass)
    assert await hass.config_entries.async_reload(orchestration_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    again = await call(hass, "get_plan", {"plan_id": pending["plan_id"]})
    assert again["status"] == "pending_approval"
    assert again["plan"] == pending["plan"]


async def test_approved_plan_runs_with_the_approvers_rights(
    hass: HomeAssistant, hass_read_only_user: User, hass_admin_user: User
) -> None:
    pending = await call(
        hass, "create_plan", {"intent": UNLOCK}, user_id=hass_read_only_user.id
    )
    assert pending["status"] == "pending_approval"
    await call(
        hass,
        "approve_plan",
        {"plan_id": pending["plan_id"]},
        user_id=hass_admin_user.id,
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    final = await call(hass, "get_plan", {"plan_id": pending["plan_id"]})
    assert final["status"] == "completed", final["error"]
    assert final["approved_by"] == hass_admin_user.id
    assert hass.states.get("lock.front_door").state == "unlocked"


async def test_revoking_a_consent_replans_the_plans_that_used_it(
    hass: HomeAssistant, hass_admin_user: User
) -> None:
    consent = await call(
        hass,
        "grant_consent",
        {"scope": "security.lock.unlock"},
        user_id=hass_admin_user.id,
    )
    pending = await pending_unlock(hass)
    engine = async_get_engine(hass)
    # The plan relied on the consent (as the policy records in consent_refs).
    engine.get_plan(pending["plan_id"]).policy.consent_refs.append(
        consent["consent_id"]
    )
    result = await call(
        hass,
        "revoke_consent",
        {"scope": "security.lock.unlock"},
        user_id=hass_admin_user.id,
    )
    (affected,) = result["affected_plans"]
    assert affected["plan_id"] != pending["plan_id"]
    old = await call(hass, "get_plan", {"plan_id": pending["plan_id"]})
    assert old["status"] == "superseded"
    assert old["history"][-1]["reason"] == "A consent it relied on was revoked"
    assert old["superseded_by"] == affected["plan_id"]


async def test_lighter_alternative_is_offered(hass: HomeAssistant) -> None:
    engine = async_get_engine(hass)
    heavy = await engine.async_preview_plan(PlanRequest(intent=UNLOCK))
    light = await engine.async_preview_plan(
        PlanRequest(intent="turn off the bed light")
    )
    assert heavy.policy.decision.value == "require_approval"
    alternative = Alternative(
        strategy=Strategy.LATENCY,
        scores=PlanScores(),
        estimated_cost=0.0,
        summary="Only the bed light",
        plan=light.plan,
    )
    offer_lighter_alternative(
        heavy.policy,
        [alternative],
        lambda plan: light.policy if plan is light.plan else heavy.policy,
    )
    assert heavy.policy.reasons[-1] == (
        "An alternative needs fewer permissions: Only the bed light"
    )


# --- What an approval covers, and the check at a plan's start ----------------------

UNLOCK_LATER = "unlock the front door in 2 hours"


async def _approved_for_later(hass: HomeAssistant, approver: User) -> dict[str, Any]:
    """An automation's unlock in two hours, approved now by ``approver``."""
    pending = await call(hass, "create_plan", {"intent": UNLOCK_LATER})
    assert pending["status"] == "pending_approval"
    return await call(
        hass, "approve_plan", {"plan_id": pending["plan_id"]}, user_id=approver.id
    )


async def test_an_approval_says_what_it_covers(
    hass: HomeAssistant, hass_admin_user: User
) -> None:
    """PlanResponse.policy.approval: by whom, when, until when, which version."""
    approved = await _approved_for_later(hass, hass_admin_user)

    approval = approved["policy"]["approval"]
    assert approval["by"] == approved["approved_by"] == hass_admin_user.id
    assert approval["plan_id"] == approved["plan_id"]
    at = dt_util.parse_datetime(approval["at"])
    expires_at = dt_util.parse_datetime(approval["expires_at"])
    assert at is not None
    assert expires_at is not None
    # Valid until its start (in two hours) plus the approval timeout.
    assert timedelta(hours=2, minutes=59) < expires_at - at <= timedelta(hours=3)
    assert len(approval["covers"]) == 32


async def test_an_approval_by_a_since_deactivated_user_asks_again(
    hass: HomeAssistant, hass_admin_user: User, hass_owner_user: User
) -> None:
    """At its start the plan asks anew; the owner's new approval lets it start."""
    requested = async_capture_events(hass, EVENT_APPROVAL_REQUESTED)
    approved = await _approved_for_later(hass, hass_admin_user)
    assert approved["status"] == "scheduled"
    await hass.auth.async_deactivate_user(hass_admin_user)
    # The timers run as at the start; the clock stays (the demo lock sleeps). Each
    # step arms its own timer once the step before it is done: fired twice.
    start = dt_util.utcnow() + timedelta(hours=2, seconds=5)

    for _ in range(2):
        async_fire_time_changed(hass, start)
        await hass.async_block_till_done(wait_background_tasks=True)

    again = await call(hass, "get_plan", {"plan_id": approved["plan_id"]})
    assert again["status"] == "pending_approval"
    assert again["history"][-1]["reason"] == (
        "Asks for approval again at its start: its approver may no longer approve it"
    )
    assert again["policy"]["approval"] is None
    assert again["approved_by"] is None
    assert [event.data["plan_id"] for event in requested] == [approved["plan_id"]] * 2
    assert hass.states.get("lock.front_door").state == "locked"

    await call(
        hass,
        "approve_plan",
        {"plan_id": approved["plan_id"]},
        user_id=hass_owner_user.id,
    )
    async_fire_time_changed(hass, start + timedelta(seconds=1))
    await hass.async_block_till_done()
    # It starts (its script waits for the real clock to reach the start): stop it.
    assert async_get_engine(hass).get_plan(approved["plan_id"]).status is (
        PlanStatus.RUNNING
    )
    await call(hass, "cancel_plan", {"plan_id": approved["plan_id"]})
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_a_late_approval_is_refused_and_the_plan_expires(
    hass: HomeAssistant, hass_admin_user: User, freezer: Any
) -> None:
    """By the wall clock, whether or not the expiry timer has run."""
    pending = await pending_unlock(hass)
    freezer.tick(timedelta(minutes=60))  # the timer is not fired

    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass,
            "approve_plan",
            {"plan_id": pending["plan_id"]},
            user_id=hass_admin_user.id,
        )

    assert err.value.translation_key == "approval_expired"
    final = await call(hass, "get_plan", {"plan_id": pending["plan_id"]})
    assert final["status"] == "expired"
    assert hass.states.get("lock.front_door").state == "locked"


async def test_a_replan_by_its_approver_asks_again(
    hass: HomeAssistant, hass_admin_user: User, hass_owner_user: User
) -> None:
    """The approver's own replan would be a plan they approved themselves."""
    approved = await _approved_for_later(hass, hass_admin_user)

    by_owner = await call(
        hass, "replan", {"plan_id": approved["plan_id"]}, user_id=hass_owner_user.id
    )
    assert by_owner["status"] == "scheduled"  # the owner may unlock alone anyway
    by_approver = await call(
        hass, "replan", {"plan_id": by_owner["plan_id"]}, user_id=hass_admin_user.id
    )
    assert by_approver["policy"]["approval"] is None
    assert by_approver["status"] == "scheduled"  # admins may unlock alone too


async def test_a_drift_replan_keeps_the_approval_of_its_running_plan(
    hass: HomeAssistant, hass_admin_user: User
) -> None:
    """Replanned for its own requester, the plan needs nothing new: no new ask."""
    approved = await _approved_for_later(hass, hass_admin_user)
    engine = async_get_engine(hass)
    record = engine.get_plan(approved["plan_id"])

    new = await engine._async_replan(record, "drift", requester=record.user_id)

    assert new.status is PlanStatus.SCHEDULED
    assert new.policy.approval is not None
    assert new.policy.approval.plan_id == approved["plan_id"]
    assert new.approved_by == hass_admin_user.id


async def test_a_plan_the_gate_now_denies_is_cancelled_at_its_start(
    hass: HomeAssistant, hass_owner_user: User, freezer: Any
) -> None:
    """Labelled restricted after it was planned, a cloud lamp is off limits."""
    await async_get_integration(hass, "tuya")  # a cloud integration
    entities = er.async_get(hass)
    entities.async_get_or_create(
        "light", "tuya", "lamp", suggested_object_id="cloud_lamp", original_name="Lamp"
    )
    hass.states.async_set("light.cloud_lamp", "off", {"friendly_name": "Cloud Lamp"})
    async_expose_entity(hass, "conversation", "light.cloud_lamp", True)
    planned = await call(
        hass,
        "create_plan",
        {"intent": "turn on the cloud lamp in 2 hours"},
        user_id=hass_owner_user.id,
    )
    assert planned["status"] == "scheduled", planned["policy"]
    restricted = lr.async_get(hass).async_create("restricted")
    entities.async_update_entity("light.cloud_lamp", labels={restricted.label_id})

    freezer.tick(timedelta(hours=2, seconds=5))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)

    final = await call(hass, "get_plan", {"plan_id": planned["plan_id"]})
    assert final["status"] == "cancelled"
    reason = final["history"][-1]["reason"]
    assert reason.startswith(
        "Policy no longer allows it at its start: “Turn on Cloud Lamp at "
    )
    assert reason.endswith(
        "” would send restricted data to a cloud service; restricted data stays in "
        "the home."
    )
    assert final["policy"]["decision"] == "deny"
    assert hass.states.get("light.cloud_lamp").state == "off"
