"""One regression test per defect of issue 13, named after it.

Each drives only public entry points of a real Home Assistant and states what a user
expects (tests/redteam/README.md says why where the contract leaves it open).
"""

from __future__ import annotations

from datetime import datetime
from http import HTTPStatus
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Context
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
import voluptuous as vol

from custom_components.orchestration.const import DOMAIN

from .conftest import HomeFactory
from .harness import (
    ACTIONS,
    LOCK,
    SECRET,
    Home,
    as_text,
    leaks,
)

pytestmark = pytest.mark.timeout(120)

UNLOCK = ACTIONS["unlock"].intent
READ_PIN = ACTIONS["restricted_read"].intent
ACTIVE = ("scheduled", "running", "completed")


async def _unlocked_by_approval(home: Home) -> str:
    """An automation's unlock, approved by the admin, run and finished; relocked."""
    pending = await home.service(
        "create_plan", {"intent": UNLOCK}, home.callers["automation"]
    )
    assert pending.status == "pending_approval", pending
    approved = await home.service(
        "approve_plan", {"plan_id": pending.plan_id}, home.callers["admin"]
    )
    assert approved.ok, approved
    assert home.state(LOCK) == "unlocked"
    assert (await home.plan(str(pending.plan_id)))["status"] == "completed"
    await home.reset()
    return str(pending.plan_id)


# --- An approval can be replayed ---------------------------------------------------


@pytest.mark.parametrize("replayer", ["automation", "member", "unknown"])
async def test_approval_replay_via_replan_on_finished_plan(
    home: Home, replayer: str
) -> None:
    """A finished plan's approval is spent: replanning it never unlocks again."""
    plan_id = await _unlocked_by_approval(home)

    for _ in range(2):  # "as often as it likes"
        replanned = await home.service(
            "replan", {"plan_id": plan_id}, home.callers[replayer]
        )
        home.assert_untouched(ACTIONS["unlock"], why=f"{replayer} replaying")
        if replanned.ok:
            assert replanned.status not in ACTIVE, replanned.status
            reasons = " ".join(replanned.body["policy"]["reasons"])
            assert f"Approval of plan {plan_id}" not in reasons


async def test_replan_without_user_does_not_borrow_the_requesters_rights(
    home: Home,
) -> None:
    """A replan is a new request by its own caller: an automation stays basic."""
    admins = await home.service(
        "create_plan", {"intent": UNLOCK}, home.callers["admin"]
    )
    assert admins.status in ("running", "completed"), admins
    await home.reset()

    replanned = await home.service(
        "replan", {"plan_id": admins.plan_id}, home.callers["automation"]
    )

    home.assert_untouched(ACTIONS["unlock"], why="an automation replanning")
    if replanned.ok:
        assert replanned.body["policy"]["trust_tier"] == "basic"
        assert replanned.status == "pending_approval"


# --- Request text is rendered as a template ------------------------------------------

PIN_TEMPLATE = "pin={{ states('sensor.alarm_pin') }}"


def _assert_literal(home: Home, payload: str, rendered: str) -> None:
    delivered = home.observer.delivered()
    assert not any(rendered in text for text in delivered), (
        f"the request was rendered: {delivered}"
    )
    assert any(payload in text for text in delivered), delivered
    home.assert_no_leak(why=payload)


async def test_request_text_rendered_as_template_from_an_automation(
    home: Home,
) -> None:
    """``broadcast pin={{ states('sensor.alarm_pin') }}`` says exactly that."""
    await home.service(
        "create_plan",
        {"intent": f"broadcast {PIN_TEMPLATE}"},
        home.callers["automation"],
    )
    _assert_literal(home, PIN_TEMPLATE, f"pin={SECRET}")


async def test_request_text_rendered_as_template_from_the_llm_create_plan_tool(
    home: Home,
) -> None:
    """The LLM API's create_plan passes the text literally too."""
    await home.llm_tool(
        "create_plan",
        {"intent": f"broadcast {PIN_TEMPLATE}"},
        home.callers["automation"],
    )
    _assert_literal(home, PIN_TEMPLATE, f"pin={SECRET}")


