"""Assist glue: plan, preview, approve and cancel by voice.

The sentences of ``assist_sentences/`` are registered with Home Assistant's default
conversation agent as one *sentence trigger*, the mechanism behind the ``conversation``
automation trigger. We attach it through ``helpers.trigger.async_initialize_triggers``
with a ``{"platform": "conversation", "command": [...]}`` config:

- that config and the answer contract (an action returning a ``ScriptRunResult`` whose
  ``conversation_response`` is spoken) are the same in 2025.4 and 2026.2, while the
  registration call behind it moved (``DefaultAgent.register_trigger(sentences, cb)`` in
  2025.4, ``AgentManager.register_trigger(TriggerDetails(...))`` in 2026.2);
- sentence triggers are tried before the built-in intents and, in an Assist pipeline,
  also before an LLM agent, so the sentences work through any pipeline;
- nothing is written into the user's configuration directory (custom intents of the
  default agent could only come from ``<config>/custom_sentences`` or
  ``configuration.yaml``).

Because triggers are tried first, the templates only cover orchestration-style requests
(goals, schedules, constraints, plans, previews, decisions); device commands such as
"turn on the kitchen light" never match and stay with Home Assistant's own intents.
"""

from __future__ import annotations

from collections import defaultdict
import logging
from typing import TYPE_CHECKING, Any

from homeassistant.const import CONF_COMMAND, CONF_PLATFORM
from homeassistant.core import CALLBACK_TYPE, Context, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.script import ScriptRunResult
from homeassistant.helpers.trigger import (
    async_initialize_triggers,
    async_validate_trigger_config,
)

from .assist_sentences import (
    Command,
    CommandKind,
    LanguageSentences,
    SentenceMatcher,
    load_sentences,
    primary_language,
)
from .const import DOMAIN, TITLE
from .core.explainer import Reader, restate
from .core.intake.clarify import question
from .core.lifecycle import ACTIVE
from .core.models import PlanRecord, PlanStatus
from .core.texts import has, text
from .engine import async_get_engine
from .plans import reasons
from .request import PlanRequest

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .runtime import OrchestrationConfigEntry

_LOGGER = logging.getLogger(__name__)

CONVERSATION_DOMAIN = "conversation"
FALLBACK_LANGUAGE = "en"

# Which response answers a freshly made plan, by its status.
_STATUS_RESPONSE = {
    PlanStatus.PREVIEW: "preview",
    PlanStatus.PENDING_APPROVAL: "pending_approval",
    PlanStatus.SCHEDULED: "scheduled",
    PlanStatus.RUNNING: "running",
    PlanStatus.COMPLETED: "completed",
    PlanStatus.REJECTED: "rejected",
    PlanStatus.INFEASIBLE: "infeasible",
}


async def async_setup_assist(
    hass: HomeAssistant, entry: OrchestrationConfigEntry
) -> CALLBACK_TYPE:
    """Listen for orchestration sentences; the returned callback stops listening."""
    languages = await hass.async_add_executor_job(load_sentences)
    handler = AssistHandler(hass, SentenceMatcher(languages))
    if CONVERSATION_DOMAIN not in hass.config.components:
        _LOGGER.debug("Conversation is not loaded: Assist sentences not registered")
        return _nothing
    config = await async_validate_trigger_config(
        hass,
        [
            {
                CONF_PLATFORM: CONVERSATION_DOMAIN,
                CONF_COMMAND: handler.matcher.all_templates(),
            }
        ],
    )
    remove = await async_initialize_triggers(
        hass,
        config,
        handler.async_trigger_action,
        DOMAIN,
        f"{TITLE} Assist ({entry.title})",
        _log,
    )
    return remove or _nothing


@callback
def _nothing() -> None:
    """Nothing to undo."""


def _log(level: int, msg: str, **kwargs: Any) -> None:
    _LOGGER.log(level, "%s Assist sentences", msg, **kwargs)


@callback
def async_caller_area_id(
    hass: HomeAssistant, device_id: str | None, satellite_id: str | None = None
) -> str | None:
    """Area of the satellite entity or device a request came from, if known."""
    if satellite_id and (entity := er.async_get(hass).async_get(satellite_id)):
        if entity.area_id:
            return entity.area_id
        device_id = entity.device_id or device_id
    if device_id and (device := dr.async_get(hass).async_get(device_id)):
        return device.area_id
    return None


