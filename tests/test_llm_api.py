"""The Orchestration LLM API: every tool through the registered API, never approving."""

from __future__ import annotations

from typing import Any

from homeassistant.auth.models import User
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr, llm
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import voluptuous as vol

from custom_components.orchestration.core.models import (
    ContextHints,
    PlanStatus,
    Preferences,
)
from custom_components.orchestration.engine import async_get_engine

from .helpers import call_tool, llm_context

UNLOCK = "unlock the front door"
TOOLS = {"preview_plan", "create_plan", "get_plan", "list_plans", "request_approval"}


@pytest.mark.usefixtures("orchestration_entry")
async def test_api_offers_planning_tools_but_no_approval(hass: HomeAssistant) -> None:
    api = await llm.async_get_api(hass, "orchestration", llm_context())

    assert api.api.name == "Orchestration"
    assert {tool.name for tool in api.tools} == TOOLS
    assert "cannot approve" in api.api_prompt
    assert all(tool.description for tool in api.tools)
    with pytest.raises(HomeAssistantError, match="not found"):
        await api.async_call_tool(
            llm.ToolInput(tool_name="approve_plan", tool_args={"plan_id": "x"})
        )


@pytest.mark.usefixtures("orchestration_entry")
async def test_tool_arguments_are_validated(hass: HomeAssistant) -> None:
    api = await llm.async_get_api(hass, "orchestration", llm_context())
    tools = {tool.name: tool for tool in api.tools}

    with pytest.raises(vol.Invalid):
        tools["create_plan"].parameters({})
    with pytest.raises(vol.Invalid):
        tools["preview_plan"].parameters({"intent": UNLOCK, "strategy": "fastest"})
    with pytest.raises(vol.Invalid):
        tools["list_plans"].parameters({"limit": 0})
    with pytest.raises(vol.Invalid):
        tools["list_plans"].parameters({"limit": 501})
    assert tools["list_plans"].parameters(
        {"status": "preview", "limit": "2", "trigger_type": "replan"}
    ) == {"status": "preview", "limit": 2, "trigger_type": "replan"}


@pytest.mark.usefixtures("orchestration_entry")
async def test_preview_plan_acts_on_nothing(hass: HomeAssistant) -> None:
    result = await call_tool(
        hass, "preview_plan", {"intent": UNLOCK, "strategy": "privacy_first"}
    )

    assert result["status"] == "preview"
    assert result["intent"] == UNLOCK
    assert result["summary"]
    assert result["waits_for_approval"] is False
    assert async_get_engine(hass).get_plan(result["plan_id"]).plan.strategy == (
        "privacy_first"
    )
    assert hass.states.get("lock.front_door").state == "locked"


@pytest.mark.usefixtures("orchestration_entry")
async def test_plan_needing_approval_stays_pending_through_every_tool(
    hass: HomeAssistant, hass_read_only_user: User
) -> None:
    user_id = hass_read_only_user.id
    created = await call_tool(hass, "create_plan", {"intent": UNLOCK}, user_id)

    assert created["status"] == "pending_approval"
    assert created["waits_for_approval"] is True
    assert created["note"] == (
        "This plan waits for approval by a household member with a sufficient trust "
        "tier. It has not run. Approval cannot be given through this API."
    )
    assert "security.lock.unlock" in created["required_scopes"]
    plan_id = created["plan_id"]

    asked = await call_tool(hass, "request_approval", {"plan_id": plan_id}, user_id)
    read = await call_tool(hass, "get_plan", {"plan_id": plan_id}, user_id)
    listed = await call_tool(
        hass, "list_plans", {"status": "pending_approval"}, user_id
    )

    assert asked["status"] == read["status"] == "pending_approval"
    assert asked["user_can_approve_in_home_assistant"] is False
    assert "security.lock.unlock" in asked["missing_scopes"]
    assert [plan["plan_id"] for plan in listed["plans"]] == [plan_id]
    assert async_get_engine(hass).get_plan(plan_id).status is (
        PlanStatus.PENDING_APPROVAL
    )
    assert hass.states.get("lock.front_door").state == "locked"


