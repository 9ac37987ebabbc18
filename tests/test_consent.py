"""Tests of approval notifications with a real Home Assistant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from homeassistant.auth.const import GROUP_ID_USER
from homeassistant.core import Context, HomeAssistant, ServiceCall
from homeassistant.exceptions import HomeAssistantError
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util

if TYPE_CHECKING:
    from pytest_homeassistant_custom_component.test_util.aiohttp import (
        AiohttpClientMocker,
    )
    from pytest_homeassistant_custom_component.typing import (
        ClientSessionGenerator,
        WebSocketGenerator,
    )
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_fire_time_changed,
    async_mock_service,
)

from custom_components.orchestration.consent import (
    APPROVALS_STORAGE_KEY,
    CLEAR_NOTIFICATION,
    EVENT_MOBILE_APP_NOTIFICATION_ACTION,
    ApprovalNotifier,
    persistent_notification_id,
)
from custom_components.orchestration.core.approvals import action_id
from custom_components.orchestration.core.models import (
    Decision,
    ExecutionPlan,
    Explanation,
    PlanRecord,
    PlanStatus,
    PolicyDecision,
    PrivacyClass,
    Strategy,
    TaskSpec,
    TrustTier,
)
from custom_components.orchestration.core.policy import SCOPE_LOCK_UNLOCK
from custom_components.orchestration.options import Options

INTENT = "unlock the front door for the plumber"
SUMMARY = "Unlock the front door"


def make_record(
    plan_id: str = "plan1",
    *,
    privacy: PrivacyClass = PrivacyClass.INTERNAL,
    user_id: str | None = None,
) -> PlanRecord:
    """A plan waiting for approval to unlock the front door."""
    return PlanRecord(
        plan_id=plan_id,
        status=PlanStatus.PENDING_APPROVAL,
        created=datetime(2026, 11, 23, 20, 0, tzinfo=UTC),
        task_spec=TaskSpec(intent=INTENT, privacy_class=privacy),
        policy=PolicyDecision(
            decision=Decision.REQUIRE_APPROVAL,
            trust_tier=TrustTier.BASIC,
            required_scopes=[SCOPE_LOCK_UNLOCK],
            approval_required=True,
            policy_hash=f"hash-{plan_id}",
            reasons=[
                "To unlock a lock a basic caller needs a trusted user's approval."
            ],
            missing_scopes=[SCOPE_LOCK_UNLOCK],
        ),
        plan=ExecutionPlan(strategy=Strategy.BALANCED),
        explanation=Explanation(summary=SUMMARY),
        script={},
        planning_time_ms=1.0,
        user_id=user_id,
    )


class Decisions:
    """Collects what the notifier passes on."""

    def __init__(self) -> None:
        """Start empty."""
        self.calls: list[tuple[str, bool, str | None]] = []

    async def __call__(self, plan_id: str, approved: bool, user_id: str | None) -> bool:
        """Record one decision; it is taken."""
        self.calls.append((plan_id, approved, user_id))
        return True


@pytest.fixture
def decisions() -> Decisions:
    """The on_decision callback."""
    return Decisions()


@pytest.fixture
def phone(hass: HomeAssistant) -> list[ServiceCall]:
    """A notify.mobile_app_test service that records its calls."""
    calls: list[ServiceCall] = async_mock_service(hass, "notify", "mobile_app_test")
    return calls


def actions_of(call: ServiceCall) -> list[str]:
    """The action ids of a notification's buttons."""
    return [item["action"] for item in call.data["data"]["actions"]]


async def tap(hass: HomeAssistant, action: str, user_id: str | None) -> None:
    """A phone reporting a tapped notification button."""
    hass.bus.async_fire(
        EVENT_MOBILE_APP_NOTIFICATION_ACTION,
        {"action": action},
        context=Context(user_id=user_id),
    )
    await hass.async_block_till_done()


async def persistent_notifications(
    hass: HomeAssistant, ws_client: WebSocketGenerator
) -> dict[str, dict[str, Any]]:
    """The persistent notifications, by id."""
    client = await ws_client()
    await client.send_json_auto_id({"type": "persistent_notification/get"})
    response = await client.receive_json()
    return {item["notification_id"]: item for item in response["result"]}