class AssistHandler:
    """Answers orchestration sentences through the engine."""

    def __init__(self, hass: HomeAssistant, matcher: SentenceMatcher) -> None:
        """Keep the matcher of the loaded sentence files."""
        self.hass = hass
        self.matcher = matcher

    async def async_trigger_action(
        self, run_variables: Mapping[str, Any], context: Context | None = None
    ) -> ScriptRunResult:
        """Sentence trigger fired: answer with what the engine did."""
        trigger: Mapping[str, Any] = run_variables["trigger"]
        user_input: Mapping[str, Any] = trigger.get("user_input") or {}
        user_id = (user_input.get("context") or {}).get("user_id")
        speech = await self.async_answer(
            str(trigger["sentence"]),
            language=user_input.get("language") or self.hass.config.language,
            user_id=user_id,
            area_id=async_caller_area_id(
                self.hass, trigger.get("device_id"), trigger.get("satellite_id")
            ),
        )
        return ScriptRunResult(
            conversation_response=speech, service_response=None, variables={}
        )

    async def async_answer(
        self,
        text: str,
        *,
        language: str,
        user_id: str | None,
        area_id: str | None = None,
    ) -> str:
        """Act on an orchestration sentence and say what happened."""
        command = self.matcher.match(text, language) or Command(
            kind=CommandKind.PLAN,
            language=self._language(language).language,
            text=text,
        )
        words = self._language(command.language)
        try:
            return await self._async_act(command, words, user_id, area_id)
        except HomeAssistantError as err:
            return _refusal(words, err)

    def _language(self, language: str | None) -> LanguageSentences:
        languages = self.matcher.languages
        return languages.get(primary_language(language) or "") or languages.get(
            FALLBACK_LANGUAGE, next(iter(languages.values()))
        )

    async def _async_act(
        self,
        command: Command,
        words: LanguageSentences,
        user_id: str | None,
        area_id: str | None,
    ) -> str:
        engine = async_get_engine(self.hass)
        reader = await engine.async_reader(user_id)
        if command.kind in (CommandKind.PLAN, CommandKind.PREVIEW):
            preview = command.kind is CommandKind.PREVIEW
            request = PlanRequest.from_fields(
                {
                    "intent": command.intent or command.text,
                    "language": command.language,
                },
                user_id=user_id,
                preview=preview,
                area_id=area_id,
            )
            if preview:
                record = await engine.async_preview_plan(request)
            else:
                record = await engine.async_create_plan(request)
            if (asked := _question(record)) is not None:
                return asked
            if preview:
                return _say(words, "preview", record, reader)
            key = _STATUS_RESPONSE.get(record.status, "created")
            return _say(words, key, record, reader)
        if command.kind is CommandKind.CANCEL:
            records = [
                record
                for record in engine.list_plans()
                if record.status in ACTIVE and record.user_id == user_id
            ]
            if not records:
                return _say(words, "no_active_plan")
            record = await engine.async_cancel(records[0].plan_id, user_id)
            return _say(words, "cancelled", record, reader)
        pending = engine.list_plans(PlanStatus.PENDING_APPROVAL)
        own = [record for record in pending if record.user_id == user_id]
        approvable = [
            record
            for record in pending
            if await engine.async_can_approve(record.plan_id, user_id)
        ]
        if command.kind is CommandKind.APPROVE:
            # A requester never clears their own approval (that is what it is for), so
            # an approver's "approve the plan" means the newest plan they may approve;
            # without one, the user's own plan gets the engine's refusal.
            if not (targets := approvable or own):
                return _say(words, "no_pending_plan")
            record = await engine.async_approve(targets[0].plan_id, user_id)
            return _say(words, "approved", record, reader)
        if not (targets := own or approvable):
            return _say(words, "no_pending_plan")
        record = await engine.async_reject(
            targets[0].plan_id, user_id, reasons.REJECTED_THROUGH_ASSIST
        )
        return _say(words, "plan_rejected", record, reader)


def _question(record: PlanRecord) -> str | None:
    """What to ask back when nothing could be planned because something is unclear."""
    if record.plan.steps:
        return None
    return question(record.task_spec.unresolved, record.task_spec.language)


def _say(
    words: LanguageSentences,
    key: str,
    record: PlanRecord | None = None,
    reader: Reader | None = None,
) -> str:
    """The response ``key`` about ``record``, as the speaker (``reader``) reads it."""
    values: dict[str, str] = {}
    if record is not None:
        values = {
            "summary": record.explanation.summary,
            "consent": restate(record, reader or Reader()).consent,
        }
    return _fill(words.responses.get(key, key), values)


def _refusal(words: LanguageSentences, err: HomeAssistantError) -> str:
    values = {
        key: str(value) for key, value in (err.translation_placeholders or {}).items()
    }
    # A trust tier is a word of the speaker's language, not its code.
    if has(tier := f"tiers.{values.get('tier')}"):
        values["tier"] = text(tier, words.language)
    values["error"] = str(err)
    template = words.errors.get(err.translation_key or "")
    return _fill(template or words.errors.get("default") or "{error}", values)


def _fill(template: str, values: Mapping[str, str]) -> str:
    """Fill ``{placeholders}``; a missing one becomes empty instead of failing."""
    return " ".join(template.format_map(defaultdict(str, values)).split())
