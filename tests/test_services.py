"""The services of DESIGN §3 against the demo home."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)
from pytest_homeassistant_custom_component.typing import (
    ClientSessionGenerator,
    WebSocketGenerator,
)
from syrupy.assertion import SnapshotAssertion
import voluptuous as vol

from custom_components.orchestration.const import DOMAIN
from custom_components.orchestration.core.events import (
    EVENT_PLAN_CREATED,
    EVENT_PLAN_STATUS_CHANGED,
)

from .helpers import call, script_calls, stable

pytestmark = pytest.mark.usefixtures("orchestration_entry")


async def stored(hass: HomeAssistant) -> dict[str, Any]:
    engine = hass.config_entries.async_loaded_entries(DOMAIN)[0].runtime_data.engine
    return engine.plans.as_stored()


async def test_create_plan_turns_off_kitchen_lights(hass: HomeAssistant) -> None:
    assert hass.states.get("light.kitchen_lights").state == "on"
    created = async_capture_events(hass, EVENT_PLAN_CREATED)
    changed = async_capture_events(hass, EVENT_PLAN_STATUS_CHANGED)
    response = await call(
        hass, "create_plan", {"intent": "turn off the kitchen lights"}
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    assert hass.states.get("light.kitchen_lights").state == "off"
    assert hass.states.get("light.ceiling_lights").state == "on"
    goal = response["task_spec"]["goals"][0]
    assert goal["type"] == "turn_off"
    step = response["plan"]["steps"][0]
    assert step["action"] == "light.turn_off"
    assert step["target"] == {"entity_id": ["light.kitchen_lights"]}
    assert ("light.turn_off", ["light.kitchen_lights"]) in script_calls(
        response["script"]["sequence"]
    )
    assert response["explanation"]["summary"]
    assert response["policy"]["decision"] == "allow"
    assert created[0].data["plan_id"] == response["plan_id"]
    final = await call(hass, "get_plan", {"plan_id": response["plan_id"]})
    assert final["status"] == "completed"
    assert [event.data["new"] for event in changed] == ["running", "completed"]
    assert final["metrics"]["total_executions"] == 1


async def test_preview_changes_nothing(hass: HomeAssistant) -> None:
    before = {state.entity_id: state.state for state in hass.states.async_all()}
    notifications = async_capture_events(hass, "call_service")
    response = await call(
        hass, "preview_plan", {"intent": "turn off the kitchen lights"}
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    after = {state.entity_id: state.state for state in hass.states.async_all()}
    changed = {
        entity_id
        for entity_id, state in after.items()
        if before.get(entity_id) != state
        and not entity_id.startswith("sensor.orchestration")
    }
    assert changed == set()
    assert [event.data["domain"] for event in notifications] == [DOMAIN]
    assert response["status"] == "preview"
    assert response["task_spec"]["trigger_type"] == "preview_request"
    assert response["plan"]["steps"][0]["target"] == {
        "entity_id": ["light.kitchen_lights"]
    }


async def test_create_plan_with_preview_flag(hass: HomeAssistant) -> None:
    response = await call(
        hass, "create_plan", {"intent": "turn off the kitchen lights", "preview": True}
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    assert response["status"] == "preview"
    assert hass.states.get("light.kitchen_lights").state == "on"


BAD_INPUT = [
    ("create_plan", {}, "intent"),
    ("create_plan", {"intent": ""}, "intent"),
    ("create_plan", {"intent": "x" * 10_001}, "intent"),
    ("create_plan", {"intent": "turn on", "strategy": "cheapest"}, "strategy"),
    ("create_plan", {"intent": "turn on", "trigger_type": "whenever"}, "trigger_type"),
    ("create_plan", {"intent": "turn on", "context_hints": "kitchen"}, "context_hints"),
    (
        "create_plan",
        {"intent": "turn on", "preferences": {"cost_budget": "abc"}},
        "preferences",
    ),
    ("create_plan", {"intent": "turn on", "preferences": [1]}, "preferences"),
    (
        "create_plan",
        {"intent": "turn on", "preferences": {"latency_budget_ms": None}},
        "preferences",
    ),
    ("preview_plan", {"intent": "turn on", "preview": True}, "preview"),
    ("list_plans", {"status": "done"}, "status"),
    ("grant_consent", {"scope": ""}, "scope"),
    ("grant_consent", {"scope": "a", "expires": "tomorrow"}, "expires"),
    ("get_plan", {"plan_id": "x", "extra": 1}, "extra"),
]


@pytest.mark.parametrize(("service", "data", "field"), BAD_INPUT)
async def test_bad_input_is_refused_and_changes_nothing(
    hass: HomeAssistant, service: str, data: dict[str, Any], field: str
) -> None:
    before = await stored(hass)
    with pytest.raises(vol.Invalid) as err:
        await call(hass, service, data)
    assert field in str(err.value)
    assert await stored(hass) == before


@pytest.mark.parametrize(("service", "data", "field"), BAD_INPUT)
async def test_rest_callers_get_400_for_bad_input(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    service: str,
    data: dict[str, Any],
    field: str,
) -> None:
    """Regression: validation inside the handler made every one of these a 500."""
    assert await async_setup_component(hass, "api", {})
    client = await hass_client()
    before = await stored(hass)
    response = await client.post(
        f"/api/services/{DOMAIN}/{service}?return_response", json=data
    )
    assert response.status == HTTPStatus.BAD_REQUEST
    assert await stored(hass) == before


async def test_the_frontend_is_told_which_field_is_wrong(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator
) -> None:
    """Developer tools and scripts call services over the websocket API."""
    client = await hass_ws_client()
    await client.send_json_auto_id(
        {
            "type": "call_service",
            "domain": DOMAIN,
            "service": "create_plan",
            "service_data": {"intent": "x", "preferences": {"cost_budget": "abc"}},
            "return_response": True,
        }
    )
    answer = await client.receive_json()
    assert answer["error"]["code"] == "invalid_format"
    assert "cost_budget" in answer["error"]["message"]


async def test_rest_callers_get_the_plan(
    hass: HomeAssistant, hass_client: ClientSessionGenerator
) -> None:
    assert await async_setup_component(hass, "api", {})
    client = await hass_client()
    response = await client.post(
        f"/api/services/{DOMAIN}/preview_plan?return_response",
        json={
            "intent": "turn off the kitchen lights",
            "preferences": {"cost_budget": 0.5},
        },
    )
    assert response.status == HTTPStatus.OK
    plan = (await response.json())["service_response"]
    assert plan["status"] == "preview"
    assert plan["preferences"] == {"cost_budget": 0.5}


@pytest.mark.parametrize(
    "service", ["get_plan", "approve_plan", "reject_plan", "cancel_plan", "replan"]
)
async def test_unknown_plan_id(hass: HomeAssistant, service: str) -> None:
    before = await stored(hass)
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, service, {"plan_id": "nope"})
    assert err.value.translation_key == "plan_not_found"
    assert await stored(hass) == before


async def test_whitespace_intent(hass: HomeAssistant) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "create_plan", {"intent": "   "})
    assert err.value.translation_key == "empty_intent"


async def test_list_plans_filters_by_status(hass: HomeAssistant) -> None:
    """Newest first; previews only when asked for (DESIGN §8 "Listing")."""
    preview = await call(hass, "preview_plan", {"intent": "turn on the bed light"})
    done = await call(hass, "create_plan", {"intent": "turn on the kitchen lights"})
    routine = await call(
        hass,
        "create_plan",
        {"intent": "turn off the bed light", "trigger_type": "scheduled_routine"},
    )
    await hass.async_block_till_done(wait_background_tasks=True)

    def ids(listed: dict[str, Any]) -> list[str]:
        return [plan["plan_id"] for plan in listed["plans"]]

    everything = await call(hass, "list_plans", {})
    assert ids(everything) == [routine["plan_id"], done["plan_id"]]
    assert everything["metrics"]["plans_created"] == 3
    with_previews = await call(hass, "list_plans", {"include_previews": True})
    assert ids(with_previews) == [
        routine["plan_id"],
        done["plan_id"],
        preview["plan_id"],
    ]
    previews = await call(hass, "list_plans", {"status": "preview"})
    assert ids(previews) == [preview["plan_id"]]
    assert previews["plans"][0]["intent"] == "turn on the bed light"
    routines = await call(hass, "list_plans", {"trigger_type": "scheduled_routine"})
    assert ids(routines) == [routine["plan_id"]]
    assert ids(await call(hass, "list_plans", {"limit": 1})) == [routine["plan_id"]]


@pytest.mark.parametrize("limit", [0, 501, "many"])
async def test_list_plans_limit_is_bounded(hass: HomeAssistant, limit: object) -> None:
    """A limit outside 1-500 is refused with the field named."""
    with pytest.raises(vol.Invalid, match="limit"):
        await call(hass, "list_plans", {"limit": limit})


async def test_list_plans_defaults_to_the_newest_twenty(hass: HomeAssistant) -> None:
    """Without a limit, 20 plans; with one, up to 500."""
    for _ in range(21):
        await call(hass, "preview_plan", {"intent": "turn on the bed light"})
    listed = await call(hass, "list_plans", {"include_previews": True})
    assert len(listed["plans"]) == 20
    more = await call(hass, "list_plans", {"include_previews": True, "limit": 500})
    assert len(more["plans"]) == 21


async def test_cancel_finished_plan_is_refused(hass: HomeAssistant) -> None:
    done = await call(hass, "create_plan", {"intent": "turn on the kitchen lights"})
    await hass.async_block_till_done(wait_background_tasks=True)
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "cancel_plan", {"plan_id": done["plan_id"]})
    assert err.value.translation_key == "plan_not_active"
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "approve_plan", {"plan_id": done["plan_id"]})
    assert err.value.translation_key == "plan_not_pending"


async def test_service_without_loaded_entry(
    hass: HomeAssistant, orchestration_entry: MockConfigEntry
) -> None:
    await hass.config_entries.async_unload(orchestration_entry.entry_id)
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "list_plans", {})
    assert err.value.translation_key == "not_loaded"


async def test_response_is_optional_for_actions(hass: HomeAssistant) -> None:
    result = await hass.services.async_call(
        DOMAIN, "create_plan", {"intent": "turn on the bed light"}, blocking=True
    )
    assert result is None
    await hass.async_block_till_done(wait_background_tasks=True)
    plans = await call(hass, "list_plans", {})
    assert plans["plans"][0]["intent"] == "turn on the bed light"


async def test_plan_response_snapshot(
    hass: HomeAssistant, snapshot: SnapshotAssertion
) -> None:
    """A whole PlanResponse, from create_plan and from get_plan after the run."""
    created = await call(hass, "create_plan", {"intent": "turn off the kitchen lights"})
    await hass.async_block_till_done(wait_background_tasks=True)
    done = await call(hass, "get_plan", {"plan_id": created["plan_id"]})
    ids: dict[str, str] = {}
    assert stable(created, ids) == snapshot(name="created")
    assert stable(done, ids) == snapshot(name="completed")
