"""The card's websocket API against the real engine over the demo home."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any
from unittest.mock import patch

from homeassistant.const import Platform
from homeassistant.exceptions import HomeAssistantError
from homeassistant.setup import async_setup_component
import pytest

from custom_components.orchestration.core.models import ContextHints, Preferences
from custom_components.orchestration.engine import async_get_engine

from .common import async_setup_orchestration

if TYPE_CHECKING:
    from homeassistant.auth.models import User
    from homeassistant.core import HomeAssistant
    from pytest_homeassistant_custom_component.common import MockConfigEntry
    from pytest_homeassistant_custom_component.typing import (
        MockHAClientWebSocket,
        WebSocketGenerator,
    )

pytestmark = pytest.mark.usefixtures("orchestration_entry")


@pytest.fixture
async def member_user(hass: HomeAssistant) -> User:
    """A household member: may control devices, is not an administrator."""
    return await hass.auth.async_create_user("Max Member", group_ids=["system-users"])


@pytest.fixture
async def orchestration_entry(
    demo_home: HomeAssistant, member_user: User
) -> MockConfigEntry:
    """The integration, with the household member on the ``basic`` trust tier."""
    return await async_setup_orchestration(
        demo_home, trust_overrides={member_user.id: "basic"}
    )


@pytest.fixture
async def demo_home(hass: HomeAssistant) -> HomeAssistant:
    """Home Assistant's demo covers and lights; the card's tests need no areas."""
    assert await async_setup_component(hass, "homeassistant", {})
    with patch(
        "homeassistant.components.demo.COMPONENTS_WITH_CONFIG_ENTRY_DEMO_PLATFORM",
        [Platform.COVER, Platform.LIGHT],
    ):
        assert await async_setup_component(hass, "demo", {})
        await hass.async_block_till_done()
    return hass


# A household member on the ``basic`` tier may not open the garage alone.
OPEN_GARAGE = "open the garage door"


async def command(client: MockHAClientWebSocket, **message: Any) -> dict[str, Any]:
    """Send one command and return its answer (result or error)."""
    await client.send_json_auto_id(message)
    answer: dict[str, Any] = await client.receive_json()
    return answer


async def result(client: MockHAClientWebSocket, **message: Any) -> Any:
    """Send one command and return its result; fail on an error."""
    answer = await command(client, **message)
    assert answer["success"], answer
    return answer["result"]


@pytest.fixture
async def owner(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> MockHAClientWebSocket:
    """A connection of an administrator (trust tier ``trusted``)."""
    return await hass_ws_client(hass)


@pytest.fixture
async def watcher(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> MockHAClientWebSocket:
    """A second connection of the administrator, for subscriptions: an open card."""
    return await hass_ws_client(hass)


@pytest.fixture
async def member(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    member_user: User,
) -> MockHAClientWebSocket:
    """A connection of a household member who is not an administrator."""
    refresh_token = await hass.auth.async_create_refresh_token(
        member_user, "https://example.com/app"
    )
    return await hass_ws_client(
        hass, hass.auth.async_create_access_token(refresh_token)
    )


async def test_member_asks_owner_approves_subscribers_see_it_complete(
    hass: HomeAssistant,
    owner: MockHAClientWebSocket,
    watcher: MockHAClientWebSocket,
    member: MockHAClientWebSocket,
    member_user: User,
) -> None:
    await watcher.send_json_auto_id({"type": "orchestration/plans/subscribe"})
    subscribed = await watcher.receive_json()
    assert subscribed["success"]
    snapshot = await watcher.receive_json()
    assert snapshot["event"] == {"type": "plans", "plans": []}

    created = await result(
        member, type="orchestration/plans/create", intent=OPEN_GARAGE
    )
    assert created["status"] == "pending_approval"
    assert created["user_id"] == member_user.id
    assert created["can_approve"] is False
    assert created["can_cancel"] is True
    assert hass.states.get("cover.garage_door").state == "closed"

    event = (await watcher.receive_json())["event"]
    assert event["type"] == "plan"
    assert event["plan"]["plan_id"] == created["plan_id"]
    assert event["plan"]["status"] == "pending_approval"
    assert event["plan"]["can_approve"] is True
    assert event["plan"]["plan"]["steps"][0]["target"] == {
        "entity_id": ["cover.garage_door"]
    }

    refused = await command(
        member, type="orchestration/plans/approve", plan_id=created["plan_id"]
    )
    assert refused["error"]["code"] == "own_plan_approval"
    assert refused["error"]["message"]

    approved = await result(
        owner, type="orchestration/plans/approve", plan_id=created["plan_id"]
    )
    assert approved["status"] in ("scheduled", "running", "completed")
    assert approved["can_approve"] is False
    await hass.async_block_till_done()

    statuses = []
    async with asyncio.timeout(10):
        while not statuses or statuses[-1] not in ("completed", "failed"):
            event = (await watcher.receive_json())["event"]
            if event["plan"]["plan_id"] == created["plan_id"]:
                statuses.append(event["plan"]["status"])
    assert statuses[0] == "scheduled"
    assert hass.states.get("cover.garage_door").state == "open"
    final = await result(
        owner, type="orchestration/plans/get", plan_id=created["plan_id"]
    )
    assert final["status"] == "completed"
    assert final["can_cancel"] is False


async def test_preview_runs_nothing_and_is_not_broadcast(
    hass: HomeAssistant,
    owner: MockHAClientWebSocket,
    watcher: MockHAClientWebSocket,
    member: MockHAClientWebSocket,
) -> None:
    await watcher.send_json_auto_id({"type": "orchestration/plans/subscribe"})
    assert (await watcher.receive_json())["success"]
    assert (await watcher.receive_json())["event"]["type"] == "plans"

    preview = await result(
        member,
        type="orchestration/plans/preview",
        intent=OPEN_GARAGE,
        language="en",
        strategy="privacy_first",
    )
    await hass.async_block_till_done()
    assert preview["status"] == "preview"
    assert preview["plan"]["strategy"] == "privacy_first"
    assert preview["explanation"]["summary"]
    assert hass.states.get("cover.garage_door").state == "closed"

    created = await result(
        member, type="orchestration/plans/create", intent=OPEN_GARAGE
    )
    event = (await watcher.receive_json())["event"]
    assert event["plan"]["plan_id"] == created["plan_id"]

    listed = await result(owner, type="orchestration/plans/list")
    assert [plan["plan_id"] for plan in listed["plans"]] == [created["plan_id"]]
    previews = await result(owner, type="orchestration/plans/list", status="preview")
    assert [plan["plan_id"] for plan in previews["plans"]] == [preview["plan_id"]]


async def test_reject_and_cancel(
    hass: HomeAssistant, owner: MockHAClientWebSocket, member: MockHAClientWebSocket
) -> None:
    first = await result(member, type="orchestration/plans/create", intent=OPEN_GARAGE)
    rejected = await result(
        owner,
        type="orchestration/plans/reject",
        plan_id=first["plan_id"],
        reason="Not while we are away",
    )
    assert rejected["status"] == "rejected"
    assert rejected["history"][-1]["reason"] == "Not while we are away"

    second = await result(member, type="orchestration/plans/create", intent=OPEN_GARAGE)
    cancelled = await result(
        member, type="orchestration/plans/cancel", plan_id=second["plan_id"]
    )
    assert cancelled["status"] == "cancelled"
    assert cancelled["can_cancel"] is False

    again = await command(
        member, type="orchestration/plans/cancel", plan_id=second["plan_id"]
    )
    assert again["error"]["code"] == "plan_not_active"
    assert hass.states.get("cover.garage_door").state == "closed"


async def test_errors_carry_a_code_and_a_message(
    hass: HomeAssistant,
    owner: MockHAClientWebSocket,
    orchestration_entry: MockConfigEntry,
) -> None:
    missing = await command(owner, type="orchestration/plans/get", plan_id="nope")
    assert missing["error"]["code"] == "plan_not_found"
    assert missing["error"]["translation_domain"] == "orchestration"
    assert "nope" in missing["error"]["message"]

    empty = await command(owner, type="orchestration/plans/preview", intent="")
    assert empty["error"]["code"] == "invalid_format"
    strategy = await command(
        owner,
        type="orchestration/plans/preview",
        intent=OPEN_GARAGE,
        strategy="fastest",
    )
    assert strategy["error"]["code"] == "invalid_format"

    assert await hass.config_entries.async_unload(orchestration_entry.entry_id)
    unloaded = await command(owner, type="orchestration/plans/list")
    assert unloaded["error"]["code"] == "not_loaded"


async def test_subscription_ends_with_the_connection(
    hass: HomeAssistant, watcher: MockHAClientWebSocket, member: MockHAClientWebSocket
) -> None:
    engine = async_get_engine(hass)
    # The integration's own listeners (re-optimisation) stay; the card's go.
    own = engine.plans.listener_count
    await watcher.send_json_auto_id({"type": "orchestration/plans/subscribe"})
    assert (await watcher.receive_json())["success"]
    assert engine.plans.listener_count == own + 1
    await watcher.close()
    await hass.async_block_till_done()
    assert engine.plans.listener_count == own
    # Changes after the close reach nobody and break nothing.
    created = await result(
        member, type="orchestration/plans/create", intent=OPEN_GARAGE
    )
    assert created["status"] == "pending_approval"


async def test_request_carries_the_caller_and_hints(
    hass: HomeAssistant, member: MockHAClientWebSocket, member_user: User
) -> None:
    engine = async_get_engine(hass)
    with patch.object(
        engine, "async_preview_plan", wraps=engine.async_preview_plan
    ) as preview:
        await result(
            member,
            type="orchestration/plans/preview",
            intent="turn on the lights",
            language="en",
            strategy="cost",
            area_id="kitchen",
            preferences={"cost_budget": 0.5},
        )
    request = preview.call_args.args[0]
    assert request.preferences == Preferences(cost_budget=0.5)
    assert request.preview is True
    assert request.trigger_type == "preview_request"
    assert request.strategy == "cost"
    assert request.language == "en"
    assert request.context_hints == ContextHints(area_id="kitchen")
    assert request.user_id == member_user.id


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"intent": "x" * 10_001}, id="intent-too-long"),
        pytest.param(
            {"intent": "x", "preferences": {"cost_budget": "abc"}}, id="cost-budget"
        ),
        pytest.param({"intent": "x", "preferences": [1]}, id="preferences-list"),
        pytest.param(
            {"intent": "x", "preferences": {"latency_budget_ms": None}},
            id="latency-null",
        ),
    ],
)
async def test_input_limits_are_those_of_the_services(
    hass: HomeAssistant, owner: MockHAClientWebSocket, fields: dict[str, Any]
) -> None:
    for kind in ("preview", "create"):
        refused = await command(owner, type=f"orchestration/plans/{kind}", **fields)
        assert refused["error"]["code"] == "invalid_format"
    assert async_get_engine(hass).list_plans() == []


async def test_other_home_assistant_errors_are_reported(
    hass: HomeAssistant, owner: MockHAClientWebSocket
) -> None:
    engine = async_get_engine(hass)
    with patch.object(
        engine, "async_create_plan", side_effect=HomeAssistantError("Planner crashed")
    ):
        failed = await command(owner, type="orchestration/plans/create", intent="x")
    assert failed["error"] == {
        "code": "home_assistant_error",
        "message": "Planner crashed",
    }


async def test_subscription_follows_the_entry_through_a_reload(
    hass: HomeAssistant,
    watcher: MockHAClientWebSocket,
    member: MockHAClientWebSocket,
    orchestration_entry: MockConfigEntry,
) -> None:
    first = await result(member, type="orchestration/plans/create", intent=OPEN_GARAGE)
    await watcher.send_json_auto_id({"type": "orchestration/plans/subscribe"})
    assert (await watcher.receive_json())["success"]
    snapshot = (await watcher.receive_json())["event"]
    assert [plan["plan_id"] for plan in snapshot["plans"]] == [first["plan_id"]]

    # Changing the options reloads the entry: a new engine, the same open card.
    assert await hass.config_entries.async_reload(orchestration_entry.entry_id)
    await hass.async_block_till_done()
    again = (await watcher.receive_json())["event"]
    assert again["type"] == "plans"
    assert [plan["plan_id"] for plan in again["plans"]] == [first["plan_id"]]

    second = await result(member, type="orchestration/plans/create", intent=OPEN_GARAGE)
    event = (await watcher.receive_json())["event"]
    assert event["type"] == "plan"
    assert event["plan"]["plan_id"] == second["plan_id"]

    own = async_get_engine(hass).plans.listener_count
    await watcher.close()
    await hass.async_block_till_done()
    assert async_get_engine(hass).plans.listener_count == own - 1
    assert await hass.config_entries.async_reload(orchestration_entry.entry_id)


async def test_each_reader_reads_the_plan_from_their_side(
    hass: HomeAssistant, owner: MockHAClientWebSocket, member: MockHAClientWebSocket
) -> None:
    """The member waits for a trusted member; the owner is asked for their approval."""
    created = await result(
        member, type="orchestration/plans/create", intent=OPEN_GARAGE
    )
    assert created["status"] == "pending_approval"
    assert created["explanation"]["consent"] == (
        "It waits for the approval of a trusted member, to use restricted data and "
        "open a garage door."
    )
    seen = await result(
        owner, type="orchestration/plans/get", plan_id=created["plan_id"]
    )
    assert seen["explanation"]["consent"] == (
        "It waits for your approval, to use restricted data and open a garage door."
    )
    approved = await result(
        owner, type="orchestration/plans/approve", plan_id=created["plan_id"]
    )
    assert approved["explanation"]["consent"] == (
        "You approved it; it runs with your permissions."
    )
    after = await result(
        member, type="orchestration/plans/get", plan_id=created["plan_id"]
    )
    assert after["explanation"]["consent"] == (
        "It was approved and runs with the approver's permissions."
    )


async def test_lists_take_a_query(
    hass: HomeAssistant, owner: MockHAClientWebSocket, watcher: MockHAClientWebSocket
) -> None:
    """List and subscribe take status, trigger type, limit and previews (DESIGN §8)."""
    preview = await result(
        owner, type="orchestration/plans/preview", intent="turn on the bed light"
    )
    waiting = await result(
        owner, type="orchestration/plans/create", intent="turn on the bed light"
    )
    for _ in range(2):
        await result(
            owner, type="orchestration/plans/create", intent="turn off the bed light"
        )
    await hass.async_block_till_done(wait_background_tasks=True)

    def ids(plans: list[dict[str, Any]]) -> list[str]:
        return [plan["plan_id"] for plan in plans]

    listed = await result(owner, type="orchestration/plans/list", limit=2)
    assert len(listed["plans"]) == 2
    assert preview["plan_id"] not in ids(listed["plans"])
    with_previews = await result(
        owner, type="orchestration/plans/list", include_previews=True, limit=500
    )
    assert ids(with_previews["plans"])[-2:] == [waiting["plan_id"], preview["plan_id"]]
    none = await result(
        owner, type="orchestration/plans/list", trigger_type="scheduled_routine"
    )
    assert none["plans"] == []
    refused = await command(owner, type="orchestration/plans/list", limit=501)
    assert refused["error"]["code"] == "invalid_format"

    await watcher.send_json_auto_id(
        {"type": "orchestration/plans/subscribe", "limit": 1}
    )
    assert (await watcher.receive_json())["success"]
    first = (await watcher.receive_json())["event"]
    assert first["type"] == "plans"
    assert len(first["plans"]) == 1
    assert preview["plan_id"] not in ids(first["plans"])
    await result(
        owner, type="orchestration/plans/preview", intent="turn on the bed light"
    )
    shown = await result(
        owner, type="orchestration/plans/create", intent="turn on the bed light"
    )
    event = (await watcher.receive_json())["event"]
    assert event["plan"]["plan_id"] == shown["plan_id"]
