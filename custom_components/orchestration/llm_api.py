"""LLM API: lets any LLM conversation agent plan through Orchestration, safely.

Registered with ``homeassistant.helpers.llm`` under the id ``orchestration``. The tools
preview a plan, create one, read plans and put a plan before the household's approval
gate. None of them approves: a plan that needs approval stays ``pending_approval`` until
a person whose trust tier allows it approves it (notification, dashboard card, the
``approve_plan`` service or "approve the plan" in Assist). Tools act as the user of the
conversation, so the policy gate sees the same caller as for a service call, and they
read only that user's plans (none without a user): what a model is told may leave the
home.

Only ``LLMContext.context``, ``.language`` and ``.device_id`` are read: they exist in
2025.4 and 2026.2 alike (``user_prompt`` was dropped in between, ``ToolInput`` gained
``external``; neither is used here).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import config_validation as cv, llm
import voluptuous as vol

from .assist import async_caller_area_id
from .const import DOMAIN, TITLE
from .core.explainer import Reader, restate
from .core.models import PlanRecord, PlanStatus, Strategy
from .core.texts import text
from .engine import async_get_engine
from .request import (
    DEFAULT_LIST_LIMIT,
    INTENT,
    LIST_LIMIT,
    PREFERENCES,
    TRIGGER_TYPE,
    PlanQuery,
    PlanRequest,
)

if TYPE_CHECKING:
    from homeassistant.util.json import JsonObjectType

    from .runtime import OrchestrationConfigEntry

API_PROMPT = (
    "Use the Orchestration tools for requests that need a plan rather than a single "
    "device command: goals (optimize energy, secure the home, precondition a room), "
    "schedules and constraints (run the dishwasher when power is cheapest before "
    "7am, only when nobody is home, quietly, locally). Call preview_plan first when "
    "the user asks what would happen, and tell them the summary. create_plan runs "
    "or schedules the plan only when policy allows it. When a plan's status is "
    "pending_approval, say that it waits for approval by a household member: you "
    "cannot approve it, and you must never claim it was approved or done. Use "
    "request_approval to put a previewed plan before the approval gate, get_plan "
    "and list_plans to report status."
)

_STRATEGY = vol.In([strategy.value for strategy in Strategy])
_INTENT_PARAMETERS = vol.Schema(
    {
        vol.Required(
            "intent",
            description="What the user wants, in their own words and language",
        ): INTENT,
        vol.Optional(
            "strategy",
            description="What the plan optimises for; omit for the default",
        ): _STRATEGY,
        vol.Optional(
            "area_id",
            description="Area the request is about when the user said 'here'",
        ): cv.string,
        vol.Optional(
            "preferences",
            description=(
                "Only what the user asked for: privacy_first (true/false), "
                "cost_budget (money), latency_budget_ms"
            ),
        ): PREFERENCES,
    }
)
_PLAN_ID_PARAMETERS = vol.Schema(
    {vol.Required("plan_id", description="The plan_id a tool returned"): cv.string}
)


def plan_result(record: PlanRecord, reader: Reader) -> JsonObjectType:
    """Describe a plan for the LLM, as the user of the conversation reads it."""
    result: JsonObjectType = {
        "plan_id": record.plan_id,
        "status": record.status.value,
        "intent": record.task_spec.intent,
        "summary": record.explanation.summary,
        "steps": list(record.explanation.steps),
        "waits_for_approval": record.status is PlanStatus.PENDING_APPROVAL,
        "policy_decision": record.policy.decision.value,
        "policy_reasons": list(record.policy.reasons),
        "required_scopes": list(record.policy.required_scopes),
        "estimated_cost": record.plan.estimated_cost,
        "cost": record.explanation.cost,
        "privacy": record.explanation.privacy,
        "consent": restate(record, reader).consent,
        "unresolved": list(record.task_spec.unresolved),
    }
    if record.status is PlanStatus.PENDING_APPROVAL:
        result["note"] = text("llm.approval_note", record.task_spec.language)
    return result


async def _result(
    hass: HomeAssistant, record: PlanRecord, llm_context: llm.LLMContext
) -> JsonObjectType:
    """The plan as the tool's caller reads it."""
    engine = async_get_engine(hass)
    return plan_result(record, await engine.async_reader(_user_id(llm_context)))


def _user_id(llm_context: llm.LLMContext) -> str | None:
    return None if llm_context.context is None else llm_context.context.user_id


def _request(
    hass: HomeAssistant, args: dict[str, Any], llm_context: llm.LLMContext
) -> PlanRequest:
    area_id = args.get("area_id") or async_caller_area_id(hass, llm_context.device_id)
    return PlanRequest.from_fields(
        {**args, "language": llm_context.language},
        user_id=_user_id(llm_context),
        area_id=area_id,
    )


class _OrchestrationTool(llm.Tool):
    """A tool whose arguments are checked against its parameters before it acts.

    Home Assistant passes the model's arguments as they come; a bad one is refused
    here with the field named (the agent tells the model), never a crash.
    """

    async def async_call(
        self,
        hass: HomeAssistant,
        tool_input: llm.ToolInput,
        llm_context: llm.LLMContext,
    ) -> JsonObjectType:
        """Check the arguments, then act."""
        return await self._async_act(
            hass, self.parameters(tool_input.tool_args), llm_context
        )

    async def _async_act(
        self, hass: HomeAssistant, args: dict[str, Any], llm_context: llm.LLMContext
    ) -> JsonObjectType:
        raise NotImplementedError