async def test_request_text_rendered_as_template_from_an_assist_satellite(
    home: Home,
) -> None:
    """A voice satellite (no user) asking to broadcast a template gets it literally."""
    await home.assist(
        f"make a plan to broadcast {PIN_TEMPLATE}", home.callers["automation"]
    )
    _assert_literal(home, PIN_TEMPLATE, f"pin={SECRET}")


async def test_announce_template_arithmetic_is_not_rendered(home: Home) -> None:
    """``announce {{ 6*7 }}`` announces ``{{ 6*7 }}``, not 42."""
    await home.service(
        "create_plan", {"intent": "announce {{ 6*7 }}"}, home.callers["member"]
    )
    _assert_literal(home, "{{ 6*7 }}", "42")


@pytest.mark.parametrize(
    ("payload", "rendered"),
    [
        ("{% for i in range(3) %}x{{ i }}{% endfor %}", "x0x1x2"),
        # Rendered, this is 4 million iterations on the event loop.
        (
            "{% for a in range(2000) %}{% for b in range(2000) %}{% endfor %}"
            "{% endfor %}done",
            "done",
        ),
        ("hello {# a comment #}", "hello"),
    ],
    ids=["loop", "nested-loop", "comment"],
)
async def test_template_statements_in_request_text_are_not_run(
    home: Home, payload: str, rendered: str
) -> None:
    """``{% for %}`` loops and ``{# #}`` comments arrive as text; no loop runs."""
    await home.service(
        "create_plan", {"intent": f"broadcast {payload}"}, home.callers["owner"]
    )
    delivered = home.observer.delivered()
    assert rendered not in [text.strip() for text in delivered], delivered
    assert any(payload in text for text in delivered), delivered


# --- Restricted values in responses before approval ----------------------------------


async def test_restricted_value_in_report_of_pending_plan(
    home: Home,
) -> None:
    """ "What is the alarm pin" from an automation waits, and shows no pin anywhere.

    Not in the service's answer, not in the plan read back by the owner through the
    service, the websocket or the LLM API, not in any event or notification.
    """
    pending = await home.service(
        "create_plan", {"intent": READ_PIN}, home.callers["automation"]
    )
    assert pending.status == "pending_approval", pending
    plan_id = str(pending.plan_id)
    owner = home.callers["owner"]
    read_back = [
        await home.plan(plan_id),
        await home.ws_command(owner, type="orchestration/plans/get", plan_id=plan_id),
        await home.ws_command(owner, type="orchestration/plans/list"),
        await home.llm_tool("get_plan", {"plan_id": plan_id}, owner),
    ]
    steps = pending.body["plan"]["steps"]
    assert not leaks(as_text(steps)), f"plan.steps carries the value: {steps}"
    home.assert_no_leak(why="a pending restricted read", extra=read_back)


async def test_restricted_value_in_diagnostics(home: Home) -> None:
    """Diagnostics (shared in bug reports) never carry a restricted value.

    Neither of a plan waiting for approval nor of one a member was allowed to run.
    """
    assert await async_setup_component(home.hass, "diagnostics", {})
    await home.service("create_plan", {"intent": READ_PIN}, home.callers["automation"])
    allowed = await home.service(
        "create_plan", {"intent": READ_PIN}, home.callers["member"]
    )
    assert allowed.status in ACTIVE, allowed
    client = await home.hass_client(home.callers["owner"].token)
    response = await client.get(f"/api/diagnostics/config_entry/{home.entry.entry_id}")
    assert response.status == HTTPStatus.OK
    assert not leaks(await response.text())


# --- Anyone can cancel anyone's plan --------------------------------------------------


@pytest.fixture
async def evening(evening_home: Home) -> tuple[Home, str]:
    """At 20:00, the owner's plan to open the garage door at 23:00 (scheduled)."""
    outcome = await evening_home.service(
        "create_plan",
        {"intent": "open the garage door at 11pm"},
        evening_home.callers["owner"],
    )
    assert outcome.status == "scheduled", outcome
    return evening_home, str(outcome.plan_id)


@pytest.mark.parametrize("entry", ["service", "websocket", "assist"])
async def test_anyone_can_cancel_anyones_plan(
    evening: tuple[Home, str], entry: str
) -> None:
    """A member may not cancel the owner's garage plan (the card says can_cancel: no).

    Only the requester or a user whose tier could approve it (trusted) may.
    """
    home, plan_id = evening
    member = home.callers["member"]
    listed = await home.ws_command(
        member, type="orchestration/plans/get", plan_id=plan_id
    )
    assert listed.body["can_cancel"] is False

    await home.decide(entry, "cancel", member, plan_id)

    assert (await home.plan(plan_id))["status"] == "scheduled"


