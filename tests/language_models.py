"""Fake language models in a test hass: a conversation agent and an AI Task entity.

Each is an entity of its own small integration, whose manifest says where it runs
(``iot_class``), as a real agent's integration does. What it answers is set per test:
a text, data, an exception, or a delay; what it was asked is kept.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from homeassistant.components import conversation
from homeassistant.config_entries import ConfigFlow
from homeassistant.core import HomeAssistant
from homeassistant.helpers import intent
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockModule,
    MockPlatform,
    mock_integration,
    mock_platform,
)

if TYPE_CHECKING:
    from homeassistant.config_entries import ConfigEntry
    from homeassistant.helpers.entity_platform import AddEntitiesCallback

LOCAL = "local_polling"
CLOUD = "cloud_polling"
# The integration the fake agents belong to (``mock_config_flow`` it with FakeFlow).
FAKE_DOMAIN = "llm"


class FakeFlow(ConfigFlow):
    """The config flow a config entry of the fake integration needs to exist."""


@dataclass
class Script:
    """What a fake model answers, and what it was asked."""

    answer: Any = '{"goals": []}'
    # Raised instead of answering; seconds to take first.
    error: Exception | None = None
    delay: float = 0.0
    # The conversation agent answers with an error response instead.
    error_response: bool = False
    asked: list[dict[str, Any]] = field(default_factory=list)

    async def respond(self, asked: dict[str, Any]) -> Any:
        self.asked.append(asked)
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.error is not None:
            raise self.error
        return self.answer


class FakeConversationAgent(conversation.ConversationEntity):
    """A conversation agent that answers what its script says."""

    _attr_has_entity_name = True

    def __init__(self, name: str, script: Script, *, control: bool) -> None:
        self._attr_name = name
        self._attr_unique_id = name
        self.script = script
        if control:
            self._attr_supported_features = (
                conversation.ConversationEntityFeature.CONTROL
            )

    @property
    def supported_languages(self) -> Literal["*"]:
        return "*"

    async def async_process(
        self, user_input: conversation.ConversationInput
    ) -> conversation.ConversationResult:
        answer = await self.script.respond(
            {
                "text": user_input.text,
                "language": user_input.language,
                "extra_system_prompt": user_input.extra_system_prompt,
                "user_id": user_input.context.user_id,
            }
        )
        response = intent.IntentResponse(language=user_input.language)
        if self.script.error_response:
            response.async_set_error(intent.IntentResponseErrorCode.UNKNOWN, answer)
        else:
            response.async_set_speech(answer)
        return conversation.ConversationResult(response=response)


async def async_add_agent(
    hass: HomeAssistant,
    *,
    iot_class: str,
    script: Script,
    control: bool = False,
    ai_task: bool = False,
) -> str:
    """Set up the fake integration with one agent; return the agent's entity id."""
    domain = FAKE_DOMAIN
    platform = "ai_task" if ai_task else conversation.DOMAIN
    assert await async_setup_component(hass, platform, {})

    async def async_setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
        await hass.config_entries.async_forward_entry_setups(entry, [platform])
        return True

    async def async_setup_platform_entry(
        hass: HomeAssistant, entry: ConfigEntry, add: AddEntitiesCallback
    ) -> None:
        name = f"{domain} agent"
        add(
            [
                _ai_task_entity(name, script)
                if ai_task
                else FakeConversationAgent(name, script, control=control)
            ]
        )

    mock_integration(
        hass,
        MockModule(
            domain,
            async_setup_entry=async_setup_entry,
            partial_manifest={"iot_class": iot_class},
        ),
    )
    mock_platform(hass, f"{domain}.config_flow")
    mock_platform(
        hass,
        f"{domain}.{platform}",
        MockPlatform(async_setup_entry=async_setup_platform_entry),
    )
    entry = MockConfigEntry(domain=domain, title=domain)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return f"{platform}.{domain}_agent"


def _ai_task_entity(name: str, script: Script) -> Any:
    """An AI Task entity that generates data as its script says (2025.8 and later)."""
    from homeassistant.components import ai_task

    class FakeAITask(ai_task.AITaskEntity):
        _attr_has_entity_name = True
        _attr_supported_features = ai_task.AITaskEntityFeature.GENERATE_DATA

        def __init__(self) -> None:
            self._attr_name = name
            self._attr_unique_id = name

        async def _async_generate_data(
            self, task: ai_task.GenDataTask, chat_log: conversation.ChatLog
        ) -> ai_task.GenDataTaskResult:
            data = await script.respond(
                {
                    "task_name": task.name,
                    "instructions": task.instructions,
                    "llm_api": task.llm_api,
                }
            )
            return ai_task.GenDataTaskResult(
                conversation_id=chat_log.conversation_id, data=data
            )

    return FakeAITask()
