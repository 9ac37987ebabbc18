"""The language model fallback end to end, with fake agents in a real hass.

A request neither layer understands goes to the agent the options name, only then,
only when the privacy of the request allows, and what the agent proposes is checked
against the home and gated like any other plan.
"""

from __future__ import annotations

from collections.abc import Iterator
import json
import logging
from typing import Any

from homeassistant.components.homeassistant.exposed_entities import (
    async_expose_entity,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er, label_registry as lr
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    mock_config_flow,
)

from custom_components.orchestration.const import (
    CONF_LLM_AGENT,
    CONF_LLM_FALLBACK,
    CONF_LLM_TIMEOUT_S,
    DOMAIN,
)
from custom_components.orchestration.core.intake.proposal import refusal_detail
from custom_components.orchestration.core.models import Goal, PlanStatus, TriggerType
from custom_components.orchestration.engine import async_get_engine
from custom_components.orchestration.language_model import async_usable_agents
from custom_components.orchestration.request import PlanRequest

from .common import async_setup_orchestration
from .helpers import call, notifications, script_calls, settle
from .language_models import (
    CLOUD,
    FAKE_DOMAIN,
    LOCAL,
    FakeFlow,
    Script,
    async_add_agent,
)

# Nothing Orchestration understands, and nothing sensitive in its words.
NOT_UNDERSTOOD = "do the zorp in the kitchen"
# Not understood either, but it speaks of a door.
SENSITIVE = "zorp the door"
KITCHEN_ON = {
    "goals": [{"type": "turn_on", "targets": {"entity_ids": ["light.kitchen_lights"]}}]
}
UNLOCK_FRONT_DOOR = {
    "goals": [{"type": "unlock", "targets": {"entity_ids": ["lock.front_door"]}}]
}


@pytest.fixture(autouse=True)
def fake_agent_flow() -> Iterator[None]:
    """The fake agents' integration can have config entries."""
    with mock_config_flow(FAKE_DOMAIN, FakeFlow):
        yield


def goals_of(value: dict[str, Any]) -> list[dict[str, Any]]:
    """The goals of a proposal as a TaskSpec holds them (every target key)."""
    return [Goal.from_dict(goal).as_dict() for goal in value["goals"]]


def proposal(value: dict[str, Any]) -> str:
    """A model's answer: the JSON in a code block, with words around it."""
    return f"Sure! Here is the task:\n```json\n{json.dumps(value)}\n```"


async def setup(
    hass: HomeAssistant,
    script: Script,
    *,
    iot_class: str = LOCAL,
    enabled: bool = True,
    **options: Any,
) -> str:
    """An agent answering ``script`` and Orchestration set up to ask it."""
    agent_id = await async_add_agent(hass, iot_class=iot_class, script=script)
    await async_setup_orchestration(
        hass,
        **{CONF_LLM_FALLBACK: enabled, CONF_LLM_AGENT: agent_id, **options},
    )
    return agent_id


async def create(
    hass: HomeAssistant, intent: str, *, user_id: str | None = None, **fields: Any
) -> dict[str, Any]:
    return await call(
        hass, "create_plan", {"intent": intent, **fields}, user_id=user_id
    )


async def test_off_by_default(demo_home: HomeAssistant) -> None:
    """An entry as the flow makes it never asks, even with an agent there."""
    script = Script(answer=proposal(KITCHEN_ON))
    await async_add_agent(demo_home, iot_class=LOCAL, script=script)
    await async_setup_orchestration(demo_home)
    plan = await create(demo_home, NOT_UNDERSTOOD)
    assert script.asked == []
    assert plan["status"] == "infeasible"
    assert plan["task_spec"]["proposed_by"] is None
    assert plan["task_spec"]["unresolved"] == [
        f"“{NOT_UNDERSTOOD}” was not understood."
    ]