# --- Late approvals pass ----------------------------------------------------------------


async def test_late_approval_after_timeout_before_the_expiry_timer_ran(
    home_factory: HomeFactory, freezer: FrozenDateTimeFactory
) -> None:
    """After the approval timeout an approval is refused, timer or no timer.

    As after a suspend: the wall clock moves 60 minutes on, the event loop's
    monotonic clock (and so the expiry timer) does not. The notification button
    already refuses; the service must too.
    """
    freezer.move_to("2026-11-23 20:00:00+00:00")
    home = await home_factory()
    pending = await home.service(
        "create_plan", {"intent": UNLOCK}, home.callers["automation"]
    )
    assert pending.status == "pending_approval"
    plan_id = str(pending.plan_id)
    loop_time = home.hass.loop.time()
    with patch.object(home.hass.loop, "time", lambda: loop_time):
        freezer.move_to("2026-11-23 21:00:01+00:00")
        assert (await home.plan(plan_id))["status"] == "pending_approval"

        approved = await home.service(
            "approve_plan", {"plan_id": plan_id}, home.callers["admin"]
        )
        await home.tap(plan_id, approve=True, caller=home.callers["admin"])

    assert not approved.ok, approved
    home.assert_untouched(ACTIONS["unlock"], why="a late approval")


# --- Self-approval ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "entry", ["service", "rest", "websocket", "assist", "notification"]
)
async def test_self_approval_by_the_requester(home: Home, entry: str) -> None:
    """The admin's own waiting plan is never approved by the admin.

    ``approve_plan`` and "approve the plan" are the issue's paths; the REST API, the
    card's websocket command and the notification button are the same hole.
    """
    admin = home.callers["admin"]
    pending = await home.service(
        "create_plan", {"intent": "turn on the cloud lamp"}, admin
    )
    assert pending.status == "pending_approval", pending
    plan_id = str(pending.plan_id)
    home.observer.clear()

    await home.decide(entry, "approve", admin, plan_id)

    assert (await home.plan(plan_id))["status"] == "pending_approval"
    assert not [
        event
        for event in home.observer.service_calls
        if event.data.get("domain") == "light"
    ]


# --- Push texts are not redacted for labelled entities ---------------------------------


async def test_push_text_not_redacted_for_restricted_entity(home: Home) -> None:
    """Reading a sensor labelled restricted makes the plan restricted: a bare push."""
    pending = await home.service(
        "create_plan", {"intent": READ_PIN}, home.callers["automation"]
    )
    assert pending.body["task_spec"]["privacy_class"] == "restricted"
    messages = [call.data["message"] for call in home.observer.phone]
    assert messages
    for message in messages:
        assert "pin" not in message.lower(), message
        assert not leaks(message)


async def test_push_text_not_redacted_for_confidential_entity(home: Home) -> None:
    """Acting on an entity labelled confidential: the push names no device."""
    er.async_get(home.hass).async_update_entity(
        "cover.hall_window", labels={"confidential"}
    )
    pending = await home.service(
        "create_plan", {"intent": "open the hall window"}, home.callers["unknown"]
    )
    assert pending.status == "pending_approval", pending
    assert pending.body["task_spec"]["privacy_class"] in ("confidential", "restricted")
    messages = [call.data["message"] for call in home.observer.phone]
    assert messages
    for message in messages:
        assert "hall window" not in message.lower(), message


# --- LLM tools see every user's plans ---------------------------------------------------


async def test_llm_list_plans_shows_other_users_plans(home: Home) -> None:
    """An LLM conversation lists its user's plans only, and none without a user."""
    owners = await home.service(
        "create_plan", {"intent": "turn on the kitchen lights"}, home.callers["owner"]
    )
    members = await home.service(
        "create_plan", {"intent": "turn off the bed light"}, home.callers["member"]
    )

    as_member = await home.llm_tool("list_plans", {}, home.callers["member"])
    anonymous = await home.llm_tool("list_plans", {}, home.callers["automation"])

    assert [plan["plan_id"] for plan in as_member.body["plans"]] == [members.plan_id]
    assert owners.plan_id not in as_text(as_member.body)
    assert not anonymous.ok or anonymous.body["plans"] == []


