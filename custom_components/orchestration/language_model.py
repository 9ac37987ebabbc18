"""The optional language model fallback: ask a model the user has; check its answer.

Off by default. When the owner turns it on (options, *Language model*) and picks an
agent, a request that neither the grammar nor the interpretation layer understood is
given to that agent, which proposes a TaskSpec; the proposal is checked against the
home and then planned and gated like any other (``core.intake.fallback`` says when
and what, ``core.intake.proposal`` how an answer is checked).

An agent is usable when it cannot act on the home itself, so that nothing it does
escapes the policy gate:

- a conversation agent (``conversation.*`` entity) that does not declare
  ``ConversationEntityFeature.CONTROL``: an agent with "Control Home Assistant"
  (an LLM API) has tools that act directly, and Home Assistant's own agent is one;
- an AI Task entity (``ai_task.*``, Home Assistant 2025.8 and later) that generates
  data; it is asked through the ``ai_task.generate_data`` action without an LLM API,
  so it has no tools.

An agent is local when its integration's manifest says it runs in the home
(``iot_class`` local, as the context puller reads devices); anything else, unknown
included, is a cloud service. Asking is bounded by the timeout option; an agent that
fails, is slow or is gone leaves the request unresolved with the reason, never raises.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import partial
import logging
from typing import TYPE_CHECKING, Any, Final

from homeassistant.components import conversation
from homeassistant.const import ATTR_SUPPORTED_FEATURES, STATE_UNAVAILABLE
from homeassistant.core import Context, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er, intent
from homeassistant.loader import IntegrationNotLoaded, async_get_loaded_integration

from .context import LOCAL_IOT_CLASSES
from .core.intake.fallback import (
    accept,
    cloud_objection,
    failed_note,
    instructions,
    needs_language_model,
    not_asked_note,
    noted,
    request_text,
    stored_proposal,
    timeout_note,
    trigger_objection,
)
from .core.intake.proposal import check_proposal, read_proposal, refusal_detail
from .core.models import ProposedBy, TaskSpec, TriggerType

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from .core.intake import IntentTranslator
    from .core.models import ContextSnapshot, PlanRecord
    from .options import Options

_LOGGER = logging.getLogger(__name__)

AI_TASK_DOMAIN: Final = "ai_task"
AI_TASK_GENERATE_DATA: Final = "generate_data"
# ``AITaskEntityFeature.GENERATE_DATA`` (the module is missing before 2025.8).
AI_TASK_FEATURE_GENERATE_DATA: Final = 1
AI_TASK_NAME: Final = "Orchestration: understand a request"


@dataclass(frozen=True, slots=True)
class Agent:
    """A language model Orchestration may ask."""

    agent_id: str
    name: str
    local: bool
    ai_task: bool

    @property
    def proposer(self) -> ProposedBy:
        """How a TaskSpec it proposed names it."""
        return ProposedBy(agent_id=self.agent_id, name=self.name, local=self.local)


@callback
def async_usable_agents(hass: HomeAssistant) -> dict[str, Agent]:
    """The agents that may be asked now, by entity id (see the module doc)."""
    agents: dict[str, Agent] = {}
    kinds: list[tuple[str, int, bool]] = [
        (conversation.DOMAIN, conversation.ConversationEntityFeature.CONTROL, False)
    ]
    if hass.services.has_service(AI_TASK_DOMAIN, AI_TASK_GENERATE_DATA):
        kinds.append((AI_TASK_DOMAIN, AI_TASK_FEATURE_GENERATE_DATA, True))
    for domain, feature, ai_task in kinds:
        for state in hass.states.async_all(domain):
            if state.state == STATE_UNAVAILABLE:
                continue
            features = int(state.attributes.get(ATTR_SUPPORTED_FEATURES) or 0)
            # A conversation agent must lack CONTROL; an AI Task entity must have
            # GENERATE_DATA.
            if bool(features & feature) is not ai_task:
                continue
            agents[state.entity_id] = Agent(
                agent_id=state.entity_id,
                name=state.name,
                local=_async_is_local(hass, state.entity_id),
                ai_task=ai_task,
            )
    return agents


@callback
def _async_is_local(hass: HomeAssistant, entity_id: str) -> bool:
    """Whether the integration behind an entity says it runs in the home."""
    entry = er.async_get(hass).async_get(entity_id)
    if entry is None:
        return False
    try:
        integration = async_get_loaded_integration(hass, entry.platform)
    except IntegrationNotLoaded:
        return False
    return integration.iot_class in LOCAL_IOT_CLASSES


class AgentError(Exception):
    """The agent answered, but with an error instead of a proposal."""


class LanguageModelFallback:
    """The pipeline's step between translation and planning (see the module doc)."""

    def __init__(
        self, hass: HomeAssistant, options: Options, translator: IntentTranslator
    ) -> None:
        """Ask the agent ``options`` name; judge requests with ``translator``."""
        self._hass = hass
        self._options = options
        self._translator = translator

    async def async_understand(
        self,
        task: TaskSpec,
        *,
        user_id: str | None,
        snapshot: ContextSnapshot,
        now: datetime,
        replaces: PlanRecord | None = None,
    ) -> TaskSpec:
        """``task``, or the language model's proposal when it may be asked for one.

        It may when neither layer understood ``task`` and the options, the request's
        trigger and its privacy allow; ``unresolved`` says why it was not asked or
        its answer is not used.
        """
        if not needs_language_model(task):
            return task
        if task.trigger_type is TriggerType.REPLAN:
            return await self._async_check_again(task, snapshot, replaces)
        options = self._options
        if not options.llm_fallback or not options.llm_agent:
            return task
        agent = async_usable_agents(self._hass).get(options.llm_agent)
        if agent is None:
            return noted(
                task, not_asked_note("intake.model.unavailable", options.llm_agent)
            )
        if (objection := trigger_objection(task.trigger_type)) is not None:
            return noted(task, not_asked_note(objection, agent.name))
        if not agent.local:
            mentioned = await self._async_run(
                partial(
                    self._translator.mentioned_privacy_class,
                    task.intent,
                    language=task.language,
                    snapshot=snapshot,
                )
            )
            if (objection := cloud_objection(task, mentioned)) is not None:
                return noted(task, not_asked_note(objection, agent.name))
        told = await self._async_run(
            partial(instructions, snapshot, now, cloud=not agent.local)
        )
        try:
            async with asyncio.timeout(options.llm_timeout_s):
                answer = await self._async_ask(agent, task, told, user_id)
        except TimeoutError:
            return noted(task, timeout_note(agent.name, options.llm_timeout_s))
        except Exception as err:  # noqa: BLE001 - whatever the agent does, plan on
            _LOGGER.debug("Language model %s failed", agent.agent_id, exc_info=True)
            return noted(task, failed_note(agent.name, str(err) or type(err).__name__))
        checked = await self._async_run(
            partial(
                read_proposal,
                answer,
                text=task.intent,
                language=task.language,
                snapshot=snapshot,
                trigger_type=task.trigger_type,
            )
        )
        if not checked.goals:
            _LOGGER.debug(
                "Language model %s: answer refused: %s",
                agent.agent_id,
                [refusal_detail(note) for note in checked.unresolved],
            )
        return accept(checked, task, agent.proposer, snapshot)

    async def _async_check_again(
        self, task: TaskSpec, snapshot: ContextSnapshot, replaces: PlanRecord | None
    ) -> TaskSpec:
        """A replan of a plan a model proposed: its proposal, checked again.

        The model is not asked again: its answer could differ from the plan that was
        accepted, and a replan happens with nobody watching.
        """
        if replaces is None or (proposer := replaces.task_spec.proposed_by) is None:
            return task
        checked = await self._async_run(
            partial(
                check_proposal,
                stored_proposal(replaces.task_spec),
                text=task.intent,
                language=task.language,
                snapshot=snapshot,
                trigger_type=task.trigger_type,
            )
        )
        return accept(checked, task, proposer, snapshot)

    async def _async_ask(
        self, agent: Agent, task: TaskSpec, told: str, user_id: str | None
    ) -> Any:
        """The agent's answer: its text, or the data an AI Task generated."""
        context = Context(user_id=user_id)
        if agent.ai_task:
            response = await self._hass.services.async_call(
                AI_TASK_DOMAIN,
                AI_TASK_GENERATE_DATA,
                {
                    "task_name": AI_TASK_NAME,
                    "entity_id": agent.agent_id,
                    "instructions": f"{told}\n{request_text(task.intent, task.language)}",
                },
                blocking=True,
                context=context,
                return_response=True,
            )
            return (response or {}).get("data")
        result = await conversation.async_converse(
            self._hass,
            text=task.intent,
            conversation_id=None,
            context=context,
            language=task.language,
            agent_id=agent.agent_id,
            extra_system_prompt=told,
        )
        speech = result.response.speech.get("plain", {}).get("speech")
        if result.response.response_type is intent.IntentResponseType.ERROR:
            raise AgentError(speech or "error")
        return speech

    async def _async_run[T](self, job: Callable[[], T]) -> T:
        """Reading the home and the answer is CPU work: off the event loop."""
        return await self._hass.async_add_executor_job(job)