async def test_switched_off_with_an_agent_chosen(demo_home: HomeAssistant) -> None:
    """An agent chosen but the fallback switched off: not asked."""
    script = Script(answer=proposal(KITCHEN_ON))
    await setup(demo_home, script, enabled=False)
    plan = await create(demo_home, NOT_UNDERSTOOD)
    assert script.asked == []
    assert plan["status"] == "infeasible"


async def test_understood_requests_never_reach_the_model(
    demo_home: HomeAssistant,
) -> None:
    """Understood, or a question back: the model is not asked."""
    script = Script(answer=proposal(KITCHEN_ON))
    await setup(demo_home, script)
    plan = await create(demo_home, "turn off the kitchen lights")
    assert plan["task_spec"]["proposed_by"] is None
    # A device hidden from Assist is explained, not guessed at.
    async_expose_entity(demo_home, "conversation", "light.bed_light", False)
    await settle(demo_home)
    hidden = await create(demo_home, "turn on the bed light")
    assert any("not exposed" in note for note in hidden["task_spec"]["unresolved"])
    assert script.asked == []


async def test_local_agent_proposes_a_plan(
    demo_home: HomeAssistant, hass_admin_user: Any
) -> None:
    """Not understood: the agent is told the request and the home, and its proposal
    is planned, marked as the model's and explained as such."""
    script = Script(answer=proposal(KITCHEN_ON))
    agent_id = await setup(demo_home, script)
    plan = await create(demo_home, NOT_UNDERSTOOD, user_id=hass_admin_user.id)
    await settle(demo_home)

    (asked,) = script.asked
    assert asked["text"] == NOT_UNDERSTOOD
    assert asked["language"] == "en"
    assert asked["user_id"] == hass_admin_user.id
    told = asked["extra_system_prompt"]
    assert "light.kitchen_lights" in told
    assert "lock.front_door" in told  # a local agent sees the whole exposed home
    assert "unlock" in told  # the vocabulary
    assert "deadline" in told
    assert "state" not in told.split("The home")[1].lower()  # no states

    spec = plan["task_spec"]
    assert spec["goals"] == goals_of(KITCHEN_ON)
    assert spec["unresolved"] == []
    assert spec["proposed_by"] == {
        "agent_id": agent_id,
        "name": "llm agent",
        "local": True,
    }
    assert spec["confidence"] == 0.6
    assert (
        "A language model (llm agent) proposed this" in (plan["explanation"]["summary"])
    )
    devices = [
        entity_id
        for _, entity_ids in script_calls(plan["script"]["sequence"])
        for entity_id in entity_ids
    ]
    assert devices == ["light.kitchen_lights"]
    assert plan["status"] in ("scheduled", "running", "completed")
    assert demo_home.states.get("light.kitchen_lights").state == "on"


async def test_preview_asks_and_runs_nothing(demo_home: HomeAssistant) -> None:
    """A preview shows what the request would do, the model's part included."""
    script = Script(answer=proposal(KITCHEN_ON))
    await setup(demo_home, script)
    demo_home.states.async_set("light.kitchen_lights", "off")
    plan = await call(demo_home, "preview_plan", {"intent": NOT_UNDERSTOOD})
    await settle(demo_home)
    assert len(script.asked) == 1
    assert plan["status"] == "preview"
    assert plan["task_spec"]["proposed_by"]["agent_id"] == "conversation.llm_agent"
    assert demo_home.states.get("light.kitchen_lights").state == "off"


async def test_unlock_through_the_model_waits_for_approval(
    demo_home: HomeAssistant,
) -> None:
    """An automation's request the local model turns into an unlock: the same gate."""
    script = Script(answer=proposal(UNLOCK_FRONT_DOOR))
    await setup(demo_home, script)
    plan = await create(demo_home, "let the plumber in")
    assert len(script.asked) == 1
    assert plan["task_spec"]["privacy_class"] == "restricted"
    assert plan["status"] == "pending_approval"
    assert plan["policy"]["approval_required"] is True
    assert "security.lock.unlock" in plan["policy"]["required_scopes"]
    await settle(demo_home)
    assert demo_home.states.get("lock.front_door").state == "locked"