class PreviewPlanTool(_OrchestrationTool):
    """Plan without running or notifying anything."""

    name = "preview_plan"
    description = (
        "Show what Orchestration would do for a request, step by step, with cost and "
        "policy, without running anything or notifying anyone."
    )
    parameters = _INTENT_PARAMETERS

    async def _async_act(
        self, hass: HomeAssistant, args: dict[str, Any], llm_context: llm.LLMContext
    ) -> JsonObjectType:
        """Preview the plan."""
        engine = async_get_engine(hass)
        record = await engine.async_preview_plan(_request(hass, args, llm_context))
        return await _result(hass, record, llm_context)


class CreatePlanTool(_OrchestrationTool):
    """Plan and pass the policy gate; runs only when policy allows."""

    name = "create_plan"
    description = (
        "Create a plan for a request. It runs or is scheduled only when policy allows; "
        "otherwise it waits for approval by a household member (status "
        "pending_approval) or is rejected."
    )
    parameters = _INTENT_PARAMETERS

    async def _async_act(
        self, hass: HomeAssistant, args: dict[str, Any], llm_context: llm.LLMContext
    ) -> JsonObjectType:
        """Create the plan."""
        engine = async_get_engine(hass)
        record = await engine.async_create_plan(_request(hass, args, llm_context))
        return await _result(hass, record, llm_context)


class GetPlanTool(_OrchestrationTool):
    """Read one plan."""

    name = "get_plan"
    description = "Read the status, summary and steps of a plan."
    parameters = _PLAN_ID_PARAMETERS

    async def _async_act(
        self, hass: HomeAssistant, args: dict[str, Any], llm_context: llm.LLMContext
    ) -> JsonObjectType:
        """Return the plan, if it is the conversation user's."""
        record = await async_get_engine(hass).async_read_plan(
            args["plan_id"], _user_id(llm_context), through_llm=True
        )
        return await _result(hass, record, llm_context)


class ListPlansTool(_OrchestrationTool):
    """Read recent plans."""

    name = "list_plans"
    description = (
        "List recent plans, newest first, optionally only those of one status or "
        "trigger type. Previews are left out unless asked for."
    )
    parameters = vol.Schema(
        {
            vol.Optional("status", description="Only plans of this status"): vol.In(
                [status.value for status in PlanStatus]
            ),
            vol.Optional(
                "trigger_type", description="Only plans started this way"
            ): TRIGGER_TYPE,
            vol.Optional(
                "limit",
                description=f"At most this many plans (default {DEFAULT_LIST_LIMIT})",
            ): LIST_LIMIT,
            vol.Optional(
                "include_previews", description="Also list previews"
            ): cv.boolean,
        }
    )

    async def _async_act(
        self, hass: HomeAssistant, args: dict[str, Any], llm_context: llm.LLMContext
    ) -> JsonObjectType:
        """Return summaries of the conversation user's plans."""
        records = PlanQuery.from_fields(args).select(
            await async_get_engine(hass).async_readable_plans(
                _user_id(llm_context), through_llm=True
            )
        )
        return {"plans": [record.as_summary() for record in records]}


class RequestApprovalTool(_OrchestrationTool):
    """Put a plan before the approval gate; never approves."""

    name = "request_approval"
    description = (
        "Ask the household to approve a plan. For a previewed plan this submits the "
        "same request for real: policy decides whether it runs or waits for approval. "
        "For a plan already waiting, it reports who must approve. Never approves."
    )
    parameters = _PLAN_ID_PARAMETERS

    async def _async_act(
        self, hass: HomeAssistant, args: dict[str, Any], llm_context: llm.LLMContext
    ) -> JsonObjectType:
        """Submit a preview, or report a pending plan; raise for anything else."""
        engine = async_get_engine(hass)
        record = await engine.async_read_plan(
            args["plan_id"], _user_id(llm_context), through_llm=True
        )
        if record.status is PlanStatus.PREVIEW:
            submitted = await engine.async_create_plan(
                PlanRequest.again(record, user_id=_user_id(llm_context))
            )
            return {
                **await _result(hass, submitted, llm_context),
                "from_preview": record.plan_id,
            }
        if record.status is not PlanStatus.PENDING_APPROVAL:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="plan_not_pending",
                translation_placeholders={
                    "plan_id": record.plan_id,
                    "status": record.status.value,
                },
            )
        return {
            **await _result(hass, record, llm_context),
            "missing_scopes": list(record.policy.missing_scopes),
            "user_can_approve_in_home_assistant": await engine.async_can_approve(
                record.plan_id, _user_id(llm_context)
            ),
        }


class OrchestrationAPI(llm.API):
    """The Orchestration LLM API."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Name the API."""
        super().__init__(hass=hass, id=DOMAIN, name=TITLE)

    async def async_get_api_instance(
        self, llm_context: llm.LLMContext
    ) -> llm.APIInstance:
        """Return the tools for one conversation."""
        return llm.APIInstance(
            api=self,
            api_prompt=API_PROMPT,
            llm_context=llm_context,
            tools=[
                PreviewPlanTool(),
                CreatePlanTool(),
                GetPlanTool(),
                ListPlansTool(),
                RequestApprovalTool(),
            ],
        )


@callback
def async_setup_llm_api(
    hass: HomeAssistant, entry: OrchestrationConfigEntry
) -> CALLBACK_TYPE:
    """Register the API; the returned callback unregisters it."""
    return llm.async_register_api(hass, OrchestrationAPI(hass))