async def test_request_sends_actionable_notification(
    hass: HomeAssistant, phone: list[ServiceCall], decisions: Decisions
) -> None:
    """Each target gets title, summary, missing permission and two buttons."""
    notifier = ApprovalNotifier(
        hass, Options(notify_targets=("notify.mobile_app_test",)), on_decision=decisions
    )
    await notifier.async_request(make_record())
    assert len(phone) == 1
    data = phone[0].data
    assert data["title"] == "Approval needed"
    assert data["message"] == f"{SUMMARY}\nNeeds permission to: unlock a lock."
    assert data["data"]["tag"] == "orchestration_plan1"
    nonce = notifier.ledger.pending["plan1"].nonce
    assert actions_of(phone[0]) == [
        f"ORCHESTRATION_APPROVE_plan1_{nonce}",
        f"ORCHESTRATION_REJECT_plan1_{nonce}",
    ]
    assert data["data"]["actions"][0]["authenticationRequired"] is True


async def test_tap_approve_calls_on_decision_once(
    hass: HomeAssistant,
    phone: list[ServiceCall],
    decisions: Decisions,
    hass_admin_user: MockUser,
) -> None:
    """An admin's tap approves with the admin's user id; a replay is refused."""
    notifier = ApprovalNotifier(
        hass, Options(notify_targets=("mobile_app_test",)), on_decision=decisions
    )
    unsubscribe = notifier.async_start()
    await notifier.async_request(make_record())
    approve = actions_of(phone[0])[0]

    await tap(hass, approve, hass_admin_user.id)
    assert decisions.calls == [("plan1", True, hass_admin_user.id)]

    await tap(hass, approve, hass_admin_user.id)
    assert decisions.calls == [("plan1", True, hass_admin_user.id)]
    unsubscribe()


async def test_tap_reject(
    hass: HomeAssistant,
    phone: list[ServiceCall],
    decisions: Decisions,
    hass_owner_user: MockUser,
) -> None:
    """Reject passes approved=False."""
    notifier = ApprovalNotifier(
        hass, Options(notify_targets=("mobile_app_test",)), on_decision=decisions
    )
    notifier.async_start()
    await notifier.async_request(make_record())
    await tap(hass, actions_of(phone[0])[1], hass_owner_user.id)
    assert decisions.calls == [("plan1", False, hass_owner_user.id)]


async def test_a_decision_the_engine_refuses_leaves_the_buttons_to_others(
    hass: HomeAssistant,
    phone: list[ServiceCall],
    hass_owner_user: MockUser,
    hass_admin_user: MockUser,
) -> None:
    """The requester's own tap is refused by the engine: the owner's still counts."""
    answers: list[str | None] = []

    async def engine(plan_id: str, approved: bool, user_id: str | None) -> bool:
        answers.append(user_id)
        return user_id != hass_admin_user.id

    notifier = ApprovalNotifier(
        hass, Options(notify_targets=("mobile_app_test",)), on_decision=engine
    )
    notifier.async_start()
    await notifier.async_request(make_record())
    approve = actions_of(phone[0])[0]

    await tap(hass, approve, hass_admin_user.id)
    assert "plan1" in notifier.ledger.pending
    await tap(hass, approve, hass_owner_user.id)
    await tap(hass, approve, hass_owner_user.id)

    assert answers == [hass_admin_user.id, hass_owner_user.id]
    assert notifier.ledger.pending == {}


async def test_answer_for_another_plan_is_refused(
    hass: HomeAssistant,
    phone: list[ServiceCall],
    decisions: Decisions,
    hass_admin_user: MockUser,
) -> None:
    """Plan 2's nonce under plan 1's id, a guessed nonce, a foreign action: nothing."""
    notifier = ApprovalNotifier(
        hass, Options(notify_targets=("mobile_app_test",)), on_decision=decisions
    )
    notifier.async_start()
    await notifier.async_request(make_record("plan1"))
    await notifier.async_request(make_record("plan2"))
    nonce2 = notifier.ledger.pending["plan2"].nonce

    await tap(hass, action_id("plan1", nonce2, approve=True), hass_admin_user.id)
    await tap(hass, action_id("plan1", "deadbeef", approve=True), hass_admin_user.id)
    await tap(hass, "SOMETHING_ELSE", hass_admin_user.id)
    assert decisions.calls == []
    assert set(notifier.ledger.pending) == {"plan1", "plan2"}