async def test_sensitive_request_never_goes_to_a_cloud_agent(
    demo_home: HomeAssistant,
) -> None:
    """Words about a lock keep the request away from a cloud service."""
    script = Script(answer=proposal(UNLOCK_FRONT_DOOR))
    await setup(demo_home, script, iot_class=CLOUD)
    plan = await create(demo_home, SENSITIVE)
    assert script.asked == []
    assert plan["status"] == "infeasible"
    assert plan["task_spec"]["unresolved"][-1] == (
        "The language model llm agent was not asked: it is a cloud service, and the "
        "request may concern locks, doors, alarms, cameras, who is home or private "
        "devices."
    )


async def test_same_sensitive_request_goes_to_a_local_agent(
    demo_home: HomeAssistant,
) -> None:
    """The same request with a local agent: asked, and its unlock is gated."""
    script = Script(answer=proposal(UNLOCK_FRONT_DOOR))
    await setup(demo_home, script, iot_class=LOCAL)
    plan = await create(demo_home, SENSITIVE)
    assert len(script.asked) == 1
    assert plan["status"] == "pending_approval"


async def test_request_to_stay_local_never_goes_to_a_cloud_agent(
    demo_home: HomeAssistant,
) -> None:
    """A request that asks to stay local is not sent to a cloud service."""
    script = Script(answer=proposal(KITCHEN_ON))
    await setup(demo_home, script, iot_class=CLOUD)
    plan = await create(demo_home, "do the zorp in the kitchen locally")
    assert script.asked == []
    assert plan["task_spec"]["unresolved"][-1] == (
        "The language model llm agent was not asked: it is a cloud service, and the "
        "request asks to stay local."
    )


async def test_cloud_agent_sees_no_sensitive_devices_and_may_not_propose_them(
    demo_home: HomeAssistant,
) -> None:
    """A harmless-sounding request to a cloud agent: the home it is told has no
    locks, garage door or cameras, and an unlock it proposes anyway is refused."""
    script = Script(answer=proposal(UNLOCK_FRONT_DOOR))
    await setup(demo_home, script, iot_class=CLOUD)
    plan = await create(demo_home, "let the plumber in")
    (asked,) = script.asked
    told = asked["extra_system_prompt"]
    assert "light.kitchen_lights" in told
    for hidden in ("lock.front_door", "lock.kitchen_door", "cover.garage_door"):
        assert hidden not in told
    assert plan["status"] == "infeasible"
    assert plan["task_spec"]["unresolved"][-1] == (
        "The proposal of llm agent was refused: it is a cloud service, and the "
        "proposal concerns locks, doors, alarms, cameras, who is home or private "
        "devices."
    )
    assert demo_home.states.get("lock.front_door").state == "locked"


async def test_cloud_agent_and_a_device_labelled_restricted(
    demo_home: HomeAssistant,
) -> None:
    """A device labelled restricted is kept from a cloud agent like a lock is: not
    told of it, and a proposal that reaches it is refused."""
    restricted = lr.async_get(demo_home).async_create("restricted")
    er.async_get(demo_home).async_update_entity(
        "light.kitchen_lights", labels={restricted.label_id}
    )
    await settle(demo_home)
    script = Script(answer=proposal(KITCHEN_ON))
    await setup(demo_home, script, iot_class=CLOUD)
    plan = await create(demo_home, NOT_UNDERSTOOD)
    (asked,) = script.asked
    assert "light.kitchen_lights" not in asked["extra_system_prompt"]
    assert "light.living_room_rgbww_lights" in asked["extra_system_prompt"]
    assert plan["status"] == "infeasible"
    assert plan["task_spec"]["unresolved"][-1] == (
        "The proposal of llm agent was refused: it is a cloud service, and the "
        "proposal concerns locks, doors, alarms, cameras, who is home or private "
        "devices."
    )
    # Named in the request: the request itself is not sent.
    named = await create(demo_home, "zorp the kitchen lights")
    assert len(script.asked) == 1
    assert named["task_spec"]["unresolved"][-1].endswith(
        "the request may concern locks, doors, alarms, cameras, who is home or "
        "private devices."
    )


