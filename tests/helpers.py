"""Helpers for tests that drive a real hass: service calls, settling, reading results."""

from __future__ import annotations

from typing import Any

from homeassistant.core import Context, HomeAssistant

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