async def test_llm_get_plan_shows_other_users_plans(home: Home) -> None:
    """get_plan of another user's plan (or any plan, without a user) is refused."""
    owners = await home.service(
        "create_plan", {"intent": "turn on the kitchen lights"}, home.callers["owner"]
    )

    for caller in ("member", "automation"):
        read = await home.llm_tool(
            "get_plan", {"plan_id": owners.plan_id}, home.callers[caller]
        )
        assert not read.ok, (caller, read)
        assert "kitchen" not in (read.error or "").lower()


# --- Bad input crashes instead of being refused ----------------------------------------

BAD_PREFERENCES = [
    {"cost_budget": "abc"},
    {"cost_budget": [1]},
    {"latency_budget_ms": None},
]


@pytest.mark.parametrize(
    "preferences", BAD_PREFERENCES, ids=["cost-abc", "cost-list", "latency-null"]
)
async def test_bad_preferences_crash_instead_of_being_refused(
    home: Home, preferences: dict[str, Any]
) -> None:
    """A service call with bad preferences is refused, naming the field; no plan."""
    field = next(iter(preferences))
    before = await home.plans()
    with pytest.raises((vol.Invalid, ServiceValidationError)) as err:
        await home.hass.services.async_call(
            DOMAIN,
            "create_plan",
            {"intent": "turn on the kitchen lights", "preferences": preferences},
            blocking=True,
            return_response=True,
            context=Context(user_id=home.callers["owner"].user_id),
        )
    assert field in str(err.value)
    assert await home.plans() == before


async def test_naive_expires_in_grant_consent(home: Home) -> None:
    """``expires: "2026-12-31 23:59:00"`` (the README's example) is local time."""
    granted = await home.service(
        "grant_consent",
        {"scope": "security.lock.unlock", "expires": "2026-12-31 23:59:00"},
        home.callers["admin"],
    )
    assert granted.ok, granted
    expires = dt_util.parse_datetime(granted.body["expires"])
    assert expires == datetime(
        2026, 12, 31, 23, 59, tzinfo=dt_util.get_default_time_zone()
    )


@pytest.mark.parametrize(
    ("tool", "args"),
    [
        ("create_plan", {"intent": UNLOCK, "strategy": "evil"}),
        ("preview_plan", {"intent": UNLOCK, "strategy": "evil"}),
        ("list_plans", {"limit": "abc"}),
        ("list_plans", {"status": "evil"}),
    ],
    ids=["create-strategy", "preview-strategy", "list-limit", "list-status"],
)
async def test_llm_tool_arguments_crash_instead_of_being_refused(
    home: Home, tool: str, args: dict[str, Any]
) -> None:
    """Agents pass a model's arguments unchecked: the tool must refuse them.

    A ``HomeAssistantError`` or ``vol.Invalid`` goes back to the model as an error; a
    ``ValueError`` breaks the conversation.
    """
    before = await home.plans()
    outcome = await home.llm_tool(tool, args, home.callers["member"])
    assert not outcome.ok
    assert await home.plans() == before


REST_BAD_INPUT = [
    (
        "create_plan",
        {"intent": "x", "preferences": {"cost_budget": "abc"}},
        "cost_budget",
    ),
    (
        "create_plan",
        {"intent": "x", "preferences": {"cost_budget": [1]}},
        "cost_budget",
    ),
    (
        "create_plan",
        {"intent": "x", "preferences": {"latency_budget_ms": None}},
        "latency_budget_ms",
    ),
    ("create_plan", {"intent": "x", "strategy": "evil"}, "strategy"),
    ("create_plan", {"intent": "x", "trigger_type": "evil"}, "trigger_type"),
    ("create_plan", {"intent": "x", "preferences": "abc"}, "preferences"),
    ("create_plan", {"intent": "x" * 10_001}, "intent"),
    ("preview_plan", {"intent": "x", "strategy": "evil"}, "strategy"),
    ("approve_plan", {}, "plan_id"),
    ("list_plans", {"status": "evil"}, "status"),
    ("grant_consent", {"scope": "x", "expires": "not a date"}, "expires"),
]


