"""Helpers for tests that drive a real hass: service calls, settling, reading results."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import llm

from custom_components.orchestration.const import DOMAIN


async def call(
    hass: HomeAssistant,
    service: str,
    data: dict[str, Any],
    *,
    user_id: str | None = None,
) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN,
        service,
        data,
        blocking=True,
        return_response=True,
        context=Context(user_id=user_id),
    )
    assert isinstance(response, dict)
    return response


def script_calls(sequence: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """Every (action, entity ids) a script config calls, however deeply nested."""
    calls: list[tuple[str, list[str]]] = []
    for item in sequence:
        if "action" in item:
            calls.append((item["action"], item.get("target", {}).get("entity_id", [])))
        for key in ("then", "else", "default", "sequence"):
            calls.extend(script_calls(item.get(key) or []))
        for option in item.get("choose") or []:
            calls.extend(script_calls(option["sequence"]))
        for branch in item.get("parallel") or []:
            calls.extend(script_calls(branch.get("sequence", [branch])))
    return calls


async def settle(hass: HomeAssistant) -> None:
    await hass.async_block_till_done(wait_background_tasks=True)


def notifications(hass: HomeAssistant) -> list[str]:
    return [
        state.attributes.get("message", "")
        for state in hass.states.async_all("persistent_notification")
    ] + [
        str(item.get("message", ""))
        for item in hass.data.get("persistent_notification", {}).values()
        if isinstance(item, dict)
    ]


_ULID = re.compile(r"\b[0-9A-HJKMNP-TV-Z]{26}\b")
_MOMENT = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}:\d{2}|Z)?"
)
#: Figures that depend on how fast the machine is, not on what was asked.
TIMINGS = frozenset(
    {"planning_time_ms", "average_planning_time", "average_execution_time"}
)


def stable(value: Any, ids: dict[str, str] | None = None) -> Any:
    """``value`` with what differs from run to run made stable, for a snapshot.

    Plan ids become ``<plan 1>``, ``<plan 2>``… in order of appearance, moments
    ``<moment>``, and timing figures ``<timing>``; everything else stays as it is.
    """
    ids = {} if ids is None else ids
    if isinstance(value, dict):
        return {
            key: "<timing>"
            if key in TIMINGS and isinstance(item, int | float)
            else stable(item, ids)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [stable(item, ids) for item in value]
    if isinstance(value, str):

        def plan(match: re.Match[str]) -> str:
            return ids.setdefault(match[0], f"<plan {len(ids) + 1}>")

        return _MOMENT.sub("<moment>", _ULID.sub(plan, value))
    return value


def llm_context(user_id: str | None = None, device_id: str | None = None) -> Any:
    """An LLMContext as a conversation agent builds it, in 2025.4 and in 2026.2."""
    values: dict[str, Any] = {
        "platform": "test",
        "context": Context(user_id=user_id),
        "language": "en",
        "assistant": "conversation",
        "device_id": device_id,
    }
    if "user_prompt" in {item.name for item in dataclasses.fields(llm.LLMContext)}:
        values["user_prompt"] = None
    return llm.LLMContext(**values)


async def call_tool(
    hass: HomeAssistant,
    name: str,
    args: dict[str, Any],
    user_id: str | None = None,
    device_id: str | None = None,
) -> dict[str, Any]:
    """Call a tool as an LLM agent would: API instance, argument check, call."""
    api = await llm.async_get_api(
        hass, "orchestration", llm_context(user_id, device_id)
    )
    tool = next(tool for tool in api.tools if tool.name == name)
    result = await api.async_call_tool(
        llm.ToolInput(tool_name=name, tool_args=tool.parameters(args))
    )
    await hass.async_block_till_done()
    assert isinstance(result, dict)
    return result