async def test_answer_by_too_low_a_tier_is_refused(
    hass: HomeAssistant,
    phone: list[ServiceCall],
    decisions: Decisions,
    hass_read_only_user: MockUser,
    hass_admin_user: MockUser,
) -> None:
    """A plain user, an automation or an unknown id cannot approve an unlock."""
    notifier = ApprovalNotifier(
        hass, Options(notify_targets=("mobile_app_test",)), on_decision=decisions
    )
    notifier.async_start()
    await notifier.async_request(make_record())
    approve = actions_of(phone[0])[0]

    for user_id in (hass_read_only_user.id, None, "no-such-user"):
        await tap(hass, approve, user_id)
    assert decisions.calls == []

    await tap(hass, approve, hass_admin_user.id)
    assert decisions.calls == [("plan1", True, hass_admin_user.id)]


async def test_trust_overrides_raise_a_user(
    hass: HomeAssistant,
    phone: list[ServiceCall],
    decisions: Decisions,
    hass_owner_user: MockUser,
) -> None:
    """With an override to trusted, a household member may approve."""
    member = await hass.auth.async_create_user("Member", group_ids=[GROUP_ID_USER])
    notifier = ApprovalNotifier(
        hass,
        Options(
            notify_targets=("mobile_app_test",),
            trust_overrides={member.id: "trusted"},
        ),
        on_decision=decisions,
    )
    notifier.async_start()
    await notifier.async_request(make_record())
    await tap(hass, actions_of(phone[0])[0], member.id)
    assert decisions.calls == [("plan1", True, member.id)]


async def test_requester_may_reject_own_plan(
    hass: HomeAssistant,
    phone: list[ServiceCall],
    decisions: Decisions,
    hass_read_only_user: MockUser,
) -> None:
    """Whoever asked may say no, though not yes."""
    notifier = ApprovalNotifier(
        hass, Options(notify_targets=("mobile_app_test",)), on_decision=decisions
    )
    notifier.async_start()
    await notifier.async_request(make_record(user_id=hass_read_only_user.id))
    approve, reject = actions_of(phone[0])
    await tap(hass, approve, hass_read_only_user.id)
    await tap(hass, reject, hass_read_only_user.id)
    assert decisions.calls == [("plan1", False, hass_read_only_user.id)]


async def test_expired_request_is_refused(
    hass: HomeAssistant,
    phone: list[ServiceCall],
    decisions: Decisions,
    hass_admin_user: MockUser,
) -> None:
    """After the approval timeout the buttons are dead."""
    notifier = ApprovalNotifier(
        hass,
        Options(notify_targets=("mobile_app_test",), approval_timeout_min=0),
        on_decision=decisions,
    )
    notifier.async_start()
    await notifier.async_request(make_record())
    await tap(hass, actions_of(phone[0])[0], hass_admin_user.id)
    assert decisions.calls == []


async def test_rerequest_kills_old_buttons(
    hass: HomeAssistant,
    phone: list[ServiceCall],
    decisions: Decisions,
    hass_admin_user: MockUser,
) -> None:
    """A new request for the same plan (e.g. after a replan) replaces the old one."""
    notifier = ApprovalNotifier(
        hass, Options(notify_targets=("mobile_app_test",)), on_decision=decisions
    )
    notifier.async_start()
    await notifier.async_request(make_record())
    await notifier.async_request(make_record())
    old, new = actions_of(phone[0])[0], actions_of(phone[1])[0]
    assert old != new
    await tap(hass, old, hass_admin_user.id)
    assert decisions.calls == []
    await tap(hass, new, hass_admin_user.id)
    assert decisions.calls == [("plan1", True, hass_admin_user.id)]


async def test_clear_withdraws_and_clears_phones(
    hass: HomeAssistant,
    phone: list[ServiceCall],
    decisions: Decisions,
    hass_admin_user: MockUser,
) -> None:
    """Clearing sends clear_notification with the plan's tag; old taps are refused."""
    notifier = ApprovalNotifier(
        hass, Options(notify_targets=("mobile_app_test",)), on_decision=decisions
    )
    notifier.async_start()
    await notifier.async_request(make_record())
    approve = actions_of(phone[0])[0]
    await notifier.async_clear("plan1")
    assert phone[1].data == {
        "message": CLEAR_NOTIFICATION,
        "data": {"tag": "orchestration_plan1"},
    }
    await tap(hass, approve, hass_admin_user.id)
    assert decisions.calls == []
    await notifier.async_clear("plan1")
    assert len(phone) == 2