@pytest.mark.usefixtures("orchestration_entry")
async def test_request_approval_submits_a_preview_to_the_gate(
    hass: HomeAssistant, hass_read_only_user: User
) -> None:
    preview = await call_tool(
        hass, "preview_plan", {"intent": UNLOCK}, user_id=hass_read_only_user.id
    )

    submitted = await call_tool(
        hass,
        "request_approval",
        {"plan_id": preview["plan_id"]},
        user_id=hass_read_only_user.id,
    )

    assert submitted["from_preview"] == preview["plan_id"]
    assert submitted["plan_id"] != preview["plan_id"]
    assert submitted["status"] == "pending_approval"
    record = async_get_engine(hass).get_plan(submitted["plan_id"])
    assert record.user_id == hass_read_only_user.id
    assert record.task_spec.intent == UNLOCK
    assert hass.states.get("lock.front_door").state == "locked"


@pytest.mark.usefixtures("orchestration_entry")
async def test_request_approval_refuses_a_plan_that_is_not_waiting(
    hass: HomeAssistant, hass_read_only_user: User
) -> None:
    user_id = hass_read_only_user.id
    created = await call_tool(hass, "create_plan", {"intent": UNLOCK}, user_id)
    await async_get_engine(hass).async_cancel(created["plan_id"], user_id)

    with pytest.raises(HomeAssistantError) as err:
        await call_tool(
            hass, "request_approval", {"plan_id": created["plan_id"]}, user_id
        )

    assert err.value.translation_key == "plan_not_pending"


@pytest.mark.usefixtures("orchestration_entry")
async def test_create_plan_runs_what_policy_allows(
    hass: HomeAssistant, hass_admin_user: User
) -> None:
    result = await call_tool(
        hass,
        "create_plan",
        {"intent": "turn on the kitchen lights"},
        user_id=hass_admin_user.id,
    )

    assert result["status"] in ("running", "completed", "scheduled")
    assert "note" not in result
    assert hass.states.get("light.kitchen_lights").state == "on"
    read = await call_tool(
        hass, "get_plan", {"plan_id": result["plan_id"]}, hass_admin_user.id
    )
    assert read["status"] == "completed"


async def test_area_hint_comes_from_the_calling_device(
    hass: HomeAssistant, orchestration_entry: MockConfigEntry
) -> None:
    devices = dr.async_get(hass)
    satellite = devices.async_get_or_create(
        config_entry_id=orchestration_entry.entry_id,
        identifiers={("test", "satellite")},
    )
    devices.async_update_device(satellite.id, area_id="kitchen")

    result = await call_tool(
        hass, "preview_plan", {"intent": "turn on the lights"}, device_id=satellite.id
    )

    record = async_get_engine(hass).get_plan(result["plan_id"])
    assert any("kitchen" in goal.targets.area_ids for goal in record.task_spec.goals)


@pytest.mark.usefixtures("orchestration_entry")
async def test_preferences_and_area_are_carried_to_the_submitted_preview(
    hass: HomeAssistant, hass_read_only_user: User
) -> None:
    preview = await call_tool(
        hass,
        "preview_plan",
        {
            "intent": "turn on the lights",
            "area_id": "kitchen",
            "preferences": {"privacy_first": "false", "cost_budget": 2},
        },
        user_id=hass_read_only_user.id,
    )
    submitted = await call_tool(
        hass,
        "request_approval",
        {"plan_id": preview["plan_id"]},
        user_id=hass_read_only_user.id,
    )
    engine = async_get_engine(hass)
    for plan_id in (preview["plan_id"], submitted["plan_id"]):
        record = engine.get_plan(plan_id)
        assert record.context_hints == ContextHints(area_id="kitchen")
        assert record.preferences == Preferences(privacy_first=False, cost_budget=2.0)
    assert (
        engine.get_plan(submitted["plan_id"]).task_spec.goals
        == engine.get_plan(preview["plan_id"]).task_spec.goals
    )