@pytest.mark.parametrize(
    ("service", "data", "field"),
    REST_BAD_INPUT,
    ids=[
        f"{service}-{field}-{index}"
        for index, (service, _, field) in enumerate(REST_BAD_INPUT)
    ],
)
async def test_rest_validation_errors_are_http_500(
    home: Home, service: str, data: dict[str, Any], field: str
) -> None:
    """Over REST, bad input is an HTTP 400, not a 500 with a traceback.

    Home Assistant's REST API answers any ``vol.Invalid`` with a bare 400, so the
    field's name is checked where Home Assistant passes the message on: the
    websocket ``call_service`` command.
    """
    before = await home.plans()
    status, _ = await home.rest(service, data, home.callers["admin"])
    assert status == HTTPStatus.BAD_REQUEST

    client = await home.ws(home.callers["admin"])
    assert client is not None
    await client.send_json_auto_id(
        {
            "type": "call_service",
            "domain": DOMAIN,
            "service": service,
            "service_data": data,
            "return_response": True,
        }
    )
    answer = await client.receive_json()
    assert not answer["success"]
    assert answer["error"]["code"] in ("invalid_format", "service_validation_error")
    assert field in answer["error"]["message"]
    assert await home.plans() == before


# --- Deactivated users, huge intents, superseded buttons -------------------------------


async def test_deactivated_user_keeps_their_tier(home: Home) -> None:
    """A deactivated user is untrusted: acts on nothing alone, reads nothing, approves
    nothing.

    Today a deactivated administrator is still a ``verified`` household member: they
    open the garage door and read the restricted pin on their own.
    """
    former = home.callers["deactivated"]
    garage = await home.service(
        "create_plan", {"intent": ACTIONS["garage"].intent}, former
    )
    read = await home.service("create_plan", {"intent": READ_PIN}, former)
    home.assert_untouched(ACTIONS["garage"], why="a deactivated user opening")
    home.assert_no_leak(why="a deactivated user reading the pin")
    for outcome in (garage, read):
        if outcome.ok:
            assert outcome.status not in ACTIVE
            assert outcome.body["policy"]["trust_tier"] == "untrusted"

    strangers = await home.service(
        "create_plan", {"intent": "turn on the bed light"}, home.callers["unknown"]
    )
    assert strangers.status == "pending_approval", strangers
    approved = await home.service(
        "approve_plan", {"plan_id": strangers.plan_id}, former
    )
    assert not approved.ok, approved
    assert home.state("light.bed_light") == "off"


@pytest.mark.parametrize("entry", ["websocket", "llm", "assist"])
async def test_websocket_accepts_a_million_character_intent(
    home: Home, entry: str
) -> None:
    """Every entry point has the services' limit (10,000 characters); none plans more.

    The issue found it on the websocket; the LLM API and Assist had no limit either.
    """
    before = await home.plans()
    outcome = await home.request(entry, home.callers["owner"], "a" * 1_000_000)
    assert not outcome.ok or outcome.plan_id is None
    assert await home.plans() == before


async def test_superseded_pending_plan_notification_buttons_stay_live(
    home: Home,
) -> None:
    """When a waiting plan is replanned, its request is withdrawn from the phones.

    The phone gets ``clear_notification`` for the old plan's tag, and its buttons do
    nothing, while the new plan keeps waiting for its own approval.
    """
    pending = await home.service(
        "create_plan", {"intent": UNLOCK}, home.callers["automation"]
    )
    old = str(pending.plan_id)
    old_approve, _ = home.buttons(old)
    new = await home.service("replan", {"plan_id": old}, home.callers["automation"])
    assert new.status == "pending_approval", new

    cleared = [
        call.data
        for call in home.observer.phone
        if call.data.get("message") == "clear_notification"
    ]
    assert {"message": "clear_notification", "data": {"tag": f"{DOMAIN}_{old}"}} in (
        cleared
    )
    home.observer.clear()
    await home.tap(old, approve=True, caller=home.callers["admin"], action=old_approve)
    assert (await home.plan(str(new.plan_id)))["status"] == "pending_approval"
    home.assert_untouched(ACTIONS["unlock"], why="an old button")