async def test_confidential_plan_is_redacted_on_phones(
    hass: HomeAssistant, phone: list[ServiceCall], decisions: Decisions
) -> None:
    """Pushes leave the home: no intent or names for confidential/restricted plans."""
    notifier = ApprovalNotifier(
        hass, Options(notify_targets=("mobile_app_test",)), on_decision=decisions
    )
    await notifier.async_request(make_record(privacy=PrivacyClass.CONFIDENTIAL))
    await notifier.async_request(make_record("plan2", privacy=PrivacyClass.RESTRICTED))
    assert phone[0].data["message"] == "A plan needs your approval to unlock a lock."
    assert phone[1].data["message"] == (
        "A plan needs your approval. Open Home Assistant to review it."
    )
    for call in phone:
        assert "front door" not in call.data["message"]


async def test_persistent_notification_when_no_target(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    decisions: Decisions,
) -> None:
    """Without notify targets, Home Assistant shows the request; clear removes it."""
    assert await async_setup_component(hass, "persistent_notification", {})
    notifier = ApprovalNotifier(hass, Options(), on_decision=decisions)
    await notifier.async_request(make_record())

    notifications = await persistent_notifications(hass, hass_ws_client)
    notification = notifications[persistent_notification_id("plan1")]
    assert notification["title"] == "Approval needed"
    message = notification["message"]
    assert f"“{INTENT}”" in message
    assert "Missing permissions: unlock a lock." in message
    assert message.endswith(
        "Approve or reject it on the Orchestration card, or say “approve the plan” "
        "to Assist."
    )
    assert "`" not in message

    await notifier.async_clear("plan1")
    assert persistent_notification_id("plan1") not in await persistent_notifications(
        hass, hass_ws_client
    )


async def test_persistent_notification_when_targets_fail(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    decisions: Decisions,
) -> None:
    """A missing service and a failing one fall back to a persistent notification."""
    assert await async_setup_component(hass, "persistent_notification", {})
    async_mock_service(
        hass, "notify", "broken", raise_exception=HomeAssistantError("offline")
    )
    notifier = ApprovalNotifier(
        hass,
        Options(notify_targets=("notify.mobile_app_gone", "notify.broken")),
        on_decision=decisions,
    )
    await notifier.async_request(make_record())
    assert persistent_notification_id("plan1") in await persistent_notifications(
        hass, hass_ws_client
    )


async def test_persistent_notification_dismissed_once_a_target_works(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    decisions: Decisions,
) -> None:
    """A later request that reaches a phone removes the stale fallback."""
    assert await async_setup_component(hass, "persistent_notification", {})
    notifier = ApprovalNotifier(
        hass, Options(notify_targets=("mobile_app_test",)), on_decision=decisions
    )
    await notifier.async_request(make_record())
    assert persistent_notification_id("plan1") in await persistent_notifications(
        hass, hass_ws_client
    )
    async_mock_service(hass, "notify", "mobile_app_test")
    await notifier.async_request(make_record())
    assert persistent_notification_id("plan1") not in await persistent_notifications(
        hass, hass_ws_client
    )


async def test_requests_survive_a_restart(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    phone: list[ServiceCall],
    decisions: Decisions,
    hass_admin_user: MockUser,
) -> None:
    """A tap on a notification sent before a restart works once, and only once."""
    before = ApprovalNotifier(
        hass, Options(notify_targets=("mobile_app_test",)), on_decision=decisions
    )
    await before.async_request(make_record())
    approve = actions_of(phone[0])[0]
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=5))
    await hass.async_block_till_done()
    assert APPROVALS_STORAGE_KEY in hass_storage

    after = ApprovalNotifier(
        hass, Options(notify_targets=("mobile_app_test",)), on_decision=decisions
    )
    after.async_start()
    await tap(hass, approve, hass_admin_user.id)
    assert decisions.calls == [("plan1", True, hass_admin_user.id)]
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=10))
    await hass.async_block_till_done()

    again = ApprovalNotifier(
        hass, Options(notify_targets=("mobile_app_test",)), on_decision=decisions
    )
    await again.async_load()
    assert again.ledger.pending == {}
    assert approve.rpartition("_")[2] in again.ledger.spent