@pytest.mark.usefixtures("orchestration_entry")
@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("create_plan", {"intent": UNLOCK, "strategy": "evil"}),
        ("preview_plan", {"intent": UNLOCK, "preferences": {"cost_budget": "abc"}}),
        ("preview_plan", {"intent": UNLOCK, "preferences": [1]}),
        ("list_plans", {"limit": "abc"}),
        ("get_plan", {}),
    ],
)
async def test_bad_arguments_are_refused_not_crashed_on(
    hass: HomeAssistant, name: str, args: dict[str, Any]
) -> None:
    """The model's arguments arrive unchecked; the tool refuses bad ones itself."""
    api = await llm.async_get_api(hass, "orchestration", llm_context())
    with pytest.raises(vol.Invalid):
        await api.async_call_tool(llm.ToolInput(tool_name=name, tool_args=args))
    assert async_get_engine(hass).list_plans() == []


@pytest.mark.usefixtures("orchestration_entry")
async def test_list_plans_newest_first_and_limited(
    hass: HomeAssistant, hass_admin_user: User
) -> None:
    user_id = hass_admin_user.id
    first = await call_tool(hass, "preview_plan", {"intent": UNLOCK}, user_id)
    second = await call_tool(
        hass, "preview_plan", {"intent": "turn on the lights"}, user_id
    )

    hidden = await call_tool(hass, "list_plans", {}, user_id)
    listed = await call_tool(hass, "list_plans", {"include_previews": True}, user_id)
    limited = await call_tool(
        hass, "list_plans", {"status": "preview", "limit": 1}, user_id
    )

    assert hidden["plans"] == []
    assert [plan["plan_id"] for plan in listed["plans"]] == [
        second["plan_id"],
        first["plan_id"],
    ]
    assert [plan["plan_id"] for plan in limited["plans"]] == [second["plan_id"]]


@pytest.mark.usefixtures("orchestration_entry")
async def test_a_conversation_reads_only_its_users_plans(
    hass: HomeAssistant, hass_admin_user: User, hass_read_only_user: User
) -> None:
    """What a model is told may leave the home: no one else's plans, none without
    a user; another's plan is refused like an unknown one."""
    admins = await call_tool(
        hass, "preview_plan", {"intent": UNLOCK}, hass_admin_user.id
    )
    others = await call_tool(
        hass, "preview_plan", {"intent": UNLOCK}, hass_read_only_user.id
    )

    everything = {"include_previews": True}
    listed = await call_tool(hass, "list_plans", everything, hass_read_only_user.id)
    anonymous = await call_tool(hass, "list_plans", everything)

    assert [plan["plan_id"] for plan in listed["plans"]] == [others["plan_id"]]
    assert anonymous["plans"] == []
    for user_id in (hass_read_only_user.id, None):
        with pytest.raises(ServiceValidationError) as err:
            await call_tool(hass, "get_plan", {"plan_id": admins["plan_id"]}, user_id)
        assert err.value.translation_key == "plan_not_found"


@pytest.mark.usefixtures("orchestration_entry")
async def test_unknown_plan_is_reported(hass: HomeAssistant) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await call_tool(hass, "get_plan", {"plan_id": "no-such-plan"})

    assert err.value.translation_key == "plan_not_found"


async def test_api_is_unregistered_on_unload(
    hass: HomeAssistant, orchestration_entry: MockConfigEntry
) -> None:
    assert "orchestration" in {api.id for api in llm.async_get_apis(hass)}

    assert await hass.config_entries.async_unload(orchestration_entry.entry_id)

    assert "orchestration" not in {api.id for api in llm.async_get_apis(hass)}
    with pytest.raises(HomeAssistantError):
        await llm.async_get_api(hass, "orchestration", llm_context())


@pytest.mark.usefixtures("orchestration_entry")
async def test_works_beside_assist_where_an_agent_takes_several_apis(
    hass: HomeAssistant,
) -> None:
    if not hasattr(llm, "MergedAPI"):
        pytest.skip("This release gives an agent a single LLM API (2025.4 does)")
    merged = await llm.async_get_api(hass, ["assist", "orchestration"], llm_context())
    names = {tool.name for tool in merged.tools}

    assert {f"orchestration__{name}" for name in TOOLS} <= names
    result = await merged.async_call_tool(
        llm.ToolInput(
            tool_name="orchestration__create_plan", tool_args={"intent": UNLOCK}
        )
    )
    assert result["status"] == "pending_approval"
    assert hass.states.get("lock.front_door").state == "locked"