async def test_cloud_agent_proposal_is_explained_as_sent_out(
    demo_home: HomeAssistant,
) -> None:
    """A cloud model read the request: the privacy line says so, not "nothing
    leaves your home"."""
    script = Script(answer=proposal(KITCHEN_ON))
    await setup(demo_home, script, iot_class=CLOUD)
    plan = await create(demo_home, NOT_UNDERSTOOD)
    assert plan["task_spec"]["proposed_by"]["local"] is False
    privacy = plan["explanation"]["privacy"]
    assert "nothing leaves your home" not in privacy
    assert "The request was sent to llm agent, a cloud service" in privacy


async def test_template_in_a_proposal_is_delivered_as_data(
    demo_home: HomeAssistant, hass_admin_user: Any
) -> None:
    """A template the model puts in a message arrives as text: never rendered."""
    demo_home.states.async_set("sensor.alarm_pin", "4711")
    message = "pin={{ states('sensor.alarm_pin') }} {{ 6*7 }}"
    script = Script(
        answer=proposal({"goals": [{"type": "notify", "params": {"message": message}}]})
    )
    await setup(demo_home, script)
    plan = await create(demo_home, NOT_UNDERSTOOD, user_id=hass_admin_user.id)
    await settle(demo_home)
    assert plan["task_spec"]["goals"][0]["params"] == {"message": message}
    assert plan["status"] in ("scheduled", "running", "completed")
    delivered = notifications(demo_home)
    assert message in delivered
    assert not any("4711" in text or "42" in text for text in delivered)


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        pytest.param(
            proposal(
                {"goals": [{"type": "turn_on", "targets": {"entity_ids": ["light.x"]}}]}
            ),
            "light.x is not a device exposed to Assist",
            id="unknown-entity",
        ),
        pytest.param(
            proposal(
                {
                    "goals": [
                        {
                            "type": "turn_on",
                            "targets": {"entity_ids": ["light.bed_light"]},
                        }
                    ]
                }
            ),
            "light.bed_light is not a device exposed to Assist",
            id="hidden-entity",
        ),
        pytest.param(
            proposal({**KITCHEN_ON, "user_id": "owner", "trust_tier": "privileged"}),
            "unknown keys: trust_tier, user_id",
            id="asks-for-rights",
        ),
        pytest.param('{"goals": [}', "not valid JSON", id="garbage"),
        pytest.param(
            '{"goals": []' + " " * 40_000 + "}", "longer than 32000", id="huge"
        ),
    ],
)
async def test_bad_answers_are_refused(
    demo_home: HomeAssistant,
    answer: Any,
    why: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Whatever the model answers, nothing it should not do gets into a plan; the
    person reads that it could not be used, the log says why."""
    caplog.set_level(logging.DEBUG, logger="custom_components.orchestration")
    async_expose_entity(demo_home, "conversation", "light.bed_light", False)
    script = Script(answer=answer)
    await setup(demo_home, script)
    plan = await create(demo_home, NOT_UNDERSTOOD)
    assert len(script.asked) == 1
    assert plan["status"] == "infeasible"
    assert plan["plan"]["steps"] == []
    assert plan["task_spec"]["proposed_by"] is None
    unresolved = plan["task_spec"]["unresolved"]
    assert unresolved[0] == f"“{NOT_UNDERSTOOD}” was not understood."
    assert unresolved[-1] == "The answer of the language model could not be used."
    (logged,) = [
        record.getMessage()
        for record in caplog.records
        if "answer refused" in record.getMessage()
    ]
    assert why in logged


@pytest.mark.parametrize(
    ("script", "why"),
    [
        pytest.param(
            Script(error=HomeAssistantError("the model is overloaded")),
            "the model is overloaded",
            id="raises",
        ),
        pytest.param(
            Script(error=RuntimeError()), "RuntimeError", id="raises-without-words"
        ),
        pytest.param(
            Script(answer="No API key", error_response=True),
            "No API key",
            id="error-response",
        ),
        pytest.param(Script(delay=5), None, id="too-slow"),
    ],
)
async def test_failing_agent_leaves_the_request_unresolved(
    demo_home: HomeAssistant, script: Script, why: str | None
) -> None:
    """An agent that fails or is slow: the request stays not understood, with why."""
    await setup(demo_home, script, **{CONF_LLM_TIMEOUT_S: 1})
    plan = await create(demo_home, NOT_UNDERSTOOD)
    assert plan["status"] == "infeasible"
    assert plan["task_spec"]["unresolved"][-1] == (
        "The language model llm agent did not answer within 1 s."
        if why is None
        else f"The language model llm agent gave no answer: {why}"
    )


async def test_agent_that_can_control_the_home_is_never_asked(
    demo_home: HomeAssistant,
) -> None:
    """An agent with "Control Home Assistant" could act past the gate: not asked."""
    script = Script(answer=proposal(KITCHEN_ON))
    agent_id = await async_add_agent(
        demo_home, iot_class=LOCAL, script=script, control=True
    )
    assert agent_id not in async_usable_agents(demo_home)
    await async_setup_orchestration(
        demo_home, **{CONF_LLM_FALLBACK: True, CONF_LLM_AGENT: agent_id}
    )
    plan = await create(demo_home, NOT_UNDERSTOOD)
    assert script.asked == []
    assert plan["task_spec"]["unresolved"][-1] == (
        f"The language model {agent_id} was not asked: it is not available, or it "
        "can control Home Assistant itself."
    )


async def test_home_assistants_own_agent_is_not_usable(
    demo_home: HomeAssistant,
) -> None:
    """The built-in agent acts on the home itself."""
    await async_add_agent(demo_home, iot_class=LOCAL, script=Script())
    agents = async_usable_agents(demo_home)
    assert demo_home.states.get("conversation.home_assistant") is not None
    assert list(agents) == ["conversation.llm_agent"]
    assert agents["conversation.llm_agent"].local is True


async def test_agent_of_unknown_origin_counts_as_cloud(
    demo_home: HomeAssistant,
) -> None:
    """An integration that does not say where it runs is not trusted to be local."""
    await async_add_agent(demo_home, iot_class=None, script=Script())  # type: ignore[arg-type]
    assert async_usable_agents(demo_home)["conversation.llm_agent"].local is False


async def test_routines_never_ask(demo_home: HomeAssistant) -> None:
    """A scheduled routine must do the same thing each time: it is not asked."""
    script = Script(answer=proposal(KITCHEN_ON))
    await setup(demo_home, script)
    plan = await create(
        demo_home, NOT_UNDERSTOOD, trigger_type=TriggerType.SCHEDULED_ROUTINE
    )
    assert script.asked == []
    assert plan["task_spec"]["unresolved"][-1] == (
        "The language model llm agent was not asked: a scheduled routine must do the "
        "same thing every time, with nobody watching."
    )


async def test_replan_checks_the_proposal_again_without_asking(
    demo_home: HomeAssistant,
) -> None:
    """A replan of the model's plan re-checks its proposal against the home now."""
    script = Script(answer=proposal(UNLOCK_FRONT_DOOR))
    await setup(demo_home, script)
    plan = await create(demo_home, "let the plumber in")
    assert plan["status"] == "pending_approval"
    engine = async_get_engine(demo_home)
    replanned = await engine.async_replan(plan["plan_id"], "test", None)
    assert len(script.asked) == 1
    assert replanned.task_spec.trigger_type is TriggerType.REPLAN
    assert replanned.task_spec.proposed_by == (
        engine.get_plan(plan["plan_id"]).task_spec.proposed_by
    )
    assert [goal.as_dict() for goal in replanned.task_spec.goals] == goals_of(
        UNLOCK_FRONT_DOOR
    )
    assert replanned.status is PlanStatus.PENDING_APPROVAL
    # The lock is hidden from Assist since: the proposal no longer holds.
    async_expose_entity(demo_home, "conversation", "lock.front_door", False)
    await settle(demo_home)
    again = await engine.async_replan(replanned.plan_id, "test", None)
    assert len(script.asked) == 1
    assert again.status is PlanStatus.INFEASIBLE
    assert again.task_spec.unresolved[-1] == (
        "The answer of the language model could not be used."
    )
    assert refusal_detail(again.task_spec.unresolved[-1]) == (
        "lock.front_door is not a device exposed to Assist"
    )


async def test_replan_of_an_understood_plan_is_untouched(
    demo_home: HomeAssistant,
) -> None:
    """Replanning what the grammar understood never involves the model."""
    script = Script(answer=proposal(KITCHEN_ON))
    await setup(demo_home, script)
    plan = await async_get_engine(demo_home).async_create_plan(
        PlanRequest(intent="turn off the kitchen lights")
    )
    replanned = await async_get_engine(demo_home).async_replan(
        plan.plan_id, "test", None
    )
    assert replanned.task_spec.proposed_by is None
    assert script.asked == []


async def test_ai_task_entity_is_asked_without_tools(demo_home: HomeAssistant) -> None:
    """Where the release has AI Task, an AI Task entity may be the model (2026.2)."""
    pytest.importorskip("homeassistant.components.ai_task")
    script = Script(answer=KITCHEN_ON)  # data it generated already structured
    agent_id = await async_add_agent(
        demo_home, iot_class=LOCAL, script=script, ai_task=True
    )
    assert agent_id == "ai_task.llm_agent"
    assert async_usable_agents(demo_home)[agent_id].local is True
    await async_setup_orchestration(
        demo_home, **{CONF_LLM_FALLBACK: True, CONF_LLM_AGENT: agent_id}
    )
    plan = await create(demo_home, NOT_UNDERSTOOD)
    (asked,) = script.asked
    assert asked["llm_api"] is None
    assert asked["instructions"].endswith(
        f'The request (language en): "{NOT_UNDERSTOOD}"'
    )
    assert plan["task_spec"]["goals"] == goals_of(KITCHEN_ON)
    assert plan["task_spec"]["proposed_by"]["agent_id"] == agent_id
    # Its text answer is read like a conversation agent's.
    script.answer = proposal(KITCHEN_ON)
    again = await create(demo_home, NOT_UNDERSTOOD)
    assert again["task_spec"]["proposed_by"]["agent_id"] == agent_id


async def test_no_ai_task_before_it_exists(demo_home: HomeAssistant) -> None:
    """Without the AI Task action (2025.4), only conversation agents are offered."""
    demo_home.states.async_set("ai_task.stray", "unknown", {"supported_features": 1})
    if demo_home.services.has_service("ai_task", "generate_data"):
        pytest.skip("this release has AI Task")
    assert "ai_task.stray" not in async_usable_agents(demo_home)


async def test_options_reload_with_the_fallback(demo_home: HomeAssistant) -> None:
    """Turning the fallback on in the options takes effect after the reload."""
    script = Script(answer=proposal(KITCHEN_ON))
    agent_id = await async_add_agent(demo_home, iot_class=LOCAL, script=script)
    entry: MockConfigEntry = await async_setup_orchestration(demo_home)
    assert (await create(demo_home, NOT_UNDERSTOOD))["status"] == "infeasible"
    demo_home.config_entries.async_update_entry(
        entry,
        options={**entry.options, CONF_LLM_FALLBACK: True, CONF_LLM_AGENT: agent_id},
    )
    await settle(demo_home)
    assert demo_home.config_entries.async_entries(DOMAIN)[0].options[CONF_LLM_FALLBACK]
    plan = await create(demo_home, NOT_UNDERSTOOD)
    assert plan["task_spec"]["proposed_by"]["agent_id"] == agent_id