async def test_clear_after_restart_reaches_the_phones(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    phone: list[ServiceCall],
    decisions: Decisions,
) -> None:
    """The targets a request went to are remembered for clearing it later."""
    before = ApprovalNotifier(
        hass, Options(notify_targets=("mobile_app_test",)), on_decision=decisions
    )
    await before.async_request(make_record())
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=5))
    await hass.async_block_till_done()

    after = ApprovalNotifier(hass, Options(), on_decision=decisions)
    await after.async_clear("plan1")
    assert phone[-1].data["message"] == CLEAR_NOTIFICATION


# --- End to end through a real mobile_app registration -----------------------------

PUSH_URL = "https://mobile-push.home-assistant.dev/push"


@pytest.fixture
async def mobile_app_entry(
    hass: HomeAssistant, aioclient_mock: AiohttpClientMocker, hass_admin_user: MockUser
) -> MockConfigEntry:
    """A phone registered by the admin, with push notifications to a mocked relay.

    mobile_app imports cloud; from Home Assistant 2026 on that pulls in camera and
    openai, which the newer test venv does not install: the test is skipped there.
    """
    pytest.importorskip("homeassistant.components.mobile_app", exc_type=ImportError)
    aioclient_mock.post(
        PUSH_URL,
        json={
            "rateLimits": {
                "attempts": 1,
                "successful": 1,
                "errors": 0,
                "total": 1,
                "maximum": 150,
                "remaining": 149,
                "resetsAt": (datetime.now(UTC) + timedelta(hours=24)).strftime(
                    "%Y-%m-%dT%H:%M:%SZ"
                ),
            }
        },
    )
    entry = MockConfigEntry(
        domain="mobile_app",
        data={
            "app_data": {"push_token": "PUSH_TOKEN", "push_url": PUSH_URL},
            "app_id": "io.homeassistant.mobile_app",
            "app_name": "mobile_app tests",
            "app_version": "1.0",
            "device_id": "4d5e6f",
            "device_name": "Test",
            "manufacturer": "Home Assistant",
            "model": "mobile_app",
            "os_name": "Linux",
            "os_version": "5.0.6",
            "secret": "123abc",
            "supports_encryption": False,
            "user_id": hass_admin_user.id,
            "webhook_id": "mobile_app_test_webhook",
        },
        source="registration",
        title="mobile_app test entry",
        version=1,
    )
    entry.add_to_hass(hass)
    assert await async_setup_component(hass, "mobile_app", {"mobile_app": {}})
    await hass.async_block_till_done()
    return entry


async def test_end_to_end_with_mobile_app(
    hass: HomeAssistant,
    mobile_app_entry: MockConfigEntry,
    aioclient_mock: AiohttpClientMocker,
    hass_client_no_auth: ClientSessionGenerator,
    hass_admin_user: MockUser,
    decisions: Decisions,
) -> None:
    """The push reaches the relay with buttons; the phone's answer approves the plan."""
    notifier = ApprovalNotifier(
        hass, Options(notify_targets=("notify.mobile_app_test",)), on_decision=decisions
    )
    notifier.async_start()
    await notifier.async_request(make_record())

    assert aioclient_mock.call_count == 1
    pushed = aioclient_mock.mock_calls[0][2]
    assert pushed["push_token"] == mobile_app_entry.data["app_data"]["push_token"]
    assert pushed["title"] == "Approval needed"
    approve = pushed["data"]["actions"][0]["action"]
    assert approve.startswith("ORCHESTRATION_APPROVE_plan1_")

    client = await hass_client_no_auth()
    answer = {
        "type": "fire_event",
        "data": {
            "event_type": EVENT_MOBILE_APP_NOTIFICATION_ACTION,
            "event_data": {"action": approve},
        },
    }
    for _ in range(2):
        response = await client.post(
            "/api/webhook/mobile_app_test_webhook", json=answer
        )
        assert response.status == HTTPStatus.OK
        await hass.async_block_till_done()
    assert decisions.calls == [("plan1", True, hass_admin_user.id)]
